# Simulated residents (issue 11): generated conversations from the phrasing bank (bench/dialogue/bank/)
# through the real stack. `make dialogue-eval` scores the dev half (table per flow, JSON with the failing
# transcripts in artifacts/dialogue-eval.json); `make dialogue-eval-sealed` the sealed half
# (artifacts/dialogue-eval-sealed.json). `make test` runs the harness's own unit tests (tests/dialogue);
# `make dialogue-gate` runs the gate on the sealed half (tests/dialogue/gate_sealed.py), not yet in `make test`.
#   DIALOGUE_ARGS="--flow filing --n 20 --wechat 5"   narrow or widen a run (python -m bench.dialogue -h)
DIALOGUE_ARGS ?= --wechat 10

.PHONY: dialogue-eval dialogue-eval-sealed test-dialogue dialogue-gate
dialogue-eval: setup
	@mkdir -p artifacts
	$(PY) -m bench.dialogue $(DIALOGUE_ARGS)

dialogue-eval-sealed: setup
	@mkdir -p artifacts
	$(PY) -m bench.dialogue --sealed $(DIALOGUE_ARGS)

test-dialogue: setup
	@mkdir -p artifacts; $(PYTEST) tests/dialogue -q -p no:cacheprovider $(PYTEST_ARGS)  # the harness's unit tests

# The sealed gate (issue 11's thresholds through the real stack, ~7 min). Not in `make test` until it holds.
dialogue-gate: setup
	@mkdir -p artifacts; $(PYTEST) tests/dialogue/gate_sealed.py -q -p no:cacheprovider $(PYTEST_ARGS)
