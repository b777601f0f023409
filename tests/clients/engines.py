"""Drive the real engines (ffmpeg/ffprobe, libass, headless Chromium) and read back what they saw.

Everything is compared as *visible text*: a list of lines, each a list of
``(character, formatting)`` pairs where formatting is the set of ``i``/``b``/``u``
in force.  Whitespace carries no formatting, lines are stripped and empty
lines dropped (players do not show them; ffmpeg trims them).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from subconv.model import Cue, Track
from subconv.timefmt import to_resolution

#: Zero-width characters writers may insert to break markup (``<\u2060i>``); not compared.
INVISIBLE = frozenset("\u2060\u200b")

Styled = tuple[tuple[str, frozenset[str]], ...]  # one line of visible text
Visible = tuple[Styled, ...]

TIMEOUT = 120


@dataclass(frozen=True)
class SeenCue:
    """One cue as an engine reports it."""

    start: int
    end: int
    text: Visible
    id: str | None = None
    raw: str = ""


def visible(chars: Iterable[tuple[str, frozenset[str]]]) -> Visible:
    """Normalise styled characters into stripped, non-empty lines (whitespace unstyled).

    >>> visible([(" ", frozenset()), ("a", frozenset("i")), ("\\n", frozenset()), (" ", frozenset("i"))])
    ((('a', frozenset({'i'})),),)
    """
    lines: list[list[tuple[str, frozenset[str]]]] = [[]]
    for ch, kinds in chars:
        if ch in INVISIBLE:
            continue
        if ch == "\n":
            lines.append([])
            continue
        lines[-1].append((ch, frozenset() if ch.isspace() else kinds))
    out = []
    for line in lines:
        a, b = 0, len(line)
        while a < b and line[a][0].isspace():
            a += 1
        while b > a and line[b - 1][0].isspace():
            b -= 1
        if a < b:
            out.append(tuple(line[a:b]))
    return tuple(out)


def plain(v: Visible) -> str:
    """The characters of ``v``, lines joined by newlines."""
    return "\n".join("".join(ch for ch, _ in line) for line in v)


def model_visible(cue: Cue, prefix: str = "") -> Visible:
    """What a cue of the model should look like on screen (``prefix``: e.g. a speaker label)."""
    text = cue.text
    kinds: list[set[str]] = [set() for _ in text]
    for s in cue.spans:
        for k in range(max(0, s.start), min(len(text), s.end)):
            kinds[k].add(s.kind)
    chars: list[tuple[str, frozenset[str]]] = [(ch, frozenset()) for ch in prefix]
    chars += [(ch, frozenset(k)) for ch, k in zip(text, kinds, strict=True)]
    return visible(chars)


def expected_variants(cue: Cue) -> list[Visible]:
    """Acceptable renderings: the text, or the text after a ``NAME: `` speaker label."""
    out = [model_visible(cue)]
    if cue.speaker:
        out.append(model_visible(cue, f"{cue.speaker}: "))
    return out


# --------------------------------------------------------------------------- ASS text

_TAG = re.compile(r"\\(i|b|u)(\d+)")


def ass_visible(text: str) -> Visible:
    """Decode an ASS ``Dialogue`` text field as libass shows it: ``\\N``/``\\n`` break,
    ``\\h`` is a no-break space, ``\\{``/``\\}`` are braces, ``{...}`` blocks are overrides
    (``\\i1``/``\\b1``/``\\u1`` switch formatting on, ``0`` off).

    >>> plain(ass_visible(r"{\\i1}Hi{\\i0}\\Nthere \\{x\\}"))
    'Hi\\nthere {x}'
    """
    chars: list[tuple[str, frozenset[str]]] = []
    state: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            close = text.find("}", i + 1)
            if close < 0:  # an unclosed brace is text
                chars.append((ch, frozenset(state)))
                i += 1
                continue
            for kind, value in _TAG.findall(text[i + 1 : close]):
                if value == "0":
                    state.discard(kind)
                else:
                    state.add(kind)
            i = close + 1
            continue
        if ch == "\\" and i + 1 < n and text[i + 1] in "Nnh{}":
            nxt = text[i + 1]
            chars.append(({"N": "\n", "n": "\n", "h": "\xa0"}.get(nxt, nxt), frozenset(state)))
            i += 2
            continue
        chars.append((ch, frozenset(state)))
        i += 1
    return visible(chars)


# --------------------------------------------------------------------------- ffmpeg


def which(name: str) -> str | None:
    """Path of executable ``name`` or None."""
    return shutil.which(name)


def _run(args: Sequence[str]) -> str:
    proc = subprocess.run(list(args), capture_output=True, timeout=TIMEOUT, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"{args[0]} failed ({proc.returncode}): {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    return proc.stdout.decode("utf-8", "replace")


def ffmpeg_ass(path: Path) -> str:
    """The ASS script ffmpeg renders of the subtitle file ``path`` (each cue's text and tags as
    ffmpeg reads them)."""
    return _run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "ass", "-"])


def ffmpeg_cues(path: Path) -> list[SeenCue]:
    """The cues ffmpeg reads from ``path``: times from ffprobe's packets, text from ffmpeg's ASS rendering."""
    probe = json.loads(
        _run(["ffprobe", "-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "json", str(path)])
    )
    times = [
        (round(float(p["pts_time"]) * 1000), round((float(p["pts_time"]) + float(p.get("duration_time", 0))) * 1000))
        for p in probe.get("packets", [])
    ]
    ass = ffmpeg_ass(path)
    events = []
    for line in ass.splitlines():
        if line.startswith("Dialogue:"):
            fields = line.split(",", 9)
            events.append((_ass_time(fields[1]), _ass_time(fields[2]), fields[9].rstrip("\r")))
    # ffmpeg's ASS output keeps file order while packets are sorted by time, and it writes no event
    # for a packet whose text decodes to nothing: pair each event with an unused packet of the same
    # times (ASS times are centiseconds: start rounded, end = rounded start + rounded duration).
    free: dict[int, list[int]] = {}
    for k, (start, _) in enumerate(times):
        free.setdefault(start // 1000, []).append(k)
    text: dict[int, str] = {}
    for es, ee, raw in events:
        found = None
        if es < ASS_MAX_MS:
            buckets = [es // 1000 - 1, es // 1000, es // 1000 + 1]
        else:
            buckets = sorted(b for b in free if b >= es // 1000 - 1)
        for bucket in buckets:
            for k in free.get(bucket, []):
                if k not in text and _near(times[k][0], es, 5) and _near(times[k][1], ee, 10):
                    found = k
                    break
            if found is not None:
                break
        assert found is not None, f"ffmpeg wrote an event {es}-{ee} ms that matches no packet"
        text[found] = raw
    return [
        SeenCue(start, end, ass_visible(text.get(k, "")), raw=text.get(k, "")) for k, (start, end) in enumerate(times)
    ]


ASS_MAX_MS = 35_999_990  # 9:59:59.99: ffmpeg's ASS output clamps later times to this


def _near(ms: int, ass_ms: int, tolerance: int) -> bool:
    if ass_ms >= ASS_MAX_MS:
        return ms >= ASS_MAX_MS - tolerance
    return abs(ms - ass_ms) <= tolerance


def _ass_time(text: str) -> int:
    h, m, s = text.strip().split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)


def expected_cues(track: Track, fmt: str) -> list[Cue]:
    """The cues of ``track`` in the order ffmpeg delivers them (stable by start), at ``fmt``'s resolution.

    ffmpeg's SRT and WebVTT demuxers drop a cue identical (same times, same text) to the previous one.
    """
    res = 10 if fmt == "ass" else 1
    top = 359_999_990 if fmt == "ass" else 359_999_999  # 99:59:59.99(9); the writers clamp and report
    cues = [
        c.replace(start=min(to_resolution(c.start or 0, res), top), end=min(to_resolution(c.end or 0, res), top))
        for c in track.cues
    ]
    cues = sorted(cues, key=lambda c: c.start or 0)
    if fmt in ("srt", "vtt"):  # ffmpeg drops a cue identical (times and text) to the one before it
        out: list[Cue] = []
        for c in cues:
            if not out or out[-1] != c:
                out.append(c)
        cues = out
    return cues


def compare(expected: Sequence[Cue], seen: Sequence[SeenCue], where: str, ids: bool = False) -> list[str]:
    """Differences between what we meant and what an engine saw (empty when they agree).

    Cues are matched by time (engines order simultaneous cues differently), then by text.
    With ``ids``, a cue's ``vtt.id`` must come back as its identifier.
    """
    problems = []
    if len(expected) != len(seen):
        problems.append(f"{where}: {len(expected)} cues written, engine saw {len(seen)}")
    pool: dict[tuple[int, int], list[SeenCue]] = {}
    for s in seen:
        pool.setdefault((s.start, s.end), []).append(s)
    for k, c in enumerate(sorted(expected, key=lambda c: (c.start or 0, c.end or 0))):
        key = (c.start or 0, c.end or 0)
        candidates = pool.get(key, [])
        variants = expected_variants(c)
        match = next((s for s in candidates if s.text in variants), None)
        if match is None:
            if candidates:
                s = candidates[0]
                problems.append(
                    f"{where}: cue {k + 1} at {key[0]}-{key[1]} ms: text {c.text!r} {list(c.spans)!r} "
                    f"read as {plain(s.text)!r} (raw {s.raw!r})"
                )
            else:
                near = sorted(seen, key=lambda s: abs(s.start - key[0]))[:1]
                got = f"{near[0].start}-{near[0].end}" if near else "nothing"
                problems.append(f"{where}: cue {k + 1}: times {key[0]}-{key[1]} ms not seen (nearest {got})")
        else:
            candidates.remove(match)
            want_id = c.extras.get("vtt.id")
            if ids and isinstance(want_id, str) and match.id != want_id:
                problems.append(f"{where}: cue {k + 1}: id {want_id!r} read as {match.id!r}")
        if len(problems) > 8:
            break
    return problems


# --------------------------------------------------------------------------- Chromium

_PAGE = """<!doctype html><meta charset="utf-8"><body><video preload="auto">{tracks}</video>
<pre id="out">PENDING</pre><script>
const els = Array.from(document.querySelectorAll('track'));
const results = new Array(els.length).fill(null);
function styles(node, inh, acc) {{
  for (const ch of node.childNodes) {{
    if (ch.nodeType === 3) {{ acc.push([ch.data, inh.join('')]); continue; }}
    const t = (ch.localName || '');
    const k = (t === 'i' || t === 'b' || t === 'u') ? inh.concat([t]) : inh;
    styles(ch, k, acc);
  }}
  return acc;
}}
function finish(force) {{
  if (!force && results.some(r => r === null)) return;
  const json = JSON.stringify(results.map(
    (r, n) => r === null ? {{status: 'pending:' + els[n].readyState, cues: []}} : r));
  const bytes = new TextEncoder().encode(json);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  document.getElementById('out').textContent = btoa(bin);
}}
els.forEach((el, n) => {{
  el.track.mode = 'hidden';
  const dump = (status) => {{
    const cues = el.track.cues, list = [];
    if (cues) for (let i = 0; i < cues.length; i++) {{
      const c = cues[i], d = document.createElement('div');
      d.appendChild(c.getCueAsHTML());
      list.push({{id: c.id, start: c.startTime, end: c.endTime, text: c.text, runs: styles(d, [], [])}});
    }}
    results[n] = {{status: status, cues: list}};
    finish();
  }};
  el.addEventListener('load', () => dump('load'));
  el.addEventListener('error', () => dump('error'));
}});
setTimeout(() => finish(true), {deadline});
</script>"""


def chromium_binary() -> str | None:
    """The Chromium (or Chrome) executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_cues(binary: str, files: Sequence[Path]) -> list[list[SeenCue]]:
    """Load each WebVTT file through a ``<track>`` in one headless Chromium run; the cues per file."""
    with tempfile.TemporaryDirectory(prefix="subconv-chromium-") as tmp:
        root = Path(tmp)
        names = []
        for k, f in enumerate(files):
            name = f"t{k}.vtt"
            shutil.copyfile(f, root / name)
            names.append(name)
        tracks = "".join(f'<track kind="subtitles" src="{n}">' for n in names)
        page = root / "page.html"
        budget = 5000 + 200 * len(files)
        page.write_text(_PAGE.format(tracks=tracks, deadline=budget - 1000), encoding="utf-8")
        proc = subprocess.run(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--mute-audio",
                f"--user-data-dir={root / 'profile'}",
                "--allow-file-access-from-files",
                f"--virtual-time-budget={budget}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
        dom = proc.stdout.decode("utf-8", "replace")
    m = re.search(r'<pre id="out">([^<]*)</pre>', dom)
    assert m is not None, f"no result in Chromium's DOM (exit {proc.returncode}): {proc.stderr[-1500:]!r}"
    assert m.group(1) != "PENDING", "Chromium's page did not run"
    results = json.loads(base64.b64decode(m.group(1)).decode("utf-8"))
    out = []
    for r in results:
        assert r["status"] == "load", f"Chromium did not load a WebVTT file: {r['status']} (error event or timeout)"
        cues = []
        for c in r["cues"]:
            chars = [(ch, frozenset(kinds)) for text, kinds in c["runs"] for ch in text]
            cues.append(
                SeenCue(round(c["start"] * 1000), round(c["end"] * 1000), visible(chars), id=c["id"], raw=c["text"])
            )
        out.append(cues)
    return out


def chromium_expected(track: Track) -> list[Cue]:
    """The cues in the order a ``TextTrack`` lists them: by start, then by end descending, then file order."""
    return sorted(track.cues, key=lambda c: (c.start or 0, -(c.end or 0)))


# --------------------------------------------------------------------------- libass


def render_gray(
    ass_file: Path, seconds: int, size: tuple[int, int] = (320, 240), rate: int = 10, background: str = "black"
) -> list[bytes]:
    """Render ``ass_file`` with libass (ffmpeg's ``subtitles`` filter) over ``background``; one
    gray frame per 1/rate s."""
    w, h = size
    escaped = str(ass_file).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    proc = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"color={background}:s={w}x{h}:d={seconds}:r={rate}",
            "-vf",
            f"subtitles=filename='{escaped}'",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "-",
        ],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    frame = w * h
    data = proc.stdout
    return [data[k : k + frame] for k in range(0, len(data) - frame + 1, frame)]


_BRIGHT = bytes(0 if v < 60 else 1 for v in range(256))


def ink(frame: bytes, width: int = 320) -> tuple[int, tuple[int, int, int, int] | None]:
    """Bright pixel count and bounding box ``(left, top, right, bottom)`` of a gray frame."""
    mask = frame.translate(_BRIGHT)
    count = mask.count(1)
    if not count:
        return 0, None
    left, right, top, bottom = width, -1, None, 0
    for row in range(len(mask) // width):
        line = mask[row * width : (row + 1) * width]
        a = line.find(1)
        if a < 0:
            continue
        top = row if top is None else top
        bottom = row
        left = min(left, a)
        right = max(right, line.rfind(1))
    assert top is not None
    return count, (left, top, right, bottom)
