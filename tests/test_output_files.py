"""What ``-o`` does to the file system (issue 14, items 6-8): modes, links, special files,
errors that name the output, and no temporary file left behind on SIGTERM."""

from __future__ import annotations

import json
import os
import resource
import shlex
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict, Unpack

import pytest

import subconv
from subconv.cli import main

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"
ROOT = Path(__file__).resolve().parents[1]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and special files")


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


def _clock(seconds: int) -> str:
    """``HH:MM:SS`` of a whole number of seconds (cues in time order)."""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


class _RunOptions(TypedDict, total=False):
    user: int
    preexec_fn: Callable[[], object]


def _run(*args: str, **kw: Unpack[_RunOptions]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        **kw,
    )


@posix_only
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_a_new_output_respects_the_umask(src: Path, tmp_path: Path, mask: int) -> None:
    out = tmp_path / "out.vtt"
    old = os.umask(mask)
    try:
        assert main(["convert", str(src), "-o", str(out)]) == 0
        subconv.write(subconv.read(src), tmp_path / "api.srt")
    finally:
        os.umask(old)
    assert _mode(out) == 0o666 & ~mask
    assert _mode(tmp_path / "api.srt") == 0o666 & ~mask


@posix_only
def test_a_replaced_output_keeps_its_mode(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o664)
    old = os.umask(0o077)
    try:
        assert main(["convert", str(src), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert _mode(out) == 0o664
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")


@posix_only
def test_o_onto_a_symlink_writes_through_to_its_target(src: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.vtt"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.vtt"
    link.symlink_to(real)
    assert main(["convert", str(src), "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("WEBVTT")
    assert _mode(real) == 0o640
    # a dangling link: its target is created, as cp does
    dangling = tmp_path / "dangling.srt"
    dangling.symlink_to(tmp_path / "new.srt")
    assert main(["convert", str(src), "-o", str(dangling)]) == 0
    assert dangling.is_symlink() and (tmp_path / "new.srt").read_text(encoding="utf-8").startswith("1\n")


@posix_only
def test_o_onto_a_fifo_writes_through(src: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.srt"
    os.mkfifo(fifo)
    proc = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        assert main(["convert", str(src), "-o", str(fifo)]) == 0
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert b"General Kenobi" in out
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _device(tmp_path: Path, name: str, minor: int) -> str:
    """``/dev/NAME``, or as root a device node of its own in ``tmp_path``: a regression that
    replaced the device with a plain file must never damage the machine's ``/dev/null``."""
    if os.geteuid() != 0:
        return f"/dev/{name}"
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except OSError:
        pytest.skip("running as root without the right to make a device node")
    return str(node)


@posix_only
def test_o_onto_devices_writes_through(src: Path, tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    before = os.stat(null)
    assert main(["convert", str(src), "-o", null, "--to", "srt"]) == 0
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@posix_only
def test_o_dev_stdout_writes_to_standard_output(src: Path) -> None:
    if not os.path.islink("/dev/stdout") and os.geteuid() == 0:
        pytest.skip("/dev/stdout is not the usual link")
    r = _run("convert", str(src), "-o", "/dev/stdout", "--to", "vtt")
    assert r.returncode == 0 and r.stdout.startswith("WEBVTT") and "General Kenobi" in r.stdout
    assert os.path.islink("/dev/stdout")


@posix_only
def test_permission_denied_names_the_output(src: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    kw: _RunOptions = {}
    if os.geteuid() == 0:  # root writes anywhere: run the conversion as "nobody"
        os.chmod(tmp_path, 0o755)
        os.chmod(src, 0o644)
        kw["user"] = 65534
    try:
        r = _run("convert", str(src), "-o", str(locked / "out.vtt"), **kw)
    except PermissionError:
        pytest.skip("running as root, and cannot switch to an unprivileged user here")
    finally:
        os.chmod(locked, 0o700)
    if os.geteuid() == 0 and "Permission denied" in r.stderr and str(src) in r.stderr:
        pytest.skip("the unprivileged user cannot read the test files here")
    assert r.returncode == 1
    assert r.stderr.strip() == f"subconv: error: {locked / 'out.vtt'}: cannot write the output: Permission denied"


@posix_only
def test_output_errors_name_the_output_not_the_input(src: Path, tmp_path: Path) -> None:
    # a parent that is a file, and a parent that does not exist (an existing folder as -o is where
    # the output goes: tests/test_cli_several_inputs.py)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for out in (tmp_path / "afile" / "out.vtt", tmp_path / "no" / "such" / "out.vtt"):
        r = _run("convert", str(src), "-o", str(out))
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert r.stderr.startswith(f"subconv: error: {out}: cannot write the output: "), r.stderr
        assert str(src) not in r.stderr


@posix_only
def test_file_size_limit_names_the_output_and_leaves_nothing(src: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.srt"
    big.write_text("".join(f"{i}\n{_clock(i)},000 --> {_clock(i)},500\nline {i}\n\n" for i in range(1, 3000)))
    out = tmp_path / "out.vtt"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = _run("convert", str(big), "-o", str(out), preexec_fn=limit)
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip() == f"subconv: error: {out}: cannot write the output: File too large"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_api_write_errors_name_the_path(src: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.srt"
    with pytest.raises(FileNotFoundError) as info:
        subconv.write(subconv.read(src), target)
    assert info.value.filename == str(target)


@posix_only
def test_sigterm_removes_the_temporary_file(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    # the rename over the output is held back: SIGTERM arrives while the temporary file exists
    code = (
        "import os, sys, time\n"
        "real = os.replace\n"
        "def slow(a, b):\n"
        "    print('tmp', flush=True); time.sleep(30); real(a, b)\n"
        "os.replace = slow\n"
        "from subconv.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "convert", str(src), "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "tmp"
        assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.strip() == "subconv: terminated"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert not out.exists()


@posix_only
def test_disk_full_names_the_output(src: Path, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    r = _run("convert", str(src), "-o", full)
    assert r.returncode == 1
    assert r.stderr.strip() == f"subconv: error: {full}: cannot write the output: No space left on device"
    assert stat.S_ISCHR(os.stat(full).st_mode)


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="no /dev/stdout")
def test_o_dev_stdout_redirected_to_a_file_writes_into_it(src: Path, tmp_path: Path) -> None:
    target = tmp_path / "redirected.vtt"
    with target.open("wb") as fh:  # as a shell's "> redirected.vtt"
        r = subprocess.run(
            [sys.executable, "-m", "subconv", "convert", str(src), "-o", "/dev/stdout", "--to", "vtt"],
            stdout=fh,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
            cwd=ROOT,
        )
    assert r.returncode == 0, r.stderr
    assert target.read_text(encoding="utf-8").startswith("WEBVTT")


def _spellings(src: Path, kind: str) -> str:
    """Another name for ``src``: itself, another spelling, a symbolic link or a hard link to it."""
    if kind == "same":
        return str(src)
    if kind == "dotted":
        return str(src.parent / "." / src.name)
    link = src.parent / f"{kind}.srt"
    if kind == "symlink":
        link.symlink_to(src)
    else:
        os.link(src, link)
    return str(link)


@posix_only
@pytest.mark.parametrize("kind", ["same", "dotted", "symlink", "hardlink"])
@pytest.mark.parametrize(
    "command", [["convert", "-o", "{out}"], ["shift", "+1s", "-o", "{out}"], ["check"], ["check", "--fix", "-o", "-"]]
)
def test_report_naming_the_input_is_refused_and_the_input_kept(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: list[str]
) -> None:
    before = src.read_bytes()
    report = _spellings(src, kind)
    args = [a.replace("{out}", str(tmp_path / "out.vtt")) for a in command]
    assert main([args[0], str(src), *args[1:], "--report", report]) == 2
    err = capsys.readouterr().err
    assert "refusing to write the report over the input" in err and "choose another --report" in err
    assert src.read_bytes() == before
    assert not (tmp_path / "out.vtt").exists()  # refused before any work


@pytest.mark.parametrize("spelling", ["{out}", "{dir}/./out.vtt"])
def test_report_naming_the_output_is_refused_and_the_output_kept(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    out = tmp_path / "out.vtt"
    out.write_text("WEBVTT\n\nprecious\n", encoding="utf-8")
    report = spelling.replace("{out}", str(out)).replace("{dir}", str(tmp_path))
    assert main(["convert", str(src), "-o", str(out), "--report", report]) == 2
    assert "refusing to write the report over the output" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "WEBVTT\n\nprecious\n"
    # a device is written through, never replaced: both may go there
    assert main(["convert", str(src), "-o", os.devnull, "--report", os.devnull]) == 0


def test_report_dash_is_standard_output_when_the_subtitles_go_to_a_file(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.vtt"
    assert main(["convert", str(src), "-o", str(out), "--report", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["info"]["cues_written"] == 2
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")
    assert not Path("-").exists() and not (ROOT / "-").exists()


@pytest.mark.parametrize(
    ("args", "carries"),
    [
        (["convert", "{src}"], "the subtitles"),
        (["convert", "{src}", "-o", "-"], "the subtitles"),
        (["shift", "{src}", "+1s"], "the subtitles"),
        (["check", "{src}"], "the findings"),
        (["check", "{src}", "--fix", "-o", "{out}"], "the findings"),
    ],
)
def test_report_dash_is_refused_when_standard_output_is_taken(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], carries: str
) -> None:
    args = [a.replace("{src}", str(src)).replace("{out}", str(tmp_path / "o.srt")) for a in args]
    assert main([*args, "--report", "-"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"--report -: standard output carries {carries}" in captured.err
    assert not (tmp_path / "o.srt").exists()


def test_o_ending_in_a_slash_never_makes_a_plain_file(src: Path, tmp_path: Path) -> None:
    r = _run("convert", str(src), "-o", f"{tmp_path / 'newdir'}/", "--to", "vtt")
    assert r.returncode == 0, r.stderr  # the folder is made, and the output written into it
    assert (tmp_path / "newdir" / src.with_suffix(".vtt").name).is_file()
    shutil.rmtree(tmp_path / "newdir")
    with pytest.raises(NotADirectoryError):
        subconv.write(subconv.read(src), f"{tmp_path / 'newdir'}/", "srt")
    assert not (tmp_path / "newdir").exists()


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["convert", "{src}", "-o", ""], "-o"),
        (["convert", ""], "INPUT"),
        (["convert", "{src}", "--report", ""], "--report"),
        (["shift", "", "+1s"], "INPUT"),
        (["check", "{src}", "--fix", "-o", ""], "-o"),
        (["convert", "{src}", "--media", ""], "--media"),
    ],
)
def test_empty_paths_are_usage_errors(src: Path, args: list[str], name: str) -> None:
    r = _run(*[a.replace("{src}", str(src)) for a in args])
    assert r.returncode == 2
    assert r.stderr == f"subconv: error: {name} is an empty name: give a file name\n"
    assert r.stdout == ""


@pytest.mark.parametrize("where", ["a folder", "no such folder"])
@pytest.mark.parametrize("existing", [True, False])
def test_a_report_that_cannot_be_written_stops_the_run_before_its_output(
    src: Path, tmp_path: Path, where: str, existing: bool
) -> None:
    """``--report`` naming a folder, or a file in a folder that is not there: the run stops
    before it writes anything, saying so (``FILE: cannot write the report: ...``).  Before, the
    output was written first (an existing one replaced) and only then the run failed."""
    report = tmp_path / "reports" if where == "a folder" else tmp_path / "missing" / "r.json"
    if where == "a folder":
        report.mkdir()
    out = tmp_path / "out.srt"
    if existing:
        out.write_text("1\n00:00:01,000 --> 00:00:02,000\nOLD\n", encoding="utf-8")
    done = _run("convert", str(src), "-o", str(out), "--report", str(report))
    assert done.returncode != 0
    assert done.stderr.startswith(f"subconv: error: {report}: cannot write the report: "), done.stderr
    assert (
        (out.read_text(encoding="utf-8") == "1\n00:00:01,000 --> 00:00:02,000\nOLD\n") if existing else not out.exists()
    )


@pytest.mark.parametrize("stem", ["x" * 246, "字" * 82, "é" * 122 + "x"])
def test_an_output_name_the_file_system_takes_is_written_whatever_its_length(
    src: Path, tmp_path: Path, stem: str
) -> None:
    """Output names of 242-255 bytes (an ASCII name, 82 CJK characters) are written, single file
    and folder run alike, and the temporary a killed run leaves of such a name is swept.  Before,
    the hidden temporary ``.NAME.XXXXXXXX.tmp`` was 14 bytes longer than the name: "File name
    too long", exit 1 (a folder run tried three times)."""
    from subconv import storage

    name = stem + ".vtt"
    assert len(os.fsencode(name)) > 255 - 14
    assert main(["convert", str(src), "-o", str(tmp_path / name)]) == 0
    assert len(subconv.read(tmp_path / name)) == 2
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(src, folder / (stem + ".srt"))
    assert main(["convert", str(folder), "-o", str(tmp_path / "out"), "--to", "vtt"]) == 0
    assert len(subconv.read(tmp_path / "out" / name)) == 2
    left = tmp_path / "out" / f".{subconv.api.temp_stem(name)}.abcd1234.tmp"  # a run killed mid-write
    left.write_text("partial", encoding="utf-8")
    assert storage.sweep_temps([str(tmp_path / "out" / name)]) == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("_")) == [name]


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("stdout", ["full", "closed"])
@pytest.mark.parametrize("folder", [False, True])
def test_a_report_on_a_standard_output_that_cannot_take_it_is_one_error_line(
    src: Path, tmp_path: Path, stdout: str, folder: bool
) -> None:
    """``--report -`` with standard output full (``> /dev/full``) or closed (``>&-``): one line
    ``subconv: error: cannot write report <stdout>: ...`` and exit 1, the subtitles written.
    Before, a Python traceback (``OSError``, or ``AttributeError`` on the closed stream), and a
    folder run said nothing of it and exited 0."""
    out = tmp_path / ("out" if folder else "out.vtt")
    args = [str(src.parent if folder else src), "-o", str(out), "--to", "vtt", "--report", "-"]
    redirect = "> /dev/full" if stdout == "full" else ">&-"
    cmd = shlex.join([sys.executable, "-m", "subconv", "convert", *args])
    r = subprocess.run(
        ["sh", "-c", f"exec {cmd} {redirect}"],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    reason = "No space left on device" if stdout == "full" else "standard output is closed"
    assert r.returncode == 1
    assert f"subconv: error: cannot write report <stdout>: {reason}" in r.stderr and "Traceback" not in r.stderr
    assert len(subconv.read(out / "in.vtt" if folder else out)) == 2
