"""``file://`` URLs as a folder run's inputs: never written over, mixed with paths, one file.

Before: ``convert file:///d/ -o /d/ --to srt`` (and the files of ``d`` named as ``file://`` URLs)
wrote every output over its input, exit 0; a ``file://`` URL and a path together were an
``IndexError`` traceback; a URL naming one file was "no subtitle or page files under" it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv import storage
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.srt").write_text(SRT, encoding="utf-8")
    (folder / "b.srt").write_text(SRT, encoding="utf-8")
    return folder


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_ino) for p in sorted(folder.iterdir())}


def test_file_urls_are_never_written_over(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    before = _state(folder)
    url = folder.as_uri()
    for args in (
        [url + "/", "-o", f"{folder}/"],
        [url, "-o", str(folder)],
        [f"{url}/a.srt", f"{url}/b.srt", "-o", f"{folder}/"],
        [f"{url}/a.srt", str(folder / "b.srt"), "-o", f"{folder}/"],
        [f"{url}/a.srt", "-o", f"{folder}/"],
    ):
        r = run_subconv("convert", *args, "--to", "srt", "--crlf")
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("subconv: error: ") and r.stderr.count("\n") == 1
        assert "refusing to write into the input folder" in r.stderr or "would be written over the input" in r.stderr
        assert _state(folder) == before, args


def test_a_file_url_and_a_path_together(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    r = run_subconv("convert", f"{folder.as_uri()}/a.srt", str(folder / "b.srt"), "-o", str(out), "--to", "vtt")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["_subconv.jsonl", "a.vtt", "b.vtt"]


def test_a_url_naming_one_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "out"
    r = run_subconv("convert", f"{folder.as_uri()}/a.srt", "-o", f"{out}/", "--to", "vtt")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["_subconv.jsonl", "a.vtt"]
    assert (out / "a.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    x = tmp_path / "x.vtt"
    r = run_subconv("convert", f"{folder.as_uri()}/a.srt", "-o", str(x))
    assert r.returncode == 2
    said = f"INPUT is a URL, written into a folder: -o {x} names a file ({x}/ makes a folder)"
    assert r.stderr == f"subconv: error: {said}\n"


_PATH_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00/"), min_size=1, max_size=12)


@given(parts=st.lists(_PATH_TEXT.filter(lambda p: p not in (".", "..")), min_size=1, max_size=3))
def test_a_file_url_reads_back_as_the_path_it_was_made_of(parts: list[str]) -> None:
    """``Path.as_uri()`` (RFC 8089, percent-encoded UTF-8) and subconv's own URLs name their path."""
    path = "/" + "/".join(parts)
    assert storage.local_path(Path(path).as_uri()) == path
    assert storage.local_path(storage.file_url(path)) == path
    assert storage.local_path(Path(path).as_uri().replace("file://", "file://localhost", 1)) == path


# ------------------------------------------------------------ percent-encoded file:// URLs (RFC 8089)

_NAMES = ("a b.srt", "café.srt", "100%.srt")


def _odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "my captions"
    folder.mkdir()
    for name in _NAMES:
        (folder / name).write_text(SRT, encoding="utf-8")
    return folder


def test_a_percent_encoded_file_url_names_its_file(tmp_path: Path) -> None:
    """Before: ``file:///tmp/a%20b.srt`` was looked for as ``/tmp/a%20b.srt``: "no subtitle or
    page files under" it, exit 2."""
    folder = _odd_folder(tmp_path)
    out = tmp_path / "out"
    for name in _NAMES:
        url = (folder / name).as_uri()
        assert "%20" in url
        r = run_subconv("convert", url, "-o", f"{out}/", "--to", "vtt")
        assert r.returncode == 0, (url, r.stderr)
        assert sorted(p.name for p in out.iterdir()) == sorted(["_subconv.jsonl", name[:-4] + ".vtt"])
        assert (out / (name[:-4] + ".vtt")).read_text(encoding="utf-8").startswith("WEBVTT")
        for p in out.iterdir():
            p.unlink()


def test_a_percent_encoded_folder_url_lists_its_files_by_their_names(tmp_path: Path) -> None:
    folder = _odd_folder(tmp_path)
    out = tmp_path / "out"
    r = run_subconv("convert", folder.as_uri() + "/", "-o", f"{out}/", "--to", "vtt")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["_subconv.jsonl", *(n[:-4] + ".vtt" for n in _NAMES)])


def test_a_percent_encoded_file_url_is_never_written_over(tmp_path: Path) -> None:
    folder = _odd_folder(tmp_path)
    before = _state(folder)
    for name in _NAMES:
        url = (folder / name).as_uri()
        for args in ([url, "-o", f"{folder}/"], [url, "-o", folder.as_uri() + "/"]):
            r = run_subconv("convert", *args, "--to", "srt")
            assert r.returncode == 2, (args, r.stderr)
            assert r.stderr.startswith("subconv: error: ") and r.stderr.count("\n") == 1
            said = r.stderr
            assert "would be written over the input" in said or "refusing to write into the input folder" in said
            assert _state(folder) == before, args


def test_a_file_url_of_another_host_is_refused(tmp_path: Path) -> None:
    r = run_subconv("convert", "file://example.org/a.srt", "-o", f"{tmp_path}/out/")
    assert r.returncode == 2
    assert r.stderr.startswith("subconv: error: file://example.org/a.srt: a file URL names a file of another host")
    assert r.stderr.count("\n") == 1
