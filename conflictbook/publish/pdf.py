"""The PDF edition: the whole book as one PDF, printed by the system Chromium the site check uses.

`python -m conflictbook.publish.pdf` (`make pdf`) builds the single-page HTML edition (from the
executed cache, so nothing runs again), adds a title page, and prints it with page numbers to
`_build/pdf/book.pdf`. The contents list, numbered figures with captions and the bibliography
come from the book itself."""

from __future__ import annotations

import html
import shutil
import sys
from pathlib import Path

from ..data import paths
from .build import toc_files
from .sitecheck import CHROMIUM_ARGS, LOAD_IMAGES, serving

__all__ = ["toc_pages", "build_print_page", "print_pdf", "main"]

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article, .prev-next-
area,
.bd-header-article, .theme-switch-button, .search-button, .cell_input .copybtn, .toggle-hidden {
display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.cb-page { page-break-before: always; } .cb-contents { page-break-after: always; }
.cb-title { page-break-after: always; padding-top: 35vh; text-align: center; }
.cb-title h1 { font-size: 30pt; margin-bottom: 1em; } .cb-title p { font-size: 13pt; }
img { max-width: 100% !important; page-break-inside: avoid; }
pre { white-space: pre-wrap; }
"""


def toc_pages(site: Path) -> list[Path]:
    """The built pages in the order of _toc.yml (the root first)."""
    return [site / f"{name}.html" for name in toc_files() if (site / f"{name}.html").is_file()]


def build_print_page(site: Path, title: str, subtitle: str) -> Path:
    """One HTML page holding every chapter's article, with a title page and a contents list.

    It sits one folder deep (like the pages), so the pages' relative links to images still work.
    """
    import re

    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    # the pages' stylesheets only: the theme's scripts would rearrange or reload the print page
    styles = re.findall(r'<link[^>]+rel="stylesheet"[^>]*>|<style[^>]*>.*?</style>', intro, re.S)
    head = '<head><meta charset="utf-8">' + "".join(styles) + "</head>"
    parts, contents = [], []
    for number, page in enumerate(toc_pages(site)):
        text = page.read_text(encoding="utf-8")
        article = re.search(r'<article class="bd-article">(.*?)</article>', text, re.S)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        if not article:
            continue
        name = (
            re.sub(r"<[^>]+>", "", heading.group(1)).replace("#", "").strip()
            if heading
            else page.stem
        )
        contents.append(f'<li><a href="#page-{number}">{html.escape(name)}</a></li>')
        # scripts (the interactive widgets, the theme's) have no place on paper
        content = re.sub(r"<script\b.*?</script>", "", article.group(1), flags=re.S)
        # folded blocks (provenance notes) print open: paper has no click
        content = re.sub(r"<details\b(?![^>]*\sopen\b)", "<details open", content)
        parts.append(f'<section class="cb-page" id="page-{number}">{content}</section>')
    body = (
        f'<div class="cb-title"><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></div>'
        f'<div class="cb-contents"><h1>Contents</h1><ol>{"".join(contents)}</ol></div>'
        + "".join(parts)
    )
    target = site / "print" / "book.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(
        f"<!DOCTYPE html><html>{head}<body><main>{body}</main></body></html>", encoding="utf-8"
    )
    return target


def print_pdf(site: Path, target: Path, title: str, subtitle: str) -> Path:
    """Print the joined page to target with page numbers in the footer. The joined page is
    removed afterwards: it is no page of the site (its links point one folder off, and the site
    check would report them)."""
    from playwright.sync_api import sync_playwright

    target.parent.mkdir(parents=True, exist_ok=True)
    joined = build_print_page(site, title, subtitle)
    try:
        with serving(site) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(base + joined.relative_to(site).as_posix(), wait_until="load")
            page.add_style_tag(content=PRINT_CSS)
            # not wait_for_load_state("networkidle"): on this page it never came (30 s timeout)
            page.evaluate(LOAD_IMAGES)
            footer = (
                '<div style="font-size:8pt;width:100%;text-align:center;color:#555">'
                f'{html.escape(title)} · <span class="pageNumber"></span> / '
                '<span class="totalPages"></span></div>'
            )
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
            )
            browser.close()
    finally:
        shutil.rmtree(joined.parent, ignore_errors=True)
    return target


def main(argv=None) -> int:
    import yaml

    if shutil.which("chromium") is None:
        print("pdf: no chromium on this machine (apt-get install chromium); the PDF was not made")
        return 1
    config = yaml.safe_load((paths.repo_root() / "_config.yml").read_text(encoding="utf-8"))
    site = paths.build_dir() / "html"
    if not (site / "book" / "intro.html").is_file():
        print("pdf: build the book first (make book)")
        return 1
    version = _version()
    target = print_pdf(
        site,
        paths.build_dir() / "pdf" / "book.pdf",
        config.get("title", "Book"),
        f"{config.get('author', '')} · version {version}",
    )
    print(
        f"pdf: wrote {target.relative_to(paths.repo_root())} ({target.stat().st_size // 1024} KiB)"
    )
    return 0


def _version() -> str:
    import tomllib

    return tomllib.loads((paths.repo_root() / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]["version"]


if __name__ == "__main__":
    sys.exit(main())
