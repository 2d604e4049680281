"""The README's screenshots, taken from the running app in offline Chromium (not run by the tests).

Writes docs/screenshot-first-view.png (1440x900, the first view), docs/screenshot.png (after
clicking the police-base marker), docs/screenshot-phone.png (the same selection on a 390x844
phone) and docs/screenshot-claims.png (the Claims tab). Run it after a change a reader would
see, then open the images and look at them.

Usage: .venv/bin/python bench/readme_shots.py [OUT_DIR]   (default: docs/)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from common import MAP_FRAME, READY, ROOT, Server, launch, offline_page  # noqa: E402

MARKER = ".sm-pin[title^='Planned police base']"


def _open(browser, url: str, viewport, phone: bool = False):
    if phone:
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
        page = ctx.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
                   else r.abort())
    else:
        ctx, page = offline_page(browser, viewport=viewport)
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(READY).wait_for(timeout=90_000)
    page.wait_for_timeout(2500)  # labels, relief and the inset settle
    return ctx, page


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    server = Server(ROOT / "app.py")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            ctx, page = _open(browser, server.url, (1440, 900))
            page.screenshot(path=str(out / "screenshot-first-view.png"))
            page.frame_locator(MAP_FRAME).locator(MARKER).click()
            page.locator(".sm-panel[data-place='police-base']").wait_for(timeout=30_000)
            page.mouse.move(5, 5)  # the hover tooltip would hide the popup's pin
            page.wait_for_timeout(1500)
            page.screenshot(path=str(out / "screenshot.png"))
            page.get_by_role("tab", name="Claims").first.click()
            page.wait_for_timeout(4000)
            page.screenshot(path=str(out / "screenshot-claims.png"))
            ctx.close()
            ctx, page = _open(browser, server.url + "/?story=tajik-police-base&place=police-base", None, phone=True)
            page.screenshot(path=str(out / "screenshot-phone.png"))
            ctx.close()
            browser.close()
    finally:
        server.stop()
    for name in ("screenshot-first-view", "screenshot", "screenshot-claims", "screenshot-phone"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
