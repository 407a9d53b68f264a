# Security (issue 13). `make retention`: delete conversations (Rasa tracker store), question-log rows and old
# log files older than RETENTION_DAYS (default 180) — the gateway also does this at every start; run it daily
# from cron on a long-running deployment. redis-server (rate limits shared through Redis, tests/security) is
# installed by mk/wechat.mk's wechat-redis set-up target.
.PHONY: retention
retention: $(ENV_STAMP)
	$(PY) -m api.services.retention
