# 百问百答 (issue 6): printable booklet, FAQ matching figures, this feature's tests.
.PHONY: booklet faq-eval test-faq
booklet: env
	$(PY) -m tools.booklet --out artifacts/booklet.html $(if $(wildcard /usr/bin/chromium),--chromium /usr/bin/chromium,)

faq-eval: setup
	$(PY) -m bench.faq_eval --eval-dir ../shared/eval

test-faq: setup
	@$(PYTEST) tests/faq -q -p no:cacheprovider $(PYTEST_ARGS)
