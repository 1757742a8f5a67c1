"""The HTML report printed to PDF by a headless Chromium (`-f pdf`, `-o report.pdf`).

No Python library prints this report well without a system binary: the
pure-Python PDF writers lay out no HTML, and WeasyPrint, which does, needs
Pango and its fonts from the system all the same (and renders inline SVG
only in part). So the report's own print styles (`render/html.py`: a page per
journey, the drawing scaled to the page) are applied by the browser the
reader would print from: Chromium, found on the PATH (`chromium`,
`chromium-browser`, `google-chrome`) or named by `FRICTIONMAP_CHROMIUM`.
Without one, `RenderUnavailable` says so and what to install; the command
exits 2.

Chromium runs headless, without sandbox, GPU, first-run, networking,
component updates or sync, with a throw-away profile, on a file in a
temporary directory; the page's Content-Security-Policy still forbids any
fetch and any script. Its date header and footer are turned off.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..report import Report
from . import RenderUnavailable

_PDF_DATE = re.compile(rb"\(D:\d{14}[+-]\d\d'\d\d'\)")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_SECONDS = 300
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def find_chromium() -> str | None:
    """The Chromium to print with: `FRICTIONMAP_CHROMIUM`, else the first on the PATH."""
    named = os.environ.get("FRICTIONMAP_CHROMIUM")
    if named:
        return named
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, browser: str | None = None) -> bytes:
    """`html` printed to PDF by headless Chromium."""
    browser = browser or find_chromium()
    if browser is None:
        raise RenderUnavailable(
            "PDF needs a Chromium browser to print the report, and none was found: "
            "install one (Debian/Ubuntu: apt-get install chromium) or name it with "
            "FRICTIONMAP_CHROMIUM=/path/to/chrome; or write HTML (-f html) and print it"
        )
    with tempfile.TemporaryDirectory(prefix="frictionmap-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        out = Path(folder) / "report.pdf"
        command = [
            browser,
            *FLAGS,
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            message = f"Chromium ({browser}) could not print the PDF: {error}"
            raise RenderUnavailable(message) from None
        if not out.exists() or out.stat().st_size == 0:
            detail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
            raise RenderUnavailable(
                f"Chromium ({browser}) printed no PDF (exit {done.returncode}): {detail[0]}"
            )
        # Chromium stamps the time of printing; a fixed one (of the same length, so
        # that the cross-reference offsets hold) keeps the same report the same bytes.
        return _PDF_DATE.sub(b"(D:20000101000000+00'00')", out.read_bytes())


def render(
    report: Report,
    *,
    width: int = 100,  # noqa: ARG001
    color: bool = False,  # noqa: ARG001
    lang: str = "en",
) -> bytes:
    """The HTML report in `lang`, printed to PDF; `width` and `color` do not apply."""
    from .html import render as render_html

    return html_to_pdf(render_html(report, lang=lang))
