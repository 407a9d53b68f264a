# Web chat + staff console (issue 5): browser tests drive Debian's Chromium through Playwright.
# Never `playwright install` (no browser downloads): the Debian package provides /usr/bin/chromium.
CHROMIUM ?= /usr/bin/chromium
SETUP_TARGETS += chromium

.PHONY: chromium test-web
chromium: $(CHROMIUM)
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	 else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi
	@test -x $(CHROMIUM) || { echo "chromium 安装失败：请手动 apt-get install chromium"; exit 1; }

# Only this feature's tests (API + browser); screenshots land in artifacts/screenshots/.
test-web: setup
	@mkdir -p artifacts/screenshots; $(PYTEST) tests/web -q -p no:cacheprovider $(PYTEST_ARGS)
