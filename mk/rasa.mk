# Rasa dialogue (issue 3): py310 env, cached model, tests.  Included by the root Makefile.
RASA := $(RVENV)/bin/rasa
RASA_REQ_HASH := $(shell sha256sum requirements-rasa.txt | cut -c1-16)
RASA_ENV_STAMP := $(RVENV)/.installed-$(RASA_REQ_HASH)
# The model depends on config.yml, bot/** (minus test stories, runtime endpoint files and the REST channel's
# code, bot/*.py) and knowledge/dict/**.
RASA_INPUTS := config.yml $(shell find bot knowledge/dict -type f -not -path 'bot/tests/*' \
	-not -name endpoints.yml -not -name credentials.yml -not -name '*.py' -not -name '*.pyc' 2>/dev/null | LC_ALL=C sort)
RASA_HASH := $(shell { for f in $(RASA_INPUTS); do echo "$$f"; cat "$$f"; done; } | sha256sum | cut -c1-16)
RASA_MODEL_DIR := $(CACHE)/rasa-models
RASA_MODEL := $(RASA_MODEL_DIR)/$(RASA_HASH).tar.gz
# No telemetry / error reports to the internet; the graph cache lives with the other caches, not in the tree.
RASA_ENV := PYTHONPATH=$(ROOT) SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false \
	RASA_CACHE_DIRECTORY=$(CACHE)/rasa-cache
export RASA_MODEL

SETUP_TARGETS += rasa-env rasa-model
TEST_TARGETS += test-rasa test-rasa-nlu test-actions

.PHONY: rasa-env rasa-model test-rasa test-rasa-nlu test-actions rasa-nlu-f1
rasa-env: $(RASA_ENV_STAMP)
$(RASA_ENV_STAMP): requirements-rasa.txt
	@test -n "$(PY310_BASE)" || { echo "需要 Python 3.10（python3.10）"; exit 1; }
	test -x $(RPY) || $(PY310_BASE) -m venv $(RVENV)
	$(RPY) -m pip install -q --upgrade "pip<25"
	$(RPY) -m pip install -q -r requirements-rasa.txt
	rm -f $(RVENV)/.installed-* && touch $@

# Trained only when the hash of its inputs changed; var/rasa-model records the current path for scripts.
rasa-model: $(RASA_MODEL)
	@mkdir -p var && echo "$(RASA_MODEL)" > var/rasa-model
$(RASA_MODEL): | $(RASA_ENV_STAMP)
	mkdir -p $(RASA_MODEL_DIR)
	$(RASA_ENV) $(RASA) train --config config.yml --domain bot/domain.yml --data bot/data \
	  --out $(RASA_MODEL_DIR) --fixed-model-name $(RASA_HASH)

test-rasa: rasa-model
	$(RASA_ENV) $(RASA) data validate --config config.yml --domain bot/domain.yml --data bot/data
	@mkdir -p artifacts/rasa-test
	$(RASA_ENV) $(RASA) test core -m $(RASA_MODEL) --stories bot/tests --endpoints bot/endpoints.yml \
	  --out artifacts/rasa-test --fail-on-prediction-errors

test-actions:
	$(RASA_ENV) $(RPY) -m pytest tests/actions tests/bot -q -p no:cacheprovider $(PYTEST_ARGS)

# Intent F1 on a held-out 20 % split (trains an NLU-only model; slow, not part of `make test`).
rasa-nlu-f1: rasa-env
	rm -rf var/rasa-split && mkdir -p var/rasa-split artifacts/rasa-nlu
	$(RASA_ENV) $(RASA) data split nlu --nlu bot/data/nlu --training-fraction 0.8 --random-seed 7 --out var/rasa-split
	$(RASA_ENV) $(RASA) train nlu --config config.yml --nlu var/rasa-split/training_data.yml --out var/rasa-split --fixed-model-name nlu-split
	$(RASA_ENV) $(RASA) test nlu -m var/rasa-split/nlu-split.tar.gz --nlu var/rasa-split/test_data.yml --config config.yml --out artifacts/rasa-nlu
	$(RPY) -c "import json; r=json.load(open('artifacts/rasa-nlu/intent_report.json')); print('intent weighted F1 =', round(r['weighted avg']['f1-score'],3), ' macro F1 =', round(r['macro avg']['f1-score'],3))"

# Held-out colloquial messages (bot/tests/nlu_heldout.yml, never trained on): intent F1 must be ≥ 0.90.
test-rasa-nlu: rasa-model
	@mkdir -p artifacts/rasa-nlu-heldout
	$(RASA_ENV) $(RASA) test nlu -m $(RASA_MODEL) --nlu bot/tests/nlu_heldout.yml --out artifacts/rasa-nlu-heldout
	$(RPY) -c "import json,sys; f=json.load(open('artifacts/rasa-nlu-heldout/intent_report.json'))['weighted avg']['f1-score']; print('held-out intent F1 =', round(f,3)); sys.exit(f < 0.90)"

# Follow-ups through the real conversation (gateway + Rasa + actions): the bank's two-turn set via /api/chat.
.PHONY: followups-dialogue
followups-dialogue: setup
	$(PY) -m bench.followups_dialogue
