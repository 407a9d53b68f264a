# Web chat + staff console (issue 5): browser tests drive Debian's Chromium through Playwright.
# Never `playwright install` (no browser downloads): Debian provides /usr/bin/chromium, and
# fonts-noto-cjk (+ color emoji) so the screenshots in artifacts/screenshots/ show Chinese instead of empty boxes.
CHROMIUM ?= /usr/bin/chromium
CJK_FONT ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
APT_SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
SETUP_TARGETS += chromium

.PHONY: chromium test-web
chromium: $(CHROMIUM) $(CJK_FONT)
$(CHROMIUM) $(CJK_FONT):
	$(APT_SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(APT_SUDO) apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji
	@test -x $(CHROMIUM) || { echo "chromium 安装失败：请手动 apt-get install chromium"; exit 1; }

# Only this feature's tests (API + browser); screenshots land in artifacts/screenshots/.
test-web: setup
	@mkdir -p artifacts/screenshots; $(PYTEST) tests/web -q -p no:cacheprovider $(PYTEST_ARGS)
