# PostgreSQL for the storage tests (requests feature): Debian's server binaries, driven by the
# throwaway-cluster fixture in tests/db/pgcluster.py, and the psycopg 3 driver in the py311 env.
PSYCOPG_VERSION := 3.3.9
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

SETUP_TARGETS += postgres

.PHONY: postgres
postgres: $(ENV_STAMP)
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing Debian's postgresql (initdb missing)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; \
	fi
	@$(PY) -c "import psycopg, sys; sys.exit(psycopg.__version__ != '$(PSYCOPG_VERSION)')" 2>/dev/null || \
	  $(PY) -m pip install -q "psycopg[binary]==$(PSYCOPG_VERSION)"
