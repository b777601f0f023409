"""One exception family.  Every exception keeps its inputs as attributes and pickles.

The errors about a value given (input that cannot be read, a format that cannot be named or
written, bytes that decode to no text, bad arguments) are ``ValueError`` too, as pysubs2's
and Python's own are for the same faults, so ``except ValueError`` written for them catches
subconv's: :class:`ParseError`, :class:`UnknownFormatError`, :class:`EncodingError`,
:class:`WriteError`, :class:`UsageError` (and its :class:`StyleError`).  :class:`MediaError` (a
program or a file that cannot be run or read) is not.

>>> import subconv
>>> try:
...     subconv.Track(()).transform_framerate(0, 25)
... except ValueError as e:
...     print(type(e).__name__, isinstance(e, subconv.SubconvError))
UsageError True
"""

from __future__ import annotations


class SubconvError(Exception):
    """Base class of every error subconv raises on bad input or bad usage."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message,))

    def __str__(self) -> str:
        return self.message


class ParseError(SubconvError, ValueError):
    """Input that cannot be read: says which format, where, and shows the text.

    >>> e = ParseError("srt", "bad timestamp", line=3, column=1, snippet="00:00:xx")
    >>> str(e)
    'line 3: srt: bad timestamp: 00:00:xx'
    >>> import pickle; pickle.loads(pickle.dumps(e)).line
    3
    """

    def __init__(
        self,
        format: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        snippet: str | None = None,
    ) -> None:
        self.format = format
        self.line = line
        self.column = column
        self.snippet = snippet
        self.reason = message
        where = f"line {line}: " if line is not None else ""
        snip = f": {snippet[:60]}" if snippet else ""
        super().__init__(f"{where}{format}: {message}{snip}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.format, self.reason, self.line, self.column, self.snippet))


class UnknownFormatError(SubconvError, ValueError):
    """The format could not be named or recognised."""


class EncodingError(SubconvError, ValueError):
    """Bytes that cannot be decoded to text with any candidate encoding."""


class WriteError(SubconvError, ValueError):
    """A track that cannot be written in the requested format (e.g. untimed cues)."""


class UsageError(SubconvError, ValueError):
    """Bad arguments (the CLI exits 2 for these)."""


class StyleError(UsageError):
    """A style or ``[Script Info]`` value a script cannot hold (a colour that is no colour, an
    alignment of 0, a negative size, a name with a comma...): ``field`` names the field or key
    (None where the message names several, or a style in use).

    >>> e = StyleError("style 'Sign': alignment 0 is not a numpad position 1-9", field="alignment")
    >>> import pickle; pickle.loads(pickle.dumps(e)).field, isinstance(e, ValueError)
    ('alignment', True)
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.field))


class MediaError(SubconvError):
    """The media file cannot be probed or decoded (missing ffprobe/ffmpeg, bad file).

    ``path`` is the media file that cannot be read, for its own fault or the machine's (no
    ffmpeg); ``None`` when no file is at fault (an aligner that cannot run); ``reason`` says what
    is wrong.  The command line names the file first.

    >>> e = MediaError("no audio stream", path="film.mp4")
    >>> str(e)
    'film.mp4: cannot read the media: no audio stream'
    >>> import pickle; pickle.loads(pickle.dumps(e)).path
    'film.mp4'
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        self.path = path
        self.reason = message
        super().__init__(message if path is None else f"{path}: cannot read the media: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.reason, self.path))


class WholeInputNeeded(Exception):
    """Raised by a reader or decoder that takes its input a piece at a time when the input is one
    that only the whole-text path reads as it should (an encoding to guess, a rule that weighs
    the whole file): the caller starts again with the whole input.  Never escapes the API."""
