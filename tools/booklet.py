"""Write the printable 百问百答 booklet: artifacts/booklet.html (+ .pdf via headless Chromium if present).

    python -m tools.booklet [--out artifacts/booklet.html] [--chromium /usr/bin/chromium]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.services.booklet import printable  # noqa: E402


def write_html(out: Path) -> Path:
    """The standalone booklet with the booklet CSS inlined (opens without the server).

    The entries and clauses come from the configured KNOWLEDGE_DIR, as the gateway serves them.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(printable(), encoding="utf-8")
    return out


def write_pdf(html_path: Path, chromium: str | None) -> Path | None:
    """Print the HTML to PDF with headless Chromium; None (HTML only) when no browser is installed."""
    browser = chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser or not Path(browser).exists():
        print("未找到 chromium，只生成 HTML。", file=sys.stderr)
        return None
    pdf = html_path.with_suffix(".pdf")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html_path.resolve().as_uri()],
                   check=True, capture_output=True, timeout=180)
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "booklet.html")
    parser.add_argument("--chromium", default=None)
    args = parser.parse_args()
    html_path = write_html(args.out)
    pdf = write_pdf(html_path, args.chromium)
    print(f"booklet: {html_path}" + (f" and {pdf}" if pdf else ""))


if __name__ == "__main__":
    main()
