"""The PDF edition: the whole book as one PDF, printed by the system Chromium the site check uses.

`python -m conflictbook.publish.pdf` (`make pdf`) builds the single-page HTML edition (from the
executed
cache, so nothing runs again), adds a title page, and prints it with page numbers to
`_build/pdf/book.pdf`.
The contents list, numbered figures with captions and the bibliography come from the book itself.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from pathlib import Path

from ..data import paths
from .sitecheck import CHROMIUM_ARGS, _serve

__all__ = ["build_single_page", "print_pdf", "main"]

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article, .prev-next-
area,
.bd-header-article, .theme-switch-button, .search-button, .cell_input .copybtn, .toggle-hidden {
display: none !important; }
.bd-main .bd-content .bd-article-container { max-width: 100% !important; }
.cb-title { page-break-after: always; padding-top: 35vh; text-align: center; }
.cb-title h1 { font-size: 30pt; margin-bottom: 1em; } .cb-title p { font-size: 13pt; }
section > h1 { page-break-before: always; }
img { max-width: 100% !important; page-break-inside: avoid; }
pre { white-space: pre-wrap; }
"""


def build_single_page() -> Path:
    """The book as one HTML page (Sphinx's singlehtml builder over the cached executions)."""
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(paths.repo_root()),
        "--builder",
        "singlehtml",
    ]
    subprocess.run(cmd, cwd=paths.repo_root(), check=True)
    return paths.build_dir() / "singlehtml"


def print_pdf(site: Path, target: Path, title: str, subtitle: str) -> Path:
    """Print site/index.html to target with a title page and page numbers in the footer."""
    from playwright.sync_api import sync_playwright

    target.parent.mkdir(parents=True, exist_ok=True)
    server = _serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html", wait_until="load")
            page.add_style_tag(content=PRINT_CSS)
            page.evaluate(
                """([title, subtitle]) => {
                const div = document.createElement('div');
                div.className = 'cb-title';
                const h = document.createElement('h1'); h.textContent = title;
                const p = document.createElement('p'); p.textContent = subtitle;
                div.append(h, p);
                const main = document.querySelector('main') || document.body;
                main.prepend(div);
                document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; });
            }""",
                [title, subtitle],
            )
            page.wait_for_load_state("networkidle")
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
        server.shutdown()
    return target


def main(argv=None) -> int:
    import yaml

    if shutil.which("chromium") is None:
        print("pdf: no chromium on this machine (apt-get install chromium); the PDF was not made")
        return 1
    config = yaml.safe_load((paths.repo_root() / "_config.yml").read_text(encoding="utf-8"))
    site = build_single_page()
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
