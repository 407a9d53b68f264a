# WeChat channel (issue 4): redis-server for the Redis-store tests, the WeChat load benchmark.
# tests/wechat runs as part of test-py; `make test-wechat` runs it alone.
WX_SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

SETUP_TARGETS += wechat-redis

.PHONY: wechat-redis test-wechat bench-wechat
wechat-redis:
	@command -v redis-server >/dev/null 2>&1 || { echo "installing Debian's redis-server"; \
	  $(WX_SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(WX_SUDO) apt-get install -y -qq redis-server; }

test-wechat: setup
	$(PYTEST) tests/wechat -q -p no:cacheprovider $(PYTEST_ARGS)

# 50 simulated WeChat users for 60 s against a gateway it starts (stub dialogue) or WECHAT_BENCH_URL.
bench-wechat: $(ENV_STAMP)
	@mkdir -p artifacts/bench
	$(PY) -m bench.wechat_load $(if $(WECHAT_BENCH_URL),--url $(WECHAT_BENCH_URL)) $(WECHAT_BENCH_ARGS)
