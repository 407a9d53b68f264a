# Production profile (issue 15): `make run-prod` starts PostgreSQL, Redis, 2 action servers, 2 Rasa servers,
# 2 gateway workers and HAProxy on loopback under supervisord (scripts/run_prod.sh, deploy/prod/) and returns
# once http://127.0.0.1:8000/ answers; `make stop-prod` stops all of it. The fault tests (tests/faults: kill -9
# of each kind of process mid-form, restarts of Redis and PostgreSQL) start their own copy on free ports; they
# run in `make test` (test-py runs every tests/ package) and alone with `make test-faults`.
PROD_SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

SETUP_TARGETS += prod-deps

.PHONY: prod-deps run-prod stop-prod status-prod test-faults
prod-deps:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || MISSING=1; \
	 command -v supervisord >/dev/null 2>&1 || MISSING=1; \
	 if [ -n "$$MISSING" ]; then echo "installing Debian's haproxy and supervisor"; \
	   $(PROD_SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(PROD_SUDO) apt-get install -y -qq haproxy supervisor; fi

run-prod: setup
	bash scripts/run_prod.sh start

stop-prod:
	bash scripts/run_prod.sh stop

status-prod:
	bash scripts/run_prod.sh status

test-faults: setup
	$(PYTEST) tests/faults -q -p no:cacheprovider $(PYTEST_ARGS)
