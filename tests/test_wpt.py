"""The web-platform-tests WebVTT file-parsing suite, run against subconv's reader.

Each ``support/*.test`` source holds the expected results as JavaScript
assertions about the browser's ``cues`` list.  We build that list from our
reader's output (ids, times, text, and the settings parsed from ``vtt.settings``
with the regions of ``vtt.blocks``) and check the assertions two ways:

* always: a small Python interpreter of the literal assertions
  (``cues.length`` and ``cues[N].prop`` against a literal value);
* when ``node`` is installed: the whole assertion block, verbatim, in node,
  with ``assert_equals`` comparing like testharness.js (``Object.is``).

``cue.text`` in a browser is the raw payload (tags kept): we compare it with
``vtt.raw`` when the reader kept one, else with the payload re-rendered from
the model by our writer.  ``document.styleSheets`` is taken to be the STYLE
blocks of the file (rules split at top-level braces).
The files a parser must reject (``signature-invalid.html``) must raise
``ParseError`` on line 1.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from subconv.errors import ParseError
from subconv.formats import vtt
from subconv.model import Track
from subconv.report import Report

WPT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "wpt"
NODE = shutil.which("node")


def _tests() -> list[str]:
    if not (WPT / "support").is_dir():
        return []
    return sorted(p.stem for p in (WPT / "support").glob("*.test"))


def _rejects() -> list[str]:
    page = WPT / "signature-invalid.html"
    if not page.is_file():
        return []
    names = sorted(set(re.findall(r"([A-Za-z0-9_-]+\.vtt)", page.read_text(encoding="utf-8"))))
    return [n for n in names if (WPT / "support" / n).is_file()]


def _need_wpt() -> None:
    if not WPT.is_dir():
        pytest.skip("../shared/corpus/wpt is absent")


def _assertions(name: str) -> str:
    """The JavaScript assertion block of ``support/<name>.test``."""
    lines = (WPT / "support" / f"{name}.test").read_text(encoding="utf-8").split("\n")
    i = 1
    while i < len(lines) and lines[i].strip():
        i += 1  # HTML metadata
    body: list[str] = []
    for line in lines[i + 1 :]:
        if line == "===":
            break
        body.append(line)
    return "\n".join(body)


def _read(name: str) -> Track:
    data = (WPT / "tests" / "support" / f"{name}.vtt").read_bytes()
    return vtt.read(data.decode("utf-8"), Report())


# --------------------------------------------------------------------------
# the browser's view of our track


def _regions(track: Track) -> list[vtt.Region]:
    """The region list the spec builds: empty ids skipped, a repeated id replaces."""
    out: list[vtt.Region] = []
    blocks = track.meta.get("vtt.blocks", ())
    for block in blocks if isinstance(blocks, tuple) else ():
        first, _, rest = block.partition("\n")
        if first.rstrip(" \t") != "REGION":
            continue
        region = vtt.parse_region(rest)
        if not region.id:
            continue
        out = [r for r in out if r.id != region.id]
        out.append(region)
    return out


def _stylesheets(track: Track) -> list[list[str]]:
    """Selectors of the rules of each STYLE block (comments removed)."""
    sheets = []
    blocks = track.meta.get("vtt.blocks", ())
    for block in blocks if isinstance(blocks, tuple) else ():
        first, _, css = block.partition("\n")
        if first.rstrip(" \t") != "STYLE":
            continue
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        sheets.append([m.group(1).strip() for m in re.finditer(r"([^{}]+)\{[^{}]*\}", css)])
    return sheets


def _browser_text(cue: Any) -> str:
    raw = cue.extras.get("vtt.raw")
    if isinstance(raw, str):
        return raw
    if not cue.spans and cue.speaker is None:
        return str(cue.text)
    return vtt.render_payload(cue)


def _cue_dicts(track: Track) -> tuple[list[dict[str, Any]], list[vtt.Region]]:
    regions = _regions(track)
    ids = {r.id for r in regions}
    out = []
    for cue in track.cues:
        settings = cue.extras.get("vtt.settings", "")
        st = vtt.parse_cue_settings(settings if isinstance(settings, str) else "", ids)
        region = None
        if st.region is not None:
            region = max(k for k, r in enumerate(regions) if r.id == st.region)
        cid = cue.extras.get("vtt.id", "")
        out.append(
            {
                "id": cid,
                "text": _browser_text(cue),
                "startMs": cue.start,
                "endMs": cue.end,
                "vertical": st.vertical,
                "line": st.line,
                "snapToLines": st.snap_to_lines,
                "lineAlign": st.line_align,
                "position": st.position,
                "positionAlign": st.position_align,
                "size": st.size,
                "align": st.align,
                "region": region,
            }
        )
    return out, regions


# --------------------------------------------------------------------------
# Python check of the literal assertions


_LITERAL = re.compile(
    r"^assert_equals\(cues(?:\[(\d+)\]\.(\w+)|\.length),\s*('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|-?[0-9.]+|null)"
)


def _literal(text: str) -> Any:
    if text == "null":
        return None
    if text[0] in "'\"":
        return json.loads('"' + text[1:-1].replace('"', '\\"').replace("\\'", "'") + '"')
    return float(text)


def _check_literals(name: str, track: Track) -> int:
    cues, _ = _cue_dicts(track)
    checked = 0
    for line in _assertions(name).split("\n"):
        m = _LITERAL.match(line.strip())
        if m is None:
            continue
        index, prop, value = m.group(1), m.group(2), _literal(m.group(3))
        if index is None:
            assert len(cues) == value, f"{name}: cue count {len(cues)} != {value}"
        else:
            cue = cues[int(index)]
            if prop in ("startTime", "endTime"):
                got: Any = cue["startMs" if prop == "startTime" else "endMs"] / 1000
            elif prop == "region":
                got = None if cue["region"] is None else cue["region"]
            else:
                got = cue[prop]
            if isinstance(value, float) and isinstance(got, (int, float)):
                assert math.isclose(got, value), f"{name}: cues[{index}].{prop} = {got!r}, expected {value!r}"
            else:
                assert got == value, f"{name}: cues[{index}].{prop} = {got!r}, expected {value!r}"
        checked += 1
    return checked


# --------------------------------------------------------------------------
# node check of the whole assertion block

_HARNESS = """
"use strict";
function same(a, b) { return Object.is(a, b); }
function fmt(x) { try { return JSON.stringify(x); } catch (e) { return String(x); } }
function assert_equals(a, b, msg) {
  if (!same(a, b)) throw new Error((msg || '') + ': got ' + fmt(a) + ' expected ' + fmt(b));
}
function assert_not_equals(a, b, msg) { if (same(a, b)) throw new Error((msg || '') + ': both ' + fmt(a)); }
function assert_true(a, msg) { if (a !== true) throw new Error((msg || '') + ': not true: ' + fmt(a)); }
function assert_false(a, msg) { if (a !== false) throw new Error((msg || '') + ': not false: ' + fmt(a)); }
const CSSRule = { STYLE_RULE: 1 };
const DATA = __DATA__;
const regions = DATA.regions.map(r => ({ id: r.id, width: r.width, lines: r.lines,
  regionAnchorX: r.ra[0], regionAnchorY: r.ra[1], viewportAnchorX: r.va[0], viewportAnchorY: r.va[1],
  scroll: r.scroll }));
const cues = DATA.cues.map(c => { const o = Object.assign({}, c);
  o.startTime = c.startMs / 1000; o.endTime = c.endMs / 1000;
  o.region = c.region === null ? null : regions[c.region]; return o; });
const document = { styleSheets: DATA.sheets.map(s => ({ cssRules: s.map(sel => ({ type: 1, selectorText: sel })) })) };
(function () {
__BODY__
})();
console.log("PASS");
"""


def _js_number(x: Any) -> Any:
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def _run_node(name: str, track: Track, body: str) -> None:
    assert NODE is not None
    cues, regions = _cue_dicts(track)
    for c in cues:
        for k in ("line", "position", "size"):
            c[k] = _js_number(c[k])
    data = {
        "cues": cues,
        "regions": [
            {
                "id": r.id,
                "width": _js_number(r.width),
                "lines": r.lines,
                "ra": [_js_number(v) for v in r.region_anchor],
                "va": [_js_number(v) for v in r.viewport_anchor],
                "scroll": r.scroll,
            }
            for r in regions
        ],
        "sheets": _stylesheets(track),
    }
    script = _HARNESS.replace("__DATA__", json.dumps(data)).replace("__BODY__", body)
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8") as fh:
        fh.write(script)
        path = fh.name
    try:
        proc = subprocess.run([NODE, path], capture_output=True, text=True, timeout=60, check=False)
    finally:
        Path(path).unlink()
    assert proc.returncode == 0 and "PASS" in proc.stdout, f"{name}: {proc.stderr.strip()[-600:]}"


#: Tests whose stored revision cannot pass in any browser (documented in docs/formats-vtt.md).
BROKEN_UPSTREAM = {
    "regions-regionanchor": "this revision defines `id:6` fifteen times while its cues use region:7..20, "
    "so the assertions dereference null regions",
}


def _params() -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(reason=BROKEN_UPSTREAM[n], strict=True)) if n in BROKEN_UPSTREAM else n
        for n in _tests()
    ] or ["(absent)"]


@pytest.mark.parametrize("name", _params())
def test_wpt_file_parsing(name: str) -> None:
    """One ``support/<name>.test``: our reader satisfies its assertions."""
    _need_wpt()
    if not (WPT / "tests" / "support" / f"{name}.vtt").is_file():
        pytest.skip(f"no generated input for {name}")
    track = _read(name)
    body = _assertions(name)
    checked = _check_literals(name, track)
    if NODE is not None:
        _run_node(name, track, body)
    else:
        assert checked or "cues" not in body, f"{name}: no literal assertion understood and node is absent"


_HTML_CASES = ("header-timings", "signature-tab-no-newline")


@pytest.mark.parametrize("name", _HTML_CASES)
def test_wpt_html_cases(name: str) -> None:
    """The hand-written ``tests/*.html`` cases with a stored input."""
    _need_wpt()
    page = WPT / "tests" / f"{name}.html"
    if not page.is_file():
        pytest.skip(f"{page.name} absent")
    pattern = r"var cues = video\.textTracks\[0\]\.cues;\s*\{(.*?)\n    \}"
    m = re.search(pattern, page.read_text(encoding="utf-8"), re.S)
    assert m is not None
    body = m.group(1)
    track = _read(name)
    count = re.search(r"assert_equals\(cues\.length, (\d+)\)", body)
    assert count is not None and len(track.cues) == int(count.group(1))
    if NODE is not None:
        _run_node(name, track, body)


def test_wpt_header_regions() -> None:
    """``tests/header-regions.html``: each cue's text names the region it must get."""
    _need_wpt()
    if not (WPT / "tests" / "support" / "header-regions.vtt").is_file():
        pytest.skip("header-regions.vtt absent")
    track = _read("header-regions")
    assert len(track.cues) == 9
    cues, regions = _cue_dicts(track)
    defaults = {
        "width": 100,
        "lines": 3,
        "regionAnchorX": 0,
        "regionAnchorY": 100,
        "viewportAnchorX": 0,
        "viewportAnchorY": 100,
        "scroll": "",
    }
    for i, cue in enumerate(cues):
        expected = json.loads(cue["text"])
        if cue["region"] is None:
            assert expected == "no region", f"cue {i + 1}"
            continue
        r = regions[cue["region"]]
        got = {
            "width": r.width,
            "lines": r.lines,
            "regionAnchorX": r.region_anchor[0],
            "regionAnchorY": r.region_anchor[1],
            "viewportAnchorX": r.viewport_anchor[0],
            "viewportAnchorY": r.viewport_anchor[1],
            "scroll": r.scroll,
        }
        assert isinstance(expected, dict), f"cue {i + 1}: expected no region, got {r.id}"
        assert got == {**defaults, **expected}, f"cue {i + 1}"


@pytest.mark.parametrize("name", _rejects() or ["(absent)"])
def test_wpt_signature_rejected(name: str) -> None:
    """Every must-reject file raises ParseError on line 1 (after a single BOM is stripped)."""
    _need_wpt()
    text = (WPT / "support" / name).read_bytes().decode("utf-8", errors="replace")
    with pytest.raises(ParseError) as info:
        vtt.read(text, Report())
    assert info.value.line == 1
