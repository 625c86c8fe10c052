"""The README's screenshot of the page: the seed article in a fresh store (with the watch rule
the browser tests use, so the inbox has an alert), `eventwatch serve`, Debian's Chromium.

    python scripts/page_screenshot.py [--out docs/img/page.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import web_kit as kit  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "page.png")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="ew-shot-"))
    key = kit.seed_store(folder / "page.db", folder / "alerts.jsonl")
    server = kit.serve(folder / "page.db", folder / "serve.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(kit.CHROMIUM), args=kit.CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server.url + "/")
            page.wait_for_selector("#events tbody tr[data-id]")
            page.locator("#alerts input[name=apikey]").fill(key)
            page.locator("#alerts form.key button").click()
            page.wait_for_selector("#alerts li.alert")
            page.locator("#events tbody tr[data-id] td.type", has_text="AID").first.click()
            page.wait_for_selector("#evidence mark.hl-trigger")
            page.wait_for_selector("#map path.cluster")
            page.wait_for_timeout(500)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=True)
            browser.close()
    finally:
        server.stop()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
