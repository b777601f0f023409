"""Standard output: the bytes a file gets, whatever the locale; one line naming it when it cannot
be written (closed, full), nothing when its reader went away; file names shown readably."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRT = (
    "1\n00:00:01,000 --> 00:00:02,500\n中文字幕, Zoë\n\n"
    "2\n00:00:02,510 --> 00:00:04,000\nÇa va très bien\n\n"
    "3\n00:00:03,500 --> 00:00:05,000\nدرود\n"
)
#: a locale whose encoding is ASCII: what cron, minimal containers and LC_ALL=C give
ASCII_LOCALE = {"PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "LC_ALL": "C"}
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX locales and file descriptors")


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


def _run(*args: str, locale: bool = False, **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = os.environ | ASCII_LOCALE if locale else None
    kw.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "subconv", *args],
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=env,
        **kw,
    )


_COMMANDS = [("convert",), ("shift", "+1s"), ("check", "--fix")]


@posix_only
@pytest.mark.parametrize("command", _COMMANDS, ids=[c[0] for c in _COMMANDS])
def test_standard_output_gets_the_bytes_a_file_gets_in_an_ascii_locale(
    command: tuple[str, ...], src: Path, tmp_path: Path
) -> None:
    """Written through the locale's encoding, non-ASCII cue text was an internal error
    (UnicodeEncodeError) under LC_ALL=C; ``--bom`` and ``--crlf`` act as on a file."""
    name, *rest = command
    out = tmp_path / "out.srt"
    to_file = _run(name, str(src), *rest, "--bom", "--crlf", "-o", str(out), locale=True)
    assert to_file.returncode in (0, 1), to_file.stderr
    to_stdout = _run(name, str(src), *rest, "--bom", "--crlf", "-o", "-", locale=True)
    assert b"Traceback" not in to_stdout.stderr and b"internal error" not in to_stdout.stderr, to_stdout.stderr
    assert to_stdout.returncode == to_file.returncode
    assert to_stdout.stdout == out.read_bytes()
    assert to_stdout.stdout.startswith(b"\xef\xbb\xbf1\r\n") and "中文字幕".encode() in to_stdout.stdout


def _close_stdout() -> None:
    os.close(1)


@posix_only
@pytest.mark.parametrize("command", [("convert",), ("shift", "+1s"), ("check",)], ids=["convert", "shift", "check"])
def test_a_closed_standard_output_is_one_line_naming_it(command: tuple[str, ...], src: Path) -> None:
    """``subconv convert in.srt >&-`` was an internal error (AttributeError), ``check`` a traceback."""
    name, *rest = command
    r = _run(name, str(src), *rest, stdout=None, preexec_fn=_close_stdout)
    assert r.returncode == 1
    assert r.stderr.decode() == "subconv: error: <stdout>: cannot write the output: standard output is closed\n"


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("command", [("convert",), ("check",)], ids=["convert", "check"])
def test_a_full_standard_output_names_it_not_the_input(command: tuple[str, ...], src: Path) -> None:
    """``> /dev/full`` said ``subconv: error: in.srt: No space left on device``."""
    with open("/dev/full", "wb") as full:
        r = _run(*command, str(src), stdout=full)
    assert r.returncode == 1
    assert r.stderr.decode() == "subconv: error: <stdout>: cannot write the output: No space left on device\n"


def _clock(seconds: int) -> str:
    """``HH:MM:SS`` of a whole number of seconds (cues in time order)."""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@posix_only
def test_a_reader_that_goes_away_is_no_error_message(tmp_path: Path) -> None:
    """``subconv convert big.srt | head -1``: the reader closes the pipe; subconv said
    ``subconv: error: big.srt: Broken pipe``.  Now it stops quietly, exit 1."""
    big = tmp_path / "big.srt"
    cues = (f"{i}\n{_clock(i)},000 --> {_clock(i)},500\nline {i}\n\n" for i in range(30000))
    big.write_text("".join(cues))  # (much more than a pipe holds)
    proc = subprocess.Popen(
        [sys.executable, "-m", "subconv", "convert", str(big), "--dedupe", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert err == b""


@posix_only
def test_a_name_the_locale_cannot_decode_is_shown_by_its_characters(tmp_path: Path) -> None:
    """Under LC_ALL=C the UTF-8 name ``café.srt`` reaches Python as ``caf\\udcc3\\udca9.srt``,
    which stderr showed as such; its bytes are now read as UTF-8: ``caf\\xe9.srt`` in ASCII."""
    bad = tmp_path / "café.srt"
    bad.write_text("no subtitle here\n", encoding="utf-8")
    r = _run("convert", str(bad), locale=True)
    assert r.returncode == 1
    err = r.stderr.decode("ascii")
    assert "caf\\xe9.srt:1: srt: no subtitle found" in err and "\\udc" not in err


@posix_only
def test_folder_mode_writes_names_the_locale_cannot_decode(tmp_path: Path) -> None:
    """Under LC_ALL=C a folder ``dir é`` converted into ``out é`` was a UnicodeEncodeError
    traceback (the manifest, the report): names are recorded by their characters, shown by
    them on stderr, and ``--resume`` finds every file again, in that locale and in UTF-8."""
    films = ROOT.parent / "shared" / "corpus" / "timed" / "films" / "LaLaLand.en.srt"
    src, out, report = tmp_path / "dir é", tmp_path / "out é", tmp_path / "rép.json"
    src.mkdir()
    (src / "café.srt").write_text(SRT, encoding="utf-8")
    (src / "LaLaLand.srt").write_text(
        films.read_text(encoding="utf-8") if films.is_file() else SRT.replace("Zoë", "Zoé"), encoding="utf-8"
    )
    (src / "cassé.srt").write_text("no subtitle here\n", encoding="utf-8")
    args = ("convert", str(src), "-o", str(out), "--report", str(report))
    first = _run(*args, locale=True)
    err = first.stderr.decode("ascii")
    assert first.returncode == 1 and "Traceback" not in err and "\\udc" not in err, err
    assert "cass\\xe9.srt:1: srt: no subtitle found" in err and "into " + str(tmp_path) + "/out \\xe9" in err
    lines = [json.loads(x) for x in (out / "_subconv.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["source"] for r in lines) == sorted(str(src / n) for n in ("café.srt", "LaLaLand.srt", "cassé.srt"))
    assert {r["output"] for r in lines if r["status"] == "ok"} == {str(out / "café.srt"), str(out / "LaLaLand.srt")}
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    assert sorted(files) == sorted(r["source"] for r in lines)
    assert (out / "café.srt").read_text(encoding="utf-8").count("-->") == 3
    for locale in (True, False):
        again = _run(*args[:4], "--resume", locale=locale)
        assert b"2 unchanged since the last run" in again.stderr and b"Traceback" not in again.stderr, again.stderr
