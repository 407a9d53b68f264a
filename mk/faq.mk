# 百问百答 (issue 6): printable booklet, FAQ matching figures, this feature's tests.
.PHONY: booklet faq-eval test-faq
booklet: env
	$(PY) -m tools.booklet --out artifacts/booklet.html $(if $(wildcard /usr/bin/chromium),--chromium /usr/bin/chromium,)

faq-eval: setup
	$(PY) -m bench.faq_eval --eval-dir ../shared/eval

test-faq: setup
	@for d in tests/answering tests/training; do $(PYTEST) $$d -q -p no:cacheprovider $(PYTEST_ARGS) || exit 1; done
	@$(PYTEST) tests/api/test_faq_api.py -q -p no:cacheprovider $(PYTEST_ARGS)

# Refit the answerability model (knowledge/models/answerability.json) after the question bank, the
# features or the ranking changed; tests/answering/test_answerability.py fails until it is refit.
.PHONY: answerability
answerability: setup
	$(PY) -m tools.train_answerability

# Refit the side-question model (knowledge/models/side_questions.json) after the phrasing bank changed;
# tests/tools/test_train_side_questions.py fails until it is refit.
.PHONY: side-questions
side-questions: setup
	$(PY) -m tools.train_side_questions

# Refit the opening-flow model (knowledge/models/opening_flows.json) after the phrasing bank, the opening paraphrases
# or the NLU data changed; tests/tools/test_train_opening_flows.py fails until it is refit.
.PHONY: opening-flows
opening-flows: setup
	$(PY) -m tools.train_opening_flows
