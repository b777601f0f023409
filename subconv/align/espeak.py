"""eSpeak NG through its C library (ctypes): speech samples plus where every word starts.

The library comes from the ``espeakng-loader`` wheel when it is installed (it ships
``libespeak-ng.so`` and its data), else from the system (Debian's ``libespeak-ng1``,
installed with the ``espeak-ng`` program).  The library is used rather than the
``espeak-ng`` program because it reports word events (where each word starts in the
output) and costs no process per cue; see ``docs/alignment.md`` for the figures.

The engine is global state in the C library, so every call holds one lock.

>>> voice_for("pt-BR"), voice_for("en"), voice_for("zh-Hans")
('pt-br', 'en-us', 'cmn')
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

#: BCP 47 primary tags whose eSpeak NG voice has another name.
_ALIASES = {
    "en": "en-us",
    "zh": "cmn",
    "yue": "yue",
    "nb": "nb",
    "no": "nb",
    "fil": "tl",
    "iw": "he",
    "in": "id",
    "pt": "pt",
    "es-419": "es-419",
    "zh-hans": "cmn",
    "zh-cn": "cmn",
    "zh-tw": "cmn",
    "zh-hk": "yue",
    "zh-hant": "cmn",
}

#: What a voice that reads kana but names every Han character (in English: "Chinese letter", 0.8 s
#: of it) is given in place of each: two morae, about what a kanji's reading takes (eSpeak NG has no
#: readings for them).  A stand-in for the duration, not a reading.  Measured on the Japanese Common
#: Voice sentence in ../shared (docs/alignment.md, "Word times in text written without spaces").
HAN_STAND_IN = {"ja": "たん"}

_EVENT_WORD = 1
_EVENT_SENTENCE = 2
_EVENT_END = 5
_EVENT_MSG_TERMINATED = 6
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_PARAM_RATE = 1
_INIT_DONT_EXIT = 0x8000


class _EventId(ctypes.Union):
    _fields_ = (("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8))


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass(frozen=True)
class Spoken:
    """One synthesised text: int16 samples at ``rate`` Hz and its words.

    ``words``: (character offset in the text, length in characters, first sample) per word.
    """

    samples: bytes
    rate: int
    words: tuple[tuple[int, int, int], ...]


class _Engine:
    """The loaded library, initialised once."""

    def __init__(self) -> None:
        lib, data = _find_library()
        if lib is None:
            raise OSError("eSpeak NG library not found: apt-get install espeak-ng, or pip install espeakng-loader")
        self.lib: Any = ctypes.CDLL(lib)
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        self.lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        self.lib.espeak_SetVoiceByName.restype = ctypes.c_int
        self.lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        self.lib.espeak_Synth.argtypes = (
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        self.lib.espeak_Synth.restype = ctypes.c_int
        self.rate = int(
            self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode() if data else None, _INIT_DONT_EXIT)
        )
        if self.rate <= 0:
            raise OSError("eSpeak NG failed to initialise")
        self._chunks: list[bytes] = []
        self._words: list[tuple[int, int, int]] = []
        self._got = 0
        self._cb = _CALLBACK(self._on_audio)  # keep a reference: the library holds the pointer
        self.lib.espeak_SetSynthCallback(self._cb)
        self.voice: str | None = None

    def _on_audio(self, wav: Any, n: int, events: Any) -> int:
        i = 0
        while True:
            ev = events[i]
            if ev.type == 0:
                break
            if ev.type == _EVENT_WORD:
                # audio_position is in ms of this message's output; sample counts are exact
                self._words.append((ev.text_position - 1, ev.length, ev.audio_position * self.rate // 1000))
            i += 1
        if n > 0 and wav:
            self._chunks.append(ctypes.string_at(wav, n * 2))
            self._got += n
        return 0

    def set_voice(self, voice: str) -> bool:
        if voice == self.voice:
            return True
        ok = int(self.lib.espeak_SetVoiceByName(voice.encode())) == 0
        self.voice = voice if ok else None
        return ok

    def say(self, text: str, speed: int) -> Spoken:
        self.lib.espeak_SetParameter(_PARAM_RATE, speed, 0)
        self._chunks, self._words, self._got = [], [], 0
        raw = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(raw, len(raw))
        rc = self.lib.espeak_Synth(buf, len(raw), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
        if rc != 0:
            raise OSError(f"eSpeak NG could not speak (error {rc})")
        return Spoken(b"".join(self._chunks), self.rate, tuple(self._words))


def _find_library() -> tuple[str | None, str | None]:
    """(path of libespeak-ng, its data folder or None for the built-in default)."""
    try:
        import espeakng_loader

        return str(espeakng_loader.get_library_path()), str(espeakng_loader.get_data_path())
    except Exception:
        pass
    for name in ("espeak-ng", "libespeak-ng.so.1"):
        found = ctypes.util.find_library(name) if "/" not in name and ".so" not in name else name
        if found:
            try:
                ctypes.CDLL(found)
            except OSError:
                continue
            return found, None
    return None, None


_LOCK = threading.Lock()
#: The loaded engine (key "engine") or why it could not load (key "failed").
_STATE: dict[str, Any] = {}


def _engine() -> _Engine:
    eng: _Engine | None = _STATE.get("engine")
    if eng is None:
        if "failed" in _STATE:
            raise OSError(_STATE["failed"])
        try:
            eng = _Engine()
        except (OSError, AttributeError) as exc:
            _STATE["failed"] = str(exc)
            raise OSError(str(exc)) from exc
        _STATE["engine"] = eng
    return eng


def voice_for(language: str | None) -> str:
    """The eSpeak NG voice name to try for a BCP 47 tag (lower case; ``en`` speaks US English)."""
    tag = (language or "en").strip().replace("_", "-").lower()
    if tag in _ALIASES:
        return _ALIASES[tag]
    primary = tag.split("-", 1)[0]
    parts = tag.split("-")
    if len(parts) >= 2 and len(parts[1]) in (2, 3) and parts[1].isalpha():
        return f"{primary}-{parts[1]}"
    return _ALIASES.get(primary, primary)


def han_stand_in(language: str | None) -> str | None:
    """What :func:`speak` should be given in place of each Han character in ``language`` (its voice
    names them rather than reads them), or None (it reads them, as the Chinese voices do).

    >>> han_stand_in("ja-JP"), han_stand_in("zh")
    ('たん', None)
    """
    return HAN_STAND_IN.get(voice_for(language).split("-", 1)[0])


def unavailable(language: str | None) -> str | None:
    """Why eSpeak NG cannot speak ``language`` here, or None."""
    with _LOCK:
        try:
            eng = _engine()
        except OSError as exc:
            return str(exc)
        voice = voice_for(language)
        if eng.set_voice(voice):
            return None
        primary = voice.split("-", 1)[0]
        if primary != voice and eng.set_voice(primary):
            return None
    return f"eSpeak NG has no voice for language {language!r}"


def speak(texts: Sequence[str], language: str | None, speed: int = 175) -> list[Spoken]:
    """Synthesise each text (one library call each) in ``language``'s voice at ``speed`` words/minute."""
    return list(speak_each(texts, language, speed))


def speak_each(texts: Sequence[str], language: str | None, speed: int = 175) -> Iterator[Spoken]:
    """:func:`speak`, one text at a time, so that the caller need hold only one text's samples
    (an hour of cues is 145 MB of them).  The engine's lock is held until the last is taken."""
    with _LOCK:
        eng = _engine()
        voice = voice_for(language)
        if not eng.set_voice(voice) and not eng.set_voice(voice.split("-", 1)[0]):
            raise OSError(f"eSpeak NG has no voice for language {language!r}")
        for t in texts:
            yield eng.say(t, speed)
