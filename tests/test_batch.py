"""Folder conversion: relative paths kept, failures isolated, summary and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
import subconv.cli
from subconv.batch import Progress
from tests.strategies import as_written

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _srt(n: int) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nline {i}\n\n" for i in range(1, n + 1))


def test_tree_converts_keeping_relative_paths_and_isolating_failures(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "one.srt").write_text(_srt(3), encoding="utf-8")
    (src / "a" / "two.srt").write_text(_srt(5), encoding="utf-8")
    (src / "a" / "b" / "broken.vtt").write_text("not webvtt\n", encoding="utf-8")
    (src / "a" / "b" / "three.srt").write_text(_srt(2), encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", "2"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "broken.vtt" in err and "Traceback" not in err
    assert "converted 3 of 4 files" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal
    for rel, n in (("one.vtt", 3), ("a/two.vtt", 5), ("a/b/three.vtt", 2)):
        assert len(subconv.read(out / rel)) == n
    assert not (out / "a" / "b" / "broken.vtt").exists()


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.buf: list[str] = []
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> int:
            self.buf.append(s)
            return len(s)

        def flush(self) -> None:
            pass

    for tty in (True, False):
        stream = Tty(tty)
        p = Progress(3, stream)  # type: ignore[arg-type]
        for _ in range(3):
            p.step()
        p.close()
        assert bool(stream.buf) is tty
        if tty:
            assert "3/3" in stream.buf[-2]


def test_a_folder_of_real_srts_converts_in_one_command(tmp_path: Path) -> None:
    timed = SHARED / "corpus" / "timed"
    if not timed.is_dir():
        pytest.skip("../shared/corpus is absent")
    srts = sorted(timed.rglob("*.srt"))[:12]
    src = tmp_path / "srts"
    for i, f in enumerate(srts):
        d = src / f"d{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i}_{f.name}").write_bytes(f.read_bytes())
    out = tmp_path / "vtts"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--to", "vtt"]) == 0
    for i, f in enumerate(srts):
        converted = subconv.read(out / f"d{i % 3}" / f"{i}_{f.name}".replace(".srt", ".vtt"))
        assert len(converted) == len(as_written(subconv.read(f)))  # cues with no visible text are not written


def test_outputs_that_would_collide_keep_their_source_ending(tmp_path: Path) -> None:
    # issue 14.1: X.ar-MA.srt and X.ar-MA.txt both became X.ar-MA.srt, the second replacing the first
    src = tmp_path / "in"
    src.mkdir()
    (src / "clip.ar.srt").write_text(_srt(3), encoding="utf-8")
    (src / "clip.ar.txt").write_text("First line of the transcript.\nSecond line.\n", encoding="utf-8")
    (src / "other.srt").write_text(_srt(2), encoding="utf-8")
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--jobs", "1", "--report", str(report)]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("_subconv")) == [
        "clip.ar.srt.srt",
        "clip.ar.txt.srt",
        "other.srt",
    ]
    assert len(subconv.read(out / "clip.ar.srt.srt")) == 3
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert files[str(src / "other.srt")]["output"] == str(out / "other.srt")
    assert files[str(src / "clip.ar.txt")]["output"] == str(out / "clip.ar.txt.srt")


def test_a_collision_the_naming_rule_cannot_solve_fails_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.srt").write_text(_srt(1), encoding="utf-8")
    (src / "x.txt").write_text("hello\n", encoding="utf-8")
    (src / "x.srt.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", encoding="utf-8")
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "x.srt.vtt" in err and "x.srt" in err and "would both be written" in err
    assert not out.exists() or not any(out.rglob("*.*"))


def test_output_names_rule() -> None:
    from pathlib import PurePosixPath

    from subconv.batch import output_names

    names = output_names([PurePosixPath("a/X.srt"), PurePosixPath("a/x.TXT"), PurePosixPath("b/x.srt")], ".vtt")
    assert [str(n) for n in names] == ["a/X.srt.vtt", "a/x.TXT.vtt", "b/x.vtt"]
    # the two names differ only in case: the message names both, not one name twice
    with pytest.raises(subconv.UsageError, match=r"X\.SRT\.vtt and x\.srt\.vtt, names that differ only in case"):
        output_names([PurePosixPath("X.SRT"), PurePosixPath("x.srt")], ".vtt")


def test_folder_mode_picks_files_by_the_registry_and_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # issue 14.2: SOURCES.md (a table) became 368 cues; .json/.xml/.ytt were skipped
    src = tmp_path / "in"
    src.mkdir()
    (src / "SOURCES.md").write_text(
        "# Sources\n\n| file | origin |\n| --- | --- |\n| a.srt | somewhere |\n| b.vtt | elsewhere |\n",
        encoding="utf-8",
    )
    (src / "talk.md").write_text(
        "# Episode 1\n\n**Ana:** Hello and welcome.\n\n**Ben:** Thanks for having me.\n\n**Ana:** Let us start.\n",
        encoding="utf-8",
    )
    (src / "config.json").write_text('{"not": "captions"}\n', encoding="utf-8")
    (src / "timed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8" ?><transcript><text start="0.5" dur="1.5">Hello</text>'
        '<text start="2" dur="1">World</text></transcript>\n',
        encoding="utf-8",
    )
    (src / "words.ytt").write_text(
        '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>'
        '<p t="500" d="1500">Hello</p><p t="2000" d="1000">there</p></body></timedtext>\n',
        encoding="utf-8",
    )
    (src / "audio.wav").write_bytes(b"RIFF\0\0\0\0WAVE")
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("_subconv")) == [
        "talk.srt",
        "timed.srt",
        "words.srt",
    ]
    assert "skipped 2 not recognised as captions" in capsys.readouterr().err
    # asked for: --from page converts the Markdown prose too
    out2 = tmp_path / "out2"
    subconv.cli.main(["convert", str(src), "-o", str(out2), "--jobs", "1", "--from", "page"])
    assert (out2 / "SOURCES.srt").exists()


def test_folder_mode_follows_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    from subconv import batch, formats

    assert not batch.is_input_name("clip.newfmt")
    # a format module added to the registry (one MODULES line) brings its extensions to folder mode
    srt = formats.get("srt")
    module = types.ModuleType("subconv.formats.newfmt")
    module.FORMAT = formats.Format("newfmt", (".newfmt",), srt.sniff, srt.read, None)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(formats, "MODULES", (*formats.MODULES, "newfmt"))
    monkeypatch.setattr(formats, "_cache", {})
    assert formats.from_extension("clip.newfmt") == "newfmt"
    assert batch.is_input_name("clip.newfmt")
    for name in ("a.srt", "a.vtt", "a.ass", "a.ssa", "a.json", "a.xml", "a.ytt", "a.smi", "a.txt", "a.html"):
        assert batch.is_input_name(name), name


def test_corpus_folder_converts_without_losing_outputs(tmp_path: Path) -> None:
    folder = SHARED / "corpus" / "youtube-auto" / "darija-youtube-asr-srt"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path / "out"
    report = tmp_path / "r.json"
    subconv.cli.main(["convert", str(folder), "-o", str(out), "--jobs", "1", "--report", str(report)])
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    inputs = sorted(p for p in folder.iterdir() if p.suffix in (".srt", ".txt"))
    assert len(files) == len(inputs)
    outputs = {f["output"] for f in files.values()}
    assert len(outputs) == len(inputs)
    assert all(Path(o).exists() for o in outputs)
    assert not any(Path(k).name == "README.md" for k in files)


def _folder(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.srt").write_text(_srt(3), encoding="utf-8")
    (src / "b.srt").write_text(_srt(2), encoding="utf-8")
    return src, tmp_path / "out"


@pytest.mark.parametrize(
    ("report", "kind"),
    [("in/a.srt", "input"), ("in/./b.srt", "input"), ("out/a.srt", "output"), ("out/_subconv.jsonl", "manifest")],
)
def test_folder_report_naming_an_input_an_output_or_the_manifest_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: str, kind: str
) -> None:
    src, out = _folder(tmp_path)
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 0
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert (
        subconv.cli.main(["convert", str(src), "-o", str(out), "--jobs", "1", "--report", str(tmp_path / report)]) == 2
    )
    assert f"refusing to write the report over the {kind}" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_folder_report_dash_goes_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = _folder(tmp_path)
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--jobs", "1", "--report", "-"]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert sorted(files) == [str(src / "a.srt"), str(src / "b.srt")]
    assert not Path("-").exists() and not (ROOT / "-").exists()


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("l.csv", "source,output\nd1/a.srt,../../victim.srt\n"),
        ("l.csv", "source,output\nd1/a.srt,/x/../../../victim.srt\n"),
        ("l.csv", "source,output\nd1/a.srt,sub/../../victim.srt\n"),
        ("l.jsonl", '{"source": "d1/a.srt", "output": "../victim.srt"}\n'),
        ("l.csv", "source,output\nd1/a.srt,_subconv.jsonl\n"),
    ],
)
def test_a_list_output_leaving_the_output_folder_is_refused_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, row: str
) -> None:
    lists = tmp_path / "lists"
    (lists / "d1").mkdir(parents=True)
    (lists / "d1" / "a.srt").write_text(_srt(2), encoding="utf-8")
    victim = tmp_path / "victim.srt"
    victim.write_text("precious\n", encoding="utf-8")
    (lists / name).write_text(row, encoding="utf-8")
    out = tmp_path / "out" / "o"
    assert subconv.cli.main(["convert", str(lists / name), "--input-list", "-o", str(out), "--to", "vtt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"subconv: error: {lists / name}:") and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.srt", "d1", name, "lists", "victim.srt"]


_SEGMENTS = st.lists(st.sampled_from(["a", "b", ".", "..", "", "_subconv.jsonl"]), min_size=1, max_size=6)


@given(segments=_SEGMENTS, absolute=st.booleans())
def test_a_list_output_is_a_file_inside_the_output_folder_or_refused(segments: list[str], absolute: bool) -> None:
    from subconv.errors import UsageError
    from subconv.scale import list_output

    out = ("/" if absolute else "") + "/".join(segments)
    stack: list[str] = []  # (walked by hand: a ".." below the folder leaves it)
    escapes = False
    for seg in segments:
        if seg == "..":
            escapes = escapes or not stack
            stack = stack[:-1]
        elif seg not in ("", "."):
            stack.append(seg)
    try:
        rel = list_output(out, "l.csv:2")
    except UsageError:
        assert escapes or stack in ([], ["_subconv.jsonl"])
        return
    assert not escapes and rel == "/".join(stack) and rel != "_subconv.jsonl"
    joined = PurePosixPath("/dst", rel)
    assert joined.parts[:2] == ("/", "dst") and ".." not in joined.parts and joined != PurePosixPath("/dst")


@pytest.mark.parametrize(
    ("name", "text", "line", "given", "first"),
    [
        ("list.txt", "d1/a.srt\nd1/a.srt\n", 2, "d1/a.srt", 1),
        ("list.txt", "# inputs\nd1/a.srt\nd1/b.srt\n./d1/../d1/a.srt\n", 4, "./d1/../d1/a.srt", 2),
        ("list.csv", "source\nd1/a.srt\nd1/a.srt\n", 3, "d1/a.srt", 2),
        ("list.jsonl", '"d1/a.srt"\n{"path": "d1/a.srt", "output": "x.srt"}\n', 2, "d1/a.srt", 1),
    ],
)
def test_an_input_listed_twice_is_said_as_such_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int, given: str, first: int
) -> None:
    """A list naming one file twice said ``a.srt and a.srt would both be written to a.srt.srt;
    rename one of them``: now the list's line and the line that named it first."""
    lists = tmp_path / "lists"
    (lists / "d1").mkdir(parents=True)
    for n in ("a.srt", "b.srt"):
        (lists / "d1" / n).write_text(_srt(2), encoding="utf-8")
    (lists / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", str(lists / name), "--input-list", "-o", str(out), "--to", "vtt"]) == 2
    err = capsys.readouterr().err
    assert err == f"subconv: error: {lists / name}:{line}: {given} is listed twice (first on line {first})\n"
    assert not out.exists()


def test_a_csv_header_naming_no_input_column_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A header without a source/url/path/input column was read as a file name (``cannot read
    .../name``); a list with no header still names its inputs in the first column."""
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "a.srt").write_text(_srt(2), encoding="utf-8")
    listed = tmp_path / "l.csv"
    listed.write_text("name,x\nd1/a.srt,1\n", encoding="utf-8")
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", str(listed), "--input-list", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"subconv: error: {listed}:1: no 'source' / 'url' / 'path' / 'input' column naming the inputs "
        "(the header names name, x)\n"
    )
    assert not out.exists()
    listed.write_text("d1/a.srt,1\n", encoding="utf-8")
    assert subconv.cli.main(["convert", str(listed), "--input-list", "-o", str(out)]) == 0
    assert (out / "a.srt").is_file()


def _loud_folder(src: Path) -> list[str]:
    """Inputs that each draw warnings a single-file run prints (with ``--merge-fragments``); their names, sorted."""
    src.mkdir()
    files = {
        "a_timed.srt": _srt(2),  # --merge-fragments on a timed file
        "b_late.vtt": "WEBVTT\n\n120:00:00.000 --> 120:00:01.000\nlate\n",  # past SRT's 99:59:59,999
        "c_broken.vtt": "not webvtt\n",  # an error, after its warnings
        "d_nocue.vtt": "WEBVTT\n\nNOTE nothing here\n",  # no cue: an empty output
        "e_quiet.srt": _srt(1),
    }
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    return sorted(files)


@pytest.mark.parametrize(("jobs", "listed"), [("1", False), ("2", False), ("2", True)])
def test_a_folder_run_prints_each_files_warnings_as_a_single_file_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str, listed: bool
) -> None:
    """Without --report or --explain, each input's warnings reach stderr named by that input,
    then its error, in input order (the list's order for --input-list), whatever --jobs; a
    warning of no line that several inputs draw (about the options) once, at the first of them,
    with how many more drew it."""
    src = tmp_path / "in"
    names = _loud_folder(src)
    if listed:  # a list names them in its own order
        names = names[::-1]
        (tmp_path / "list.txt").write_text("".join(f"{src / n}\n" for n in names), encoding="utf-8")
    singles: list[list[str]] = []
    for i, name in enumerate(names):
        subconv.cli.main(["convert", str(src / name), "-o", str(tmp_path / f"single{i}.srt"), "--merge-fragments"])
        singles.append(capsys.readouterr().err.splitlines())
    assert sum(line.startswith("subconv: warning: ") for lines in singles for line in lines) >= 5  # (drawn)
    want: list[str] = []
    for name, lines in zip(names, singles, strict=True):
        prefix = f"subconv: warning: {src / name}: "
        for line in lines:
            if not line.startswith(prefix):  # (one with a line, an error, a summary)
                want.append(line)
                continue
            reason = line[len(prefix) :]
            drew = sum(f"subconv: warning: {src / n}: {reason}" in ls for n, ls in zip(names, singles, strict=True))
            if drew == 1:
                want.append(line)
            elif not any(w.endswith(f" more file{'s' if drew > 2 else ''}: {reason}") for w in want):
                want.append(
                    f"subconv: warning: {src / name} and {drew - 1} more file{'s' if drew > 2 else ''}: {reason}"
                )
    assert len(want) < sum(map(len, singles))  # (the two timed inputs draw the --merge-fragments one)
    where = [str(tmp_path / "list.txt"), "--input-list"] if listed else [str(src)]
    status = subconv.cli.main(["convert", *where, "-o", str(tmp_path / "out"), "--merge-fragments", "--jobs", jobs])
    assert status == 1  # the broken input
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == want
    assert err[-1].startswith("subconv: converted 4 of 5 files")


def test_a_warning_about_the_options_is_printed_once_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--words`` to SBV, which has no word times, over a folder of three files: one warning line
    saying how many files drew it (before, one per file: a thousand for a folder of a thousand)."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.srt", "b.srt", "c.srt"):
        (src / name).write_text(_srt(2), encoding="utf-8")
    assert subconv.cli.main(["convert", str(src), "-o", str(tmp_path / "out"), "--to", "sbv", "--words"]) == 0
    err = capsys.readouterr().err.splitlines()
    words = [line for line in err if "--words" in line]
    assert words == [
        f"subconv: warning: {src / 'a.srt'} and 2 more files: --words: " + words[0].split("--words: ", 1)[1]
    ]
    assert err[-1].startswith("subconv: converted 3 of 3 files")
