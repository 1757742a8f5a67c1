"""The HTML report in a real headless Chromium (Debian's `chromium` package).

(a) a screenshot is taken and is a real picture; (b) the DOM Chromium builds
holds one SVG node per step; (c) a journey whose every text is hostile runs
nothing: no script element, no marker written by a script, the page title
untouched, the label shown as text. (c) is also checked with the CSP meta tag
removed, so that escaping alone is shown to be enough, and a positive control
(a page with a real script) shows that scripts do run in this browser, so the
absence of a marker means something.

Skipped, with the reason, only when no Chromium binary is found
(`FRICTIONMAP_CHROMIUM` may name one).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from frictionmap.inputs import check_paths
from frictionmap.render import renderer
from frictionmap.render.html import CSP

ROOT = Path(__file__).parent.parent
BASIC = ROOT / "tests/fixtures/formats-basic.yaml"
HOSTILE = ROOT / "tests/fixtures/formats-hostile.yaml"
WIDTH, HEIGHT = 1280, 1600


def find_chromium() -> str | None:
    named = os.environ.get("FRICTIONMAP_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "no Chromium binary found (install Debian's `chromium`, or set FRICTIONMAP_CHROMIUM)"
        )
    return found


def run_chromium(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def dump_dom(browser: str, tmp_path: Path, page: Path) -> str:
    done = run_chromium(browser, tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


def write_report(tmp_path: Path, journey: Path, name: str) -> Path:
    page = tmp_path / name
    page.write_text(renderer("html")(check_paths([str(journey)])), encoding="utf-8")
    return page


class Dom(HTMLParser):
    """Tags, ids and text of a serialised DOM."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self._depth_svg = 0
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "svg":
            self._depth_svg += 1
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] = tag
        self._in_title = tag == "title" and self._depth_svg == 0 and not self.title

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._depth_svg -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text.append(data)


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and how many distinct (filtered) scanlines a PNG has."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    stride = 1 + width * channels * depth // 8
    raw = zlib.decompress(idat)
    assert len(raw) == stride * height
    rows = {raw[i * stride : (i + 1) * stride] for i in range(height)}
    return width, height, len(rows)


def test_screenshot_of_the_report(chromium: str, tmp_path: Path) -> None:
    page = write_report(tmp_path, BASIC, "basic.html")
    shot = tmp_path / "shot.png"
    done = run_chromium(
        chromium, tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri()
    )
    assert shot.exists(), done.stderr[-2000:]
    data = shot.read_bytes()
    width, height, distinct_rows = png_facts(data)
    assert (width, height) == (WIDTH, HEIGHT)
    # A blank or one-colour page compresses to almost nothing and repeats one row.
    assert len(data) > 30_000
    assert distinct_rows > 200


def test_the_drawing_has_one_svg_node_per_step(chromium: str, tmp_path: Path) -> None:
    page = write_report(tmp_path, BASIC, "basic.html")
    dom = Dom(dump_dom(chromium, tmp_path, page))
    steps = {
        key[len("step-") :]
        for key, tag in dom.ids.items()
        if key.startswith("step-") and tag == "g"
    }
    report = check_paths([str(BASIC)])
    assert report.journeys[0].journey is not None
    assert steps == set(report.journeys[0].journey.steps)
    assert dom.tags.count("svg") == 1


@pytest.mark.parametrize("with_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_a_hostile_journey_runs_nothing(chromium: str, tmp_path: Path, with_csp: bool) -> None:
    page = write_report(tmp_path, HOSTILE, "hostile.html")
    if not with_csp:
        text = page.read_text(encoding="utf-8")
        meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        assert meta in text
        page.write_text(text.replace(meta, ""), encoding="utf-8")
    serialised = dump_dom(chromium, tmp_path, page)
    dom = Dom(serialised)
    assert "script" not in dom.tags
    assert "img" not in dom.tags
    assert "pwned" not in dom.ids
    assert dom.title.startswith("frictionmap: <script>document.title='PWNED'</script>")
    # The labels are there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in serialised
    text = "".join(dom.text)
    assert "<img src=x onerror=\"document.title='PWNED'\"> & more" in text
    steps = {key for key, tag in dom.ids.items() if key.startswith("step-") and tag == "g"}
    assert steps == {"step-start", "step-ask", "step-agent", "step-end"}


def test_positive_control_scripts_do_run_in_this_browser(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>before</title></head><body>"
        "<script>document.title='PWNED';"
        "document.body.insertAdjacentHTML('beforeend','<p id=pwned>PWNED</p>')</script>"
        "</body></html>",
        encoding="utf-8",
    )
    dom = Dom(dump_dom(chromium, tmp_path, page))
    assert dom.title == "PWNED"
    assert dom.ids.get("pwned") == "p"
