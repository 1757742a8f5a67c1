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

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

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


# -- the drawing, measured in the browser ------------------------------------------

SEEDS = sorted(str(p) for p in (ROOT / "journeys").glob("*.yaml"))

# Runs in a copy of the report without its CSP (the report itself runs no
# script): measures every text of every drawing as Chromium lays it out.
MEASURE = """
<script>
(function () {
  function box(el) { var r = el.getBoundingClientRect();
    return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }
  function meets(a, b, slack) { return Math.min(a.r, b.r) - Math.max(a.l, b.l) > slack &&
    Math.min(a.b, b.b) - Math.max(a.t, b.t) > slack; }
  function inside(a, b, slack) { return a.l >= b.l - slack && a.r <= b.r + slack &&
    a.t >= b.t - slack && a.b <= b.b + slack; }
  var out = {overlaps: [], cut: [], onBoxes: [], clipped: [], texts: 0, drawings: 0,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    drawingWidths: []};
  document.querySelectorAll('svg.fm-drawing').forEach(function (svg) {
    out.drawings += 1;
    out.drawingWidths.push(svg.parentElement.getBoundingClientRect().right);
    var drawn = svg.getBoundingClientRect(), frame = svg.parentElement.getBoundingClientRect();
    if (drawn.left < frame.left - 0.5 || drawn.right > frame.right + 0.5)
      out.clipped.push(svg.getAttribute('aria-label') || String(out.drawings));
    var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
    var rects = texts.map(box);
    out.texts += texts.length;
    for (var i = 0; i < texts.length; i++) {
      if (texts[i].textContent.indexOf('\\u2026') >= 0) out.cut.push(texts[i].textContent);
      for (var j = i + 1; j < texts.length; j++) {
        if (meets(rects[i], rects[j], 0.5))
          out.overlaps.push([texts[i].textContent, texts[j].textContent]);
      }
      var step = texts[i].closest('g.fm-step');
      if (step) {
        var frame = box(step.querySelector('rect.fm-box'));
        if (!inside(rects[i], frame, 0.5)) out.cut.push(texts[i].textContent);
      }
    }
    var frames = Array.prototype.slice.call(svg.querySelectorAll('rect.fm-box')).map(box);
    svg.querySelectorAll('text.fm-p').forEach(function (label) {
      var r = box(label);
      frames.forEach(function (f) { if (meets(r, f, 0.5)) out.onBoxes.push(label.textContent); });
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'fm-measure';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def measured(browser: str, tmp_path: Path, page: Path, width: int) -> dict[str, Any]:
    """The measure of `page` shown `width` px wide. Headless Chromium's window is at
    least 500 px wide, so the page is shown in a frame of that width, in a page that
    copies the measure out of the frame once it has loaded."""
    text = page.read_text(encoding="utf-8")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(text.replace(meta, "").replace("</body>", MEASURE + "</body>"), "utf-8")
    harness = tmp_path / f"harness-{width}.html"
    harness.write_text(
        '<!DOCTYPE html><html><body style="margin:0"><pre id="copied"></pre>'
        f'<iframe id="frame" src="{probe.name}" width="{width}" height="900" '
        'style="border:0" onload="document.getElementById(\'copied\').textContent='
        "this.contentDocument.getElementById('fm-measure').textContent\"></iframe>"
        "</body></html>",
        encoding="utf-8",
    )
    done = run_chromium(
        browser,
        tmp_path,
        "--allow-file-access-from-files",
        f"--window-size={max(width, 500) + 20},1000",
        "--dump-dom",
        harness.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="copied">(.*?)</pre>', done.stdout, re.S)
    assert found is not None and found.group(1), done.stdout[-2000:]
    return json.loads(html.unescape(found.group(1)))  # type: ignore[no-any-return]


@pytest.fixture(scope="module", params=["en", "fr"])
def seed_page(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("seeds") / f"seeds-{request.param}.html"
    html_report = renderer("html")(check_paths(SEEDS), lang=request.param)  # type: ignore[call-arg]
    page.write_text(html_report, encoding="utf-8")
    return page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_seed_drawings_read_whole_at_desktop_and_phone_width(
    chromium: str, tmp_path: Path, seed_page: Path, width: int
) -> None:
    """In English and in French: no two texts of a drawing overlap, no text is cut
    (no "…", every text of a step inside its box), no edge label lies on a box,
    the page never scrolls sideways and every drawing is whole in its frame."""
    facts = measured(chromium, tmp_path, seed_page, width)
    assert facts["drawings"] == len(SEEDS)
    assert facts["texts"] > 30 * len(SEEDS)  # the measure saw the drawings' texts
    if width >= 1000:
        # Text layout is measured where the drawings are drawn at (or near) their own
        # size; on a phone the same drawing is scaled down whole, and glyph boxes at a
        # 3-4 px font are rounded up by the rasteriser, so they would "meet" there.
        assert facts["overlaps"] == []
        assert facts["cut"] == []
        assert facts["onBoxes"] == []
    # No sideways scroll: the page is as wide as the window, every drawing's frame
    # within it, and every drawing whole in its frame (on a phone a wide drawing is
    # scaled to the width, to be zoomed, never cut by its frame).
    assert facts["scrollWidth"] <= facts["innerWidth"] == width
    assert max(facts["drawingWidths"]) <= width
    assert facts["clipped"] == []


def test_the_measure_sees_overlaps_and_cut_text(chromium: str, tmp_path: Path) -> None:
    """Positive control: a page with two texts on top of each other, a cut label
    and a label out of its box is measured as such."""
    page = tmp_path / "control.html"
    page.write_text(
        "<!DOCTYPE html><html><head>"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '</head><body style="margin:0"><div style="width:2000px">wide</div>'
        '<svg class="fm-drawing" width="300" height="100">'
        '<text x="10" y="20">overlapping one</text><text x="12" y="22">overlapping two</text>'
        '<g class="fm-step"><rect class="fm-box" x="10" y="40" width="40" height="30"/>'
        '<text x="12" y="60">a label far too wide for its box</text></g>'
        '<text x="150" y="90">cut \u2026</text></svg></body></html>',
        encoding="utf-8",
    )
    facts = measured(chromium, tmp_path, page, 390)
    assert ["overlapping one", "overlapping two"] in facts["overlaps"]
    assert "a label far too wide for its box" in facts["cut"]
    assert "cut \u2026" in facts["cut"]
    assert facts["scrollWidth"] > facts["innerWidth"]


# -- PDF ------------------------------------------------------------------------------


def pgm_pages(folder: Path) -> list[tuple[int, int, bytes]]:
    """Width, height and grey pixels of each page pdftoppm wrote (binary PGM)."""
    pages = []
    for path in sorted(folder.glob("page-*.pgm")):
        data = path.read_bytes()
        fields = data.split(maxsplit=4)
        assert fields[0] == b"P5"
        width, height, pixels = int(fields[1]), int(fields[2]), fields[4]
        pages.append((width, height, pixels[: width * height]))
    return pages


@pytest.fixture(scope="module")
def poppler() -> None:
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftoppm, pdftotext) not installed")


def test_the_seed_report_prints_to_pdf_a_page_per_drawing_each_whole(
    chromium: str, poppler: None, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from frictionmap.cli import app
    from frictionmap.render.svg import BOX_WIDTH, PAD, fit_lines

    out = tmp_path / "seeds.pdf"
    done = CliRunner().invoke(app, ["report", *SEEDS, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stdout == ""  # -o report.pdf is the output asked for
    assert out.read_bytes().startswith(b"%PDF-")
    pages = tmp_path / "pages"
    pages.mkdir()
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "40", str(out), str(pages / "page")], check=True, timeout=120
    )
    images = pgm_pages(pages)
    report = check_paths(SEEDS)
    assert len(images) > len(SEEDS)
    for number, (width, height, pixels) in enumerate(images, start=1):
        assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
        # Nothing is cut at a page's edge: the outer 8 mm (of 12 mm margins) are blank.
        edge = round(8 / 25.4 * 40)
        rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        blank = [r for r in rows[:edge] + rows[-edge:]] + [r[:edge] + r[-edge:] for r in rows]
        assert all(min(r) > 245 for r in blank), f"page {number} has ink at its edge"
    # Each drawing is on one page, whole: every word of its steps' labels is there.
    texts = []
    for page in range(1, len(images) + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
        texts.append(text)
    drawn = [t for t in texts if "finding number in the list" in t]
    assert len(drawn) == len(SEEDS)
    for result, text in zip(report.journeys, drawn, strict=True):
        assert result.journey is not None
        words = set(text.split())
        for step in result.journey.steps:
            label = result.journey.label(step)
            for line in fit_lines(label, BOX_WIDTH - 2 * PAD, 12.0, bold=True):
                for word in line.split():
                    assert word in words, (result.file, step, word)


def test_pdf_without_chromium_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from frictionmap.cli import app

    monkeypatch.delenv("FRICTIONMAP_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no browser on it
    out = tmp_path / "basic.pdf"
    done = CliRunner().invoke(app, ["report", str(BASIC), "-f", "pdf", "-o", str(out)])
    assert done.exit_code == 2
    assert "PDF needs a Chromium browser" in done.stderr
    assert "apt-get install chromium" in done.stderr
    assert "Traceback" not in done.output
    assert not out.exists()
    monkeypatch.setenv("FRICTIONMAP_CHROMIUM", str(tmp_path / "no-such-browser"))
    done = CliRunner().invoke(app, ["report", str(BASIC), "-o", str(out)])
    assert done.exit_code == 2 and "could not print the PDF" in done.stderr
