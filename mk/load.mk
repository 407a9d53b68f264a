# Load on both profiles in one run (issue 15, item 5): LOAD_USERS simulated WeChat users for LOAD_DURATION_S
# against `make run`'s profile and then `make run-prod`'s, each started on free ports with its own temp folders
# (PostgreSQL, Redis, supervisord, HAProxy for prod) and stopped afterwards; messages/s, p50/p95/p99 reply time,
# share within WeChat's 5 s, share sent as 客服消息, lost, duplicates, CPU per process kind
# (bench/load_profiles.py). Table on stdout, JSON in artifacts/bench/wechat_load_profiles.json; figures and the
# scaling rule in docs/DEPLOY.md. Takes ~15 min on 2 cores (both profiles start, 2 × LOAD_DURATION_S, drain).
.PHONY: bench-load
LOAD_USERS ?= 200
LOAD_DURATION_S ?= 120
LOAD_PROFILES ?= default,prod
bench-load: setup
	@mkdir -p artifacts/bench
	$(PY) -m bench.wechat_load --profiles $(LOAD_PROFILES) --users $(LOAD_USERS) --duration-s $(LOAD_DURATION_S) \
	  $(LOAD_ARGS)
