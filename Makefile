# The newcomer's two commands: `make up` (install what is missing, start everything) and `make test`.
# Every target is idempotent. Node 24 is provided by infra/scripts/ensure-node.sh where the system's is older.
SHELL := /bin/bash
NODE_ENV_SETUP := source infra/scripts/ensure-node.sh

.PHONY: up down status test lint typecheck demo bench-saga bench-messaging infra-up infra-stop

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

## Everything CI checks: install and start what is missing, then lint, typecheck and every test on the real servers.
test:
	@bash infra/scripts/prepare.sh
	@$(NODE_ENV_SETUP) && npx --no nx run-many -t lint typecheck --outputStyle=static
	@bash infra/scripts/run-tests.sh

lint typecheck:
	@$(NODE_ENV_SETUP) && npx --no nx run-many -t $@ --outputStyle=static

## After `make up`, with the repository's Node 24 (a plain `npm run` may find the system's older one).
demo:
	@$(NODE_ENV_SETUP) && npm run demo

bench-saga:
	@$(NODE_ENV_SETUP) && npm run bench:saga

bench-messaging:
	@bash infra/scripts/prepare.sh
	@$(NODE_ENV_SETUP) && npm run bench:messaging
