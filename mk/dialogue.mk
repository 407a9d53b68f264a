# Simulated residents (issue 11): generated conversations from the phrasing bank (bench/dialogue/bank/)
# through the real stack. `make dialogue-eval` scores the dev half (table per flow, JSON with the failing
# transcripts in artifacts/dialogue-eval.json); `make dialogue-eval-sealed` the sealed half
# (artifacts/dialogue-eval-sealed.json). The gate on the sealed half is tests/dialogue (part of test-py,
# so `make test` runs it); `make test-dialogue` runs it alone.
#   DIALOGUE_ARGS="--flow filing --n 20 --wechat 5"   narrow or widen a run (python -m bench.dialogue -h)
DIALOGUE_ARGS ?= --wechat 10

.PHONY: dialogue-eval dialogue-eval-sealed test-dialogue
dialogue-eval: setup
	@mkdir -p artifacts
	$(PY) -m bench.dialogue $(DIALOGUE_ARGS)

dialogue-eval-sealed: setup
	@mkdir -p artifacts
	$(PY) -m bench.dialogue --sealed $(DIALOGUE_ARGS)

test-dialogue: setup
	@mkdir -p artifacts; $(PYTEST) tests/dialogue -q -p no:cacheprovider $(PYTEST_ARGS)
