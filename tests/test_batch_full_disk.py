"""A folder run on a full disk: the results manifest that cannot be written is one error line,
after each input's outcome and the summary, exit 1; never a traceback (before, ``OSError: [Errno
28] No space left on device`` from the manifest's flush or close)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from subconv import scale, storage
from subconv.cli import main

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.srt").write_text(SRT.format(name), encoding="utf-8")
    return folder


class _Full:
    """A file on a full disk: every write (and the flush, and the close) fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        self.write("")

    def close(self) -> None:
        self.write("")


def test_a_manifest_whose_lines_cannot_be_appended_is_written_whole_at_the_end(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each line appended fails; the whole manifest, written at the end under a temporary name
    and renamed into place (the disk had room again), is: exit 0."""
    out = tmp_path / "out"
    opened = scale.ManifestWriter.__init__

    def on_a_full_disk(self: scale.ManifestWriter, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        assert self._fh is not None
        self._fh.close()
        self._fh = _Full()  # type: ignore[assignment]

    monkeypatch.setattr(scale.ManifestWriter, "__init__", on_a_full_disk)
    assert main(["convert", str(src), "-o", str(out), "--to", "vtt"]) == 0
    assert capsys.readouterr().err == f"subconv: converted 2 of 2 files into {out}\n"
    assert len((out / "_subconv.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert sorted(p.name for p in out.iterdir()) == ["_subconv.jsonl", "a.vtt", "b.vtt"]


def test_a_manifest_that_cannot_be_written_is_one_error_line(
    src: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    commit = storage.commit_text

    def full(url: str, text: str, encoding: str = "utf-8") -> int:
        if url.endswith("_subconv.jsonl"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return commit(url, text, encoding)

    monkeypatch.setattr(storage, "commit_text", full)
    assert main(["convert", str(src), "-o", str(out), "--to", "vtt"]) == 1
    assert capsys.readouterr().err == (
        f"subconv: converted 2 of 2 files into {out}\n"
        f"subconv: error: {out / '_subconv.jsonl'}: cannot write the results manifest: No space left on device\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["_subconv.jsonl", "a.vtt", "b.vtt"]  # (no temporary left)
