"""Reading and writing batch inputs and outputs: local paths, or any URL fsspec reaches.

Plain paths (and ``file://`` URLs) use the standard library, so converting a local folder
needs neither fsspec nor dask; any other URL (``s3://``, ``gs://``, ``memory://`` ...) goes
through `fsspec <https://filesystem-spec.readthedocs.io>`_ (``pip install 'subconv[dask]'``).

Every output is *committed*: written whole under a temporary name, then renamed into place
(local files and filesystems with a rename), or stored with one ``put`` on object stores,
where an object appears whole or not at all. A process killed mid-write leaves at most a
hidden temporary file (``.NAME.XXXX.tmp``), which :func:`sweep_temps` removes.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

from .errors import UsageError

#: object stores whose single ``put`` is atomic (no temporary name needed; ``mv`` there is a copy)
ATOMIC_PUT = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss", "memory"})
#: filesystems that live inside one process: the batch driver reads and writes them itself
PROCESS_LOCAL = frozenset({"memory"})

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


@dataclass(frozen=True)
class Entry:
    """One listed input: its URL or path, its name relative to the listed root, size and mtime."""

    url: str
    rel: str
    size: int | None
    mtime: str | None


def is_url(text: str) -> bool:
    """True for ``scheme://...`` (``file://`` included); a Windows drive letter is not a scheme.

    >>> is_url("s3://bucket/key.vtt"), is_url("memory://x"), is_url("captions/a.vtt"), is_url("C:/a.srt")
    (True, True, False, False)
    """
    return bool(_URL.match(text))


def _local_path(url: str) -> str | None:
    """The local path of a plain path or ``file://`` URL, else None."""
    if not is_url(url):
        return url
    if url[:7].lower() == "file://":
        return file_url_path(url)
    return None


def file_url_path(url: str) -> str:
    """The path a ``file://`` URL names, as RFC 8089 reads it: its host empty or ``localhost``,
    its path percent-decoded (UTF-8; bytes that are not UTF-8 as the file system's
    ``surrogateescape`` names them); a ``?`` or ``#`` is part of the name (a file URL has no
    query).  Another host is a :class:`~subconv.errors.UsageError`: no file of this machine.

    >>> file_url_path("file:///tmp/a%20b.srt"), file_url_path("file://localhost/caf%C3%A9.srt")
    ('/tmp/a b.srt', '/café.srt')
    >>> file_url_path("file:///d/100%.srt"), file_url_path("file://")
    ('/d/100%.srt', '/')
    """
    from urllib.parse import unquote

    host, slash, path = url[len("file://") :].partition("/")
    if host.lower() not in ("", "localhost"):
        raise UsageError(
            f"{url}: a file URL names a file of another host ({host}); a local file is file:///PATH "
            "(three slashes), or give its path"
        )
    return unquote(slash + path, errors="surrogateescape") or "/"


def file_url(path: str | Path) -> str:
    """The ``file://`` URL of a local ``path`` (made absolute), percent-encoded as RFC 8089 has
    it: :func:`file_url_path` reads it back as ``path``.

    >>> file_url("/tmp/a b%.srt"), file_url_path(file_url("/tmp/a b%.srt"))
    ('file:///tmp/a%20b%25.srt', '/tmp/a b%.srt')
    """
    from urllib.parse import quote

    return "file://" + quote(os.path.abspath(path), errors="surrogateescape")


def local_path(url: str) -> str | None:
    """The local path a plain path or ``file://`` URL names, else None (another filesystem's URL).

    >>> local_path("file:///d/a.srt"), local_path("d/a.srt"), local_path("s3://b/a.srt")
    ('/d/a.srt', 'd/a.srt', None)
    """
    return _local_path(url)


def protocol(url: str) -> str:
    """``file`` for local paths, else the URL's scheme (``s3``, ``memory`` ...)."""
    return "file" if _local_path(url) is not None else url.split("://", 1)[0].lower()


def _fs(url: str) -> tuple[Any, str]:
    try:
        import fsspec
    except ImportError:
        raise UsageError(
            f"{url}: URLs need fsspec (and the filesystem's package, e.g. s3fs): pip install 'subconv[dask]'"
        ) from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise UsageError(f"{url}: {exc}") from None
    return fs, path


def _unstrip(url: str, path: str) -> str:
    """Put the URL's scheme back on a path fsspec returned."""
    return path if is_url(path) else f"{url.split('://', 1)[0]}://{path.lstrip('/')}"


def join(base: str, rel: str) -> str:
    """``base`` / ``rel`` for paths and URLs alike (``rel`` uses ``/``).

    >>> join("s3://b/out", "a/x.vtt"), join("out", "a/x.vtt")
    ('s3://b/out/a/x.vtt', 'out/a/x.vtt')
    """
    local = _local_path(base)
    if local is not None and not is_url(base):
        return str(Path(base, *rel.split("/")))
    return base.rstrip("/") + "/" + rel


def _mtime(info: dict[str, Any]) -> str | None:
    """A filesystem's modification stamp as text, the same whether it came from a listing or ``info``."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created", "ETag", "etag"):
        value = info.get(key)
        if isinstance(value, datetime):
            return repr(value.timestamp())
        if isinstance(value, int | float):
            return repr(float(value))
        if value is not None:
            return str(value)
    return None


def stat(url: str) -> tuple[int, str | None] | None:
    """``(size, mtime)`` of a file, or None when it does not exist."""
    local = _local_path(url)
    if local is not None:
        try:
            st = os.stat(local)
        except OSError:
            return None
        return st.st_size, str(st.st_mtime_ns)
    fs, path = _fs(url)
    try:
        info = fs.info(path)
    except (FileNotFoundError, OSError):
        return None
    if info.get("type") == "directory":
        return None
    return int(info.get("size") or 0), _mtime(info)


def is_dir(url: str) -> bool:
    """True when ``url`` is a folder (or an object-store prefix with objects under it)."""
    local = _local_path(url)
    if local is not None:
        return os.path.isdir(local)
    fs, path = _fs(url)
    try:
        return bool(fs.isdir(path))
    except OSError:
        return False


def read_bytes(url: str) -> bytes:
    """The whole content of one input."""
    local = _local_path(url)
    if local is not None:
        return Path(local).read_bytes()
    fs, path = _fs(url)
    return bytes(fs.cat_file(path))


def digest(data: bytes) -> str:
    """A short content hash recorded in the manifest (BLAKE2b, 128 bits).

    >>> digest(b"")
    'cae66941d9efbd404e4d88758ea67670'
    """
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def list_inputs(
    root: str, wanted: Any, exclude: str | None = None, special: list[str] | None = None
) -> Iterator[Entry]:
    """Files under ``root`` whose names ``wanted(name)`` accepts, in a stable order, skipping hidden
    folders and the folder ``exclude`` (the output, when it is inside the input); a local one that
    is no regular file (a named pipe, a socket, a device) goes to ``special``, unread."""
    local = _local_path(root)
    if local is not None:
        skip = Path(_local_path(exclude) or exclude).resolve() if exclude else None
        base = Path(local)
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath)
            dirnames[:] = sorted(
                d for d in dirnames if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
            )
            for name in sorted(filenames):
                if wanted(name):
                    p = here / name
                    try:
                        st = p.stat()
                    except OSError:
                        continue
                    if not S_ISREG(st.st_mode):
                        if special is not None:
                            special.append(str(p))
                        continue
                    yield Entry(
                        str(p) if not is_url(root) else file_url(p),
                        p.relative_to(base).as_posix(),
                        st.st_size,
                        str(st.st_mtime_ns),
                    )
        return
    fs, path = _fs(root)
    prefix = path.rstrip("/")
    skip_prefix = _fs(exclude)[1].rstrip("/") + "/" if exclude and not _local_path(exclude) else None
    found = fs.find(prefix, detail=True)
    for full in sorted(found):
        info = found[full]
        if info.get("type") == "directory":
            continue
        rel = full[len(prefix) :].lstrip("/") if full.startswith(prefix + "/") else posixpath.basename(full)
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts[:-1]) or not wanted(parts[-1]):
            continue
        if skip_prefix and (full + "/").startswith(skip_prefix):
            continue
        yield Entry(_unstrip(root, full), rel, int(info.get("size") or 0), _mtime(info))


def commit_text(url: str, text: str, encoding: str = "utf-8") -> int:
    """Write ``text`` in ``encoding`` (``--output-encoding``) to ``url`` whole or not at all; return
    the number of bytes written."""
    from .api import encoded_pieces

    data = b"".join(encoded_pieces([text], encoding))
    local = _local_path(url)
    if local is not None:
        from .api import atomic_write_text

        Path(local).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(local, text, encoding)
        return len(data)
    fs, path = _fs(url)
    parent = posixpath.dirname(path)
    if parent:
        fs.makedirs(parent, exist_ok=True)
    if protocol(url) in ATOMIC_PUT:
        fs.pipe_file(path, data)
    else:
        from .api import temp_stem

        tmp = posixpath.join(parent, f".{temp_stem(posixpath.basename(path))}.{os.urandom(4).hex()}.tmp")
        fs.pipe_file(tmp, data)
        fs.mv(tmp, path)
    return len(data)


def _is_temp_of(name: str, targets: set[str]) -> bool:
    """Whether ``name`` is a temporary of one of ``targets``, the stems of output names
    (:func:`subconv.api.temp_stem`)."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    stem = name[1:-4]
    base = stem.rsplit(".", 1)[0] if "." in stem else stem
    return base in targets


def _targets_by_dir(outputs: list[str]) -> dict[str, set[str]]:
    """Group the output names whose temporaries can be left behind by their folder.

    Outputs on a store with atomic puts are skipped: no temporary is ever written there.
    """
    from .api import temp_stem

    by_dir: dict[str, set[str]] = {}
    for out in outputs:
        local = _local_path(out)
        if local is not None:
            by_dir.setdefault(os.path.dirname(local) or ".", set()).add(temp_stem(os.path.basename(local)))
        elif protocol(out) not in ATOMIC_PUT:
            by_dir.setdefault(out.rsplit("/", 1)[0], set()).add(temp_stem(out.rsplit("/", 1)[1]))
    return by_dir


def _sweep_local(folder: str, names: set[str]) -> int:
    """Remove the temporaries of ``names`` in local ``folder``; return how many (unreadable: 0)."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    for name in entries:
        if _is_temp_of(name, names):
            try:
                os.unlink(os.path.join(folder, name))
                removed += 1
            except OSError:
                pass
    return removed


def _sweep_remote(folder: str, names: set[str]) -> int:
    """Remove the temporaries of ``names`` in remote ``folder``; return how many (unlistable: 0)."""
    fs, path = _fs(folder)
    try:
        listed = fs.ls(path, detail=False)
    except OSError:
        return 0
    removed = 0
    for full in listed:
        if _is_temp_of(posixpath.basename(full), names):
            fs.rm_file(full)
            removed += 1
    return removed


def sweep_temps(outputs: list[str]) -> int:
    """Remove temporary files a killed writer left beside ``outputs``; return how many."""
    removed = 0
    for folder, names in _targets_by_dir(outputs).items():
        local = _local_path(folder)
        if local is not None:
            removed += _sweep_local(local, names)
        else:
            removed += _sweep_remote(folder, names)
    return removed
