"""Check the built site as a reader gets it: links and images resolve, pages load cleanly in a
browser.

`python -m conflictbook.sitecheck [--skip-browser]`. The browser part needs Chromium (Debian
package `chromium`); where it is missing it says so and is skipped, except under CI (CI=true),
where it fails. Screenshots of every checked page at both widths go to _build/screenshots/ for
review; a page taller than a JPEG can be (65,535 px) is saved in parts, top to bottom."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import http.server
import os
import shutil
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..data import paths

__all__ = [
    "WIDTHS",
    "PAGES_AT_ONCE",
    "SHOT_PART_PX",
    "screenshot_parts",
    "CHROMIUM_ARGS",
    "LOAD_IMAGES",
    "serving",
    "check_links",
    "pages_to_open",
    "check_in_browser",
    "main",
]

WIDTHS = (1280, 375)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and not (
                tag == "link" and attrs.get("rel") in ("preconnect", "dns-prefetch")
            ):
                self.refs.append((tag, attrs[key]))


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def check_links(site: Path) -> list[str]:
    """Every relative href/src of every page must point at an existing file (and anchor, for
    pages)."""
    problems = []
    # theme template fragments under _static are not pages
    parsed = {
        page: _parse(page)
        for page in sorted(site.rglob("*.html"))
        if "_static" not in page.relative_to(site).parts
    }
    for page, collector in parsed.items():
        for tag, ref in collector.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("//", "mailto:", "javascript:", "data:")):
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in collector.ids and tag == "a":
                    problems.append(
                        f"{page.relative_to(site)}: anchor #{parts.fragment} not found on the page"
                    )
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(site)}: <{tag}> {ref} points at a missing file")
            elif parts.fragment and target.suffix == ".html" and target in parsed and tag == "a":
                if parts.fragment not in parsed[target].ids:
                    problems.append(
                        f"{page.relative_to(site)}: {ref}: anchor not found in "
                        f"{target.relative_to(site)}"
                    )
    return problems


def pages_to_open(site: Path) -> list[Path]:
    """The landing page and every notebook page."""
    pages = [site / "index.html"]
    pages += sorted((site / "notebooks").glob("*.html")) if (site / "notebooks").is_dir() else []
    pages += sorted((site / "book").glob("*.html")) if (site / "book").is_dir() else []
    return [p for p in dict.fromkeys(pages) if p.exists()]


@contextlib.contextmanager
def serving(site: Path):
    """The site served on a free local port while the block runs; yields its base address."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a site problem


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# every image loaded (lazy ones made eager), then back to the top: the site check and the PDF
LOAD_IMAGES = """async () => {
    for (const img of document.images) { img.loading = 'eager'; img.scrollIntoView(); }
    await Promise.all([...document.images].map(img => img.complete ? null :
        new Promise(r => { img.onload = img.onerror = r; })));
    window.scrollTo(0, 0);
}"""
_BROKEN_IMAGES = (
    "[...document.images].filter(i => !(i.naturalWidth > 0)).map(i => i.getAttribute('src'))"
)
PAGES_AT_ONCE = 2  # tabs: a page's full screenshot keeps one core busy, two tabs use both
SHOT_PART_PX = 60_000  # a JPEG is at most 65,535 px tall (Chromium writes an empty file beyond)


def screenshot_parts(stem: str, width: int, height: int) -> list[tuple[str, dict]]:
    """The screenshot files of a page `height` px tall, with the part of the page each shows: one
    `stem.jpg`, or `stem-1.jpg`, `stem-2.jpg`, ... of at most SHOT_PART_PX each, top to bottom."""
    tops = list(range(0, max(height, 1), SHOT_PART_PX))
    parts = []
    for number, top in enumerate(tops, 1):
        name = f"{stem}.jpg" if len(tops) == 1 else f"{stem}-{number}.jpg"
        clip = {"x": 0, "y": top, "width": width, "height": min(SHOT_PART_PX, height - top)}
        parts.append((name, clip))
    return parts


async def _open_tab(browser) -> tuple:
    """A tab that checks one page after another (a new tab per page cost twice the CPU: a new
    renderer process each), and the list its console errors and failed requests go to."""
    page = await browser.new_page(viewport={"width": WIDTHS[0], "height": 900})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status} for {r.url}") if r.status >= 400 else None,
    )
    return page, errors


async def _check_page(tab, base: str, rel: str, shots: Path) -> tuple[list[str], list[str]]:
    """One page at both widths, in a tab from _open_tab: (problems, lines to print)."""
    problems, printed = [], []
    page, errors = tab
    errors.clear()
    await page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    await page.goto(base + rel, wait_until="load")
    if rel == "index.html":  # the landing page redirects to the root document (however busy
        # the machine: make test runs this beside the unit tests)
        await page.wait_for_url(lambda url: not url.endswith("/index.html"), timeout=15000)
        await page.wait_for_load_state("load")
        rel = page.url[len(base) :] or rel
    await page.evaluate(LOAD_IMAGES)
    broken = await page.evaluate(_BROKEN_IMAGES)
    problems += [f"{rel}: image did not load: {src}" for src in broken]
    if await page.evaluate("document.querySelectorAll('.cb-explorer').length"):
        nodes = await page.evaluate("document.querySelectorAll('.cb-explorer .cb-node').length")
        if nodes == 0:
            problems.append(f"{rel}: the network explorer shows no nodes")
        else:
            printed.append(f"browser: {rel}: explorer shows {nodes} nodes")
    for width in WIDTHS:  # a desktop window and a phone
        await page.set_viewport_size({"width": width, "height": 900})
        await page.wait_for_timeout(50)
        wide = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 1:
            problems.append(
                f"{rel}: at {width} px the page is {wide} px wider than the window "
                "(something scrolls sideways)"
            )
        size = await page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        stem = rel.replace("/", "__").removesuffix(".html") + f"@{width}"
        for name, clip in screenshot_parts(stem, max(size[0], width), size[1]):
            # JPEG: a full page 60,000 px tall encodes in half the time of a PNG
            await page.screenshot(
                path=str(shots / name), full_page=True, clip=clip, type="jpeg", quality=70
            )
            if not (shots / name).is_file() or (shots / name).stat().st_size == 0:
                problems.append(f"{rel}: the screenshot {name} at {width} px is empty")
    problems += [f"{rel}: console error: {text}" for text in errors]
    n_images = await page.evaluate("document.images.length")
    printed.append(
        f"browser: {rel}: {n_images} images, {len(broken)} broken, {len(errors)} console errors"
    )
    return problems, printed


async def _check_pages(site: Path, base: str, shots: Path) -> list[str]:
    from playwright.async_api import async_playwright

    rels = [p.relative_to(site).as_posix() for p in pages_to_open(site)]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        results: list = [None] * len(rels)
        waiting = iter(range(len(rels)))  # shared by the tabs: each takes the next page

        async def tab_worker():
            tab = await _open_tab(browser)
            for index in waiting:
                results[index] = await _check_page(tab, base, rels[index], shots)
            await tab[0].close()

        await asyncio.gather(*(tab_worker() for _ in range(PAGES_AT_ONCE)))
        await browser.close()
    problems = []
    for page_problems, printed in results:  # printed in page order, whatever finished first
        print("\n".join(printed))
        problems += page_problems
    return problems


def check_in_browser(site: Path, shots: Path) -> list[str]:
    """Every page in one browser, in two tabs: images load, no console error, nothing wider
    than the window at 1280 and 375 px; a full-page screenshot of each at both widths (in parts
    where a page is taller than a JPEG can be), none of them empty."""
    shots.mkdir(parents=True, exist_ok=True)
    for old in [*shots.glob("*.png"), *shots.glob("*.jpg")]:  # an earlier run's (other pages)
        old.unlink()
    with serving(site) as base:
        return asyncio.run(_check_pages(site, base, shots))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conflictbook.sitecheck")
    parser.add_argument("--site", default=None, help="the built site (default _build/html)")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    site = Path(args.site) if args.site else paths.build_dir() / "html"
    if not (site / "index.html").exists():
        print(f"sitecheck: {site} has no index.html; run `make book` first")
        return 1
    problems = check_links(site)
    print(
        f"links: {len([p for p in site.rglob('*.html') if '_static' not in p.parts])} "
        f"pages checked, {len(problems)} broken internal links or images"
    )
    if not args.skip_browser:
        if shutil.which("chromium") is None:
            message = (
                "browser check skipped: Chromium is not installed (install it with "
                "`apt-get install chromium`)"
            )
            if os.environ.get("CI") == "true":
                problems.append(message + "; CI requires it")
            print(message)
        else:
            problems += check_in_browser(site, paths.build_dir() / "screenshots")
    for problem in problems:
        print(problem)
    print("sitecheck: ok" if not problems else f"sitecheck: {len(problems)} problem(s)")
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
