# The newcomer's two commands: `make up` (install what is missing, start everything) and `make test`.
# Every target is idempotent. Node 24 is provided by infra/scripts/ensure-node.sh where the system's is older.
SHELL := /bin/bash
NODE_ENV_SETUP := source infra/scripts/ensure-node.sh

.PHONY: up down status test fuzz lint typecheck format demo bench-saga bench-messaging bench-http infra-up infra-stop

## Install what is missing, start PostgreSQL, Redis, Kafka and the five services, print where they listen.
up:
	@bash infra/scripts/prepare.sh
	@bash infra/scripts/services.sh start
	@echo "Services:"; bash infra/scripts/services.sh status
	@bash infra/scripts/infra-status.sh

## Stop the five services and the servers.
down:
	@bash infra/scripts/services.sh stop
	@bash infra/scripts/infra-stop.sh

status:
	@bash infra/scripts/services.sh status
	@bash infra/scripts/infra-status.sh

## Everything CI checks (the same script as .ci/run and the GitHub workflow): install and start what is
## missing, then actionlint, prettier --check, lint, typecheck and every test against the real servers.
test:
	@bash infra/scripts/test.sh

## schemathesis against every service's API as each role, 10 000 generated requests per service
## (the test command runs 1 000): any 5xx, schema violation or error outside the envelope fails it.
fuzz:
	@bash infra/scripts/prepare.sh
	@bash infra/scripts/fuzz.sh 10000

lint typecheck:
	@$(NODE_ENV_SETUP) && npx --no nx run-many -t $@ --outputStyle=static

## Rewrites every file in the house format (prettier); `make test` only checks it.
format:
	@$(NODE_ENV_SETUP) && npm run format

## After `make up`, with the repository's Node 24 (a plain `npm run` may find the system's older one).
demo:
	@$(NODE_ENV_SETUP) && npm run demo

bench-saga:
	@$(NODE_ENV_SETUP) && npm run bench:saga

bench-http:
	@$(NODE_ENV_SETUP) && npm run bench:http

bench-messaging:
	@bash infra/scripts/prepare.sh
	@$(NODE_ENV_SETUP) && npm run bench:messaging
