#!/usr/bin/env bash
# Everything the system needs before a service or a test can run, installed if missing:
# Node 24, PostgreSQL/Redis/Kafka (started), npm dependencies, Prisma clients, migrations, topics.
# Idempotent: a second run only checks.
set -euo pipefail
# shellcheck source=infra/scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
# A developer's overrides (see .env.example); never required.
if [ -f .env ]; then set -a; source .env; set +a; fi

# shellcheck source=infra/scripts/ensure-node.sh
source "$INFRA_SCRIPTS_DIR/ensure-node.sh"
log "node $(node --version), npm $(npm --version 2>/dev/null)"

bash "$INFRA_SCRIPTS_DIR/infra-up.sh"

# npm ci only when the lock file changed since the last install.
stamp="node_modules/.shop-install-stamp"
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

export CHECKPOINT_DISABLE=1
npx --no tsx tools/dev-keys.ts
log "generating Prisma clients"
npx --no tsx tools/prisma-generate.ts
log "applying migrations"
npx --no tsx tools/migrate.ts
log "creating the development admin account (ADMIN_EMAIL / ADMIN_PASSWORD)"
npx --no tsx dev/seed-admin/src/main.ts
log "creating Kafka topics"
# One replica of each service on one machine: one partition per topic (tools/create-topics.ts
# says why more cost; docs/benchmarks.md measures 3 → 1). Existing topics keep their count.
KAFKA_MAX_PARTITIONS=${KAFKA_MAX_PARTITIONS:-1} npx --no tsx tools/create-topics.ts
bash "$INFRA_SCRIPTS_DIR/install-schemathesis.sh"
