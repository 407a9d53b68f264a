# Database schema (api/migrations, alembic): `make migrate` brings DATABASE_URL to the newest revision.
# The gateway also migrates at start-up; running it during set-up lets `make run` start on a ready database.
SETUP_TARGETS += migrate

.PHONY: migrate
migrate: $(ENV_STAMP)
	PYTHONPATH=$(ROOT) $(PY) -m api.migrations
