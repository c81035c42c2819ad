# syntax=docker/dockerfile:1
# One image per service, all from this file: docker build --build-arg APP=order-service .
# The services run their TypeScript through tsx (no build step), so the image carries the
# sources and the full dependency tree, tsx included.

# Only the package manifests, so the `npm ci` layer below is reused until one changes.
FROM node:24-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \; \
 && cp package-lock.json /manifests/

FROM node:24-slim
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
# the Prisma clients are git-ignored, so the image generates its own
RUN npm run generate

# Declared this late so every layer above is shared by the five images.
ARG APP
RUN test -n "$APP" && test -f "apps/$APP/src/main.ts" \
 || { echo "build with --build-arg APP=<directory under apps/ with src/main.ts>" >&2; exit 1; }
# ARG values are gone at run time; ENV keeps the choice in the image. The services bind
# 127.0.0.1 by default (right on a laptop); in a container they must take outside traffic.
# The production profile: no development defaults, a missing secret stops the service at boot.
ENV APP=${APP} HOST=0.0.0.0 APP_PROFILE=production

# Sources stay owned by root: the service reads its code and never rewrites it.
USER node
# As the apps' `npm start`: instrument.ts loads OpenTelemetry before any driver is imported.
# sh -c only to expand $APP; exec hands PID 1 to node so SIGTERM reaches its shutdown hook.
CMD ["sh", "-c", "exec node --import tsx --import \"./apps/$APP/src/instrument.ts\" \"apps/$APP/src/main.ts\""]
