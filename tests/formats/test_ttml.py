"""TTML: IMSC 1.1 Text Profile output (structure checked against the spec's required elements,
loaded by pysubs2), reading TTML/DFXP from the wild, safe XML parsing, round trips."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, detect_format, dumps, loads, read
from subconv.formats import from_extension, get
from subconv.model import Cue, FrozenMap, Span, Track
from tests.clirun import run_subconv
from tests.strategies import tracks

REPO = Path(__file__).resolve().parents[2]
TT = "{http://www.w3.org/ns/ttml}"
TTP = "{http://www.w3.org/ns/ttml#parameter}"
TTS = "{http://www.w3.org/ns/ttml#styling}"
TTM = "{http://www.w3.org/ns/ttml#metadata}"
XML = "{http://www.w3.org/XML/1998/namespace}"
CLOCK = re.compile(r"\d{2,}:[0-5]\d:[0-5]\d\.\d{3}")

# what subconv's TTML may contain: IMSC 1.1 Text Profile elements and the attributes it uses
ALLOWED = {
    f"{TT}tt": {f"{XML}lang", f"{TTP}timeBase", f"{TTP}contentProfiles"},
    f"{TT}head": set(),
    f"{TT}metadata": set(),
    f"{TTM}title": set(),
    f"{TT}layout": set(),
    f"{TT}region": {f"{XML}id", f"{TTS}origin", f"{TTS}extent", f"{TTS}displayAlign", f"{TTS}textAlign"},
    f"{TT}body": set(),
    f"{TT}div": set(),
    f"{TT}p": {"begin", "end", "region", f"{XML}space", f"{TTS}color"},
    f"{TT}span": {f"{TTS}fontStyle", f"{TTS}fontWeight", f"{TTS}textDecoration", f"{TTS}color"},
    f"{TT}br": set(),
}
PARENTS = {
    "head": "tt",
    "body": "tt",
    "metadata": "head",
    "title": "metadata",
    "layout": "head",
    "region": "layout",
    "div": "body",
    "p": "div",
    "span": "p|span",
    "br": "p|span",
}


def validate(document: str) -> ET.Element:
    """Check ``document`` against the structure TTML2 / IMSC 1.1 require of it (as subconv writes it)."""
    root = ET.fromstring(document.encode("utf-8"))
    assert root.tag == f"{TT}tt"
    assert f"{XML}lang" in root.attrib  # IMSC 1.1 §7.1: xml:lang on tt
    assert root.get(f"{TTP}timeBase") == "media"
    assert root.get(f"{TTP}contentProfiles") == "http://www.w3.org/ns/ttml/profile/imsc1.1/text"
    assert [child.tag for child in root] == [f"{TT}head", f"{TT}body"]
    parent_of = {child: parent for parent in root.iter() for child in parent}
    ids = [el.get(f"{XML}id") for el in root.iter() if el.get(f"{XML}id") is not None]
    assert len(ids) == len(set(ids))
    regions = {el.get(f"{XML}id") for el in root.iter(f"{TT}region")}
    for el in root.iter():
        assert el.tag in ALLOWED, el.tag
        assert set(el.attrib) <= ALLOWED[el.tag], (el.tag, el.attrib)
        local = el.tag.rsplit("}", 1)[1]
        if el is not root:
            assert parent_of[el].tag.rsplit("}", 1)[1] in PARENTS[local].split("|"), local
        if f"{TTS}color" in el.attrib:  # (TTML <color>: subconv writes #rrggbb)
            assert re.fullmatch(r"#[0-9a-f]{6}", el.get(f"{TTS}color", "")), el.attrib
        if el.tag == f"{TT}p":
            assert CLOCK.fullmatch(el.get("begin", "")) and CLOCK.fullmatch(el.get("end", ""))
            assert el.get("region") in regions
        if el.tag in (f"{TT}region", f"{TT}div", f"{TT}body", f"{TT}head", f"{TT}layout", f"{TT}br"):
            assert not (el.text or "").strip()
    return root


def test_writes_imsc_text_profile() -> None:
    t = Track(
        (
            Cue(1000, 3500, ("Hello", "big <world> & co"), (Span(2, 8, "i"), Span(4, 14, "b"))),
            Cue(4000, 5000, ("On top",), extras=FrozenMap({"ttml.align": "8"})),
        ),
        language="en",
        title="Demo",
    )
    doc = dumps(t, "ttml")
    root = validate(doc)
    assert root.get(f"{XML}lang") == "en"
    ps = list(root.iter(f"{TT}p"))
    assert [(p.get("begin"), p.get("end"), p.get("region")) for p in ps] == [
        ("00:00:01.000", "00:00:03.500", "bottom"),
        ("00:00:04.000", "00:00:05.000", "top"),
    ]
    assert '<span tts:fontStyle="italic">ll</span>' in doc and "<br/>" in doc
    top = next(r for r in root.iter(f"{TT}region") if r.get(f"{XML}id") == "top")
    assert top.get(f"{TTS}displayAlign") == "before"
    assert loads(doc).cues == t.cues and loads(doc).title == "Demo" and loads(doc).language == "en"
    assert detect_format(doc) == "ttml" and from_extension("x.dfxp") == "ttml" and get("imsc").name == "ttml"


@settings(max_examples=60)
@given(tracks(hostile=True, max_ms=10 * 3600 * 1000))
def test_round_trip_hostile_text(track: Track) -> None:
    doc = dumps(track, "ttml")
    validate(doc)
    assert detect_format(doc) == "ttml"
    back = loads(doc, "ttml")
    assert [(c.start, c.end, c.lines, c.spans) for c in back.cues] == [
        (c.start, c.end, c.lines, c.spans) for c in track.cues
    ]


@settings(max_examples=40)
@given(
    tracks(spans=False, max_ms=10 * 3600 * 1000).filter(lambda t: not any(ch in c.text for c in t.cues for ch in "\\{"))
)
def test_pysubs2_loads_the_output(track: Track) -> None:
    """(pysubs2's text is ASS markup: a literal backslash there is an escape and ``{...}`` an
    override block its plaintext drops, so neither here.)"""
    pysubs2 = pytest.importorskip("pysubs2")
    subs = pysubs2.SSAFile.from_string(dumps(track, "ttml"), format_="ttml")
    assert [(e.start, e.end) for e in subs] == [(c.start, c.end) for c in track.cues]
    assert [e.plaintext.split("\n") for e in subs] == [[" ".join(x.split()) for x in c.lines] for c in track.cues]


def test_control_characters_are_dropped_and_reported() -> None:
    rep = Report()
    t = Track((Cue(0, 1000, ("bell\x07 and\x1b[31m red", "ok"), (Span(4, 6, "i"),)),))
    doc = dumps(t, "ttml", report=rep)
    validate(doc)
    assert loads(doc).cues[0].lines == ("bell and[31m red", "ok")
    assert loads(doc).cues[0].spans == (Span(4, 5, "i"),)
    assert rep.by_action("dropped")


WILD = """<?xml version="1.0" encoding="utf-8"?>
<!-- exported by some tool -->
<tt xml:lang="fr" xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:tts="http://www.w3.org/2006/10/ttaf1#styling"
    xmlns:ttp="http://www.w3.org/2006/10/ttaf1#parameter" ttp:frameRate="25" ttp:tickRate="10000000">
  <head>
    <styling>
      <style xml:id="base" tts:fontWeight="bold"/>
      <style xml:id="it" style="base" tts:fontStyle="italic"/>
    </styling>
    <layout>
      <region xml:id="upper" tts:origin="10% 5%" tts:extent="80% 20%"/>
      <region xml:id="lower" tts:origin="10% 75%" tts:extent="80% 20%"/>
    </layout>
  </head>
  <body region="lower">
    <div begin="10s">
      <p begin="00:00:01.5" end="00:00:03:05">
        Hello,
        <span style="it">dear
          <span tts:fontWeight="normal">friend</span></span>
        <br />  second   line
      </p>
      <p begin="50000000t" dur="1000ms" region="upper">Top</p>
      <p begin="250f" end="12.5s"><span tts:textDecoration="underline">under</span>lined</p>
    </div>
    <div timeContainer="seq">
      <p dur="1s">one</p>
      <p dur="2s">two</p>
    </div>
  </body>
</tt>
"""


def test_reads_ttml_from_the_wild() -> None:
    t = loads(WILD)
    c = t.cues
    assert [(x.start, x.end) for x in c] == [(11500, 13200), (15000, 16000), (20000, 22500), (0, 1000), (1000, 3000)]
    assert c[0].lines == ("Hello, dear friend", "second line")
    assert c[0].spans == (Span(7, 12, "b"), Span(7, 18, "i"))
    assert c[1].lines == ("Top",) and c[1].extras["ttml.align"] == "8"
    assert "ttml.align" not in c[0].extras
    assert c[2].lines == ("underlined",) and c[2].spans == (Span(0, 5, "u"),)
    assert t.language == "fr"
    assert detect_format(WILD) == "ttml"


@pytest.mark.parametrize(
    ("expr", "ms"),
    [
        ("1.5s", 1500),
        ("1500ms", 1500),
        ("0.5m", 30000),
        ("1h", 3600000),
        ("36f", 1500),
        ("15000t", 1500),
        ("00:00:01.5", 1500),
        ("00:00:01:12", 1500),
        ("01:00:00.0005", 3600001),
        ("00:00:00:01.1", 63),
    ],
)
def test_time_expressions(expr: str, ms: int) -> None:
    doc = (
        f'<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        f'ttp:frameRate="24" ttp:subFrameRate="2" ttp:tickRate="10000"><body><div>'
        f'<p begin="{expr}" end="99h">x</p></div></body></tt>'
    )
    assert loads(doc).cues[0].start == ms


def test_frame_rate_multiplier() -> None:
    doc = (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
        'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"><body><p begin="00:00:01:00" end="30f">x</p>'
        "</body></tt>"
    )
    cue = loads(doc).cues[0]
    assert (cue.start, cue.end) == (1000, 1001)


@pytest.mark.parametrize(
    ("doc", "line"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE tt [<!ENTITY a "aaaa">]>\n<tt xmlns="http://www.w3.org/ns/ttml"/>', 2),
        ('<tt xmlns="http://www.w3.org/ns/ttml">\n<body><p begin="x" end="1s">a</p></body></tt>', 2),
        ('<tt xmlns="http://www.w3.org/ns/ttml">\n<body>\n<p begin="' + "9" * 5000 + 's">a</p></body></tt>', 3),
        ('<tt xmlns="http://www.w3.org/ns/ttml">\n<body>\n<p begin="1s">a</body></tt>', 3),
        ('<div xmlns="http://www.w3.org/ns/ttml"/>', 1),
    ],
)
def test_bad_documents_are_parse_errors_at_their_line(doc: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        loads(doc, "ttml")
    assert info.value.line == line


def test_entities_are_never_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="0s" end="1s">&lol2;</p></body></tt>'
    )
    external = (
        '<!DOCTYPE tt [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><p begin="0s" end="1s">&xxe;</p></body></tt>'
    )
    for doc in (laughs, external):
        assert detect_format(doc) == "ttml"
        with pytest.raises(ParseError, match="DOCTYPE"):
            loads(doc, "ttml")


def test_youtube_timedtext_xml_is_still_a_page() -> None:
    path = REPO / ".." / "shared" / "corpus" / "youtube-auto" / "timedtext-srv1-babelsubs" / "youtube.xml"
    if not path.is_file():
        pytest.skip("../shared corpus is absent")
    rep = Report()
    read(path, report=rep)
    assert rep.info["format"] == "page"


def test_cli_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,500\n<i>Hi</i> there\n", encoding="utf-8")
    out = tmp_path / "out.ttml"
    done = run_subconv("convert", str(src), "-o", str(out))
    assert done.returncode == 0, done.stderr
    validate(out.read_text(encoding="utf-8"))
    back = run_subconv("convert", str(out))
    assert back.stdout == "1\n00:00:01,000 --> 00:00:02,500\n<i>Hi</i> there\n"


def test_preserved_line_feeds_missing_ends_and_clipped_paragraphs() -> None:
    rep = Report()
    doc = (
        '<tt xmlns="http://www.w3.org/ns/ttml">\n<body>\n<div end="10s">\n'
        '<p begin="1s" xml:space="preserve">  two\nlines </p>\n'
        '<p begin="4s" end="20s">clipped</p>\n'
        '<p begin="11s" end="12s">never shown</p>\n'
        "</div></body></tt>"
    )
    t = loads(doc, "ttml", report=rep)
    assert [(c.start, c.end, c.lines) for c in t.cues] == [
        (1000, 10000, ("  two", "lines ")),  # no end: the parent's
        (4000, 10000, ("clipped",)),
    ]
    assert ("dropped", 7) in {(e.action, e.line) for e in rep.entries}  # (the first p spans lines 4-5)


@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=60))
def test_open_paragraphs_end_where_the_next_one_starts(spec: list[tuple[int, bool]]) -> None:
    """A <p> without an end ends at the earliest start, at or after its own, of a <p> after it
    (its own start when there is none), however the paragraphs are ordered."""
    body = "".join(
        f'<p begin="{b}s"{"" if open_ else f" end={chr(34)}{b + 1}s{chr(34)}"}>c{k}</p>'
        for k, (b, open_) in enumerate(spec)
    )
    doc = f'<tt xmlns="http://www.w3.org/ns/ttml"><body><div>{body}</div></body></tt>'
    track = loads(doc, "ttml")
    ends = {c.text: c.end for c in track.cues}
    for k, (b, open_) in enumerate(spec):
        later = [s for s, _ in spec[k + 1 :] if s >= b]
        expected = (min(later) if later else b) if open_ else b + 1
        assert ends[f"c{k}"] == expected * 1000


def test_the_body_is_read_as_it_is_parsed() -> None:
    """Each <p> is read at its end with what it inherits from the elements still open around it
    (a seq container's previous child, nested divs), a <p> inside other body content is not a
    cue, and a title in the body counts where the head has none."""
    doc = (
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata">'
        '<body begin="10s" timeContainer="seq"><div dur="5s"><p dur="2s">a</p></div>'
        '<div><metadata><ttm:title>In the body</ttm:title><p begin="0s" end="1s">hidden</p></metadata>'
        '<div begin="1s"><p begin="1s" end="2s">b</p></div></div></body></tt>'
    )
    track = loads(doc, "ttml")
    assert [(c.text, c.start, c.end) for c in track.cues] == [("a", 10_000, 12_000), ("b", 17_000, 18_000)]
    assert track.title == "In the body"
