"""Short subtitle files in legacy code pages, and legacy CJK files cut inside their last character.

On a text of a line or two chardet's guesses are close to chance (``I’m here`` in cp1252 came
first as Mac Latin 2, ``5 €`` as cp862, Shift_JIS ``ありがとう`` as cp437), and a Shift_JIS,
GB18030 or Big5 file cut inside its last character decoded in no CJK encoding at all, so the
whole file was read in a single-byte code page.  Both gave mojibake with exit 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import corpus_file, run_inprocess
else:
    from robust_helpers import corpus_file, run_inprocess

from subconv.encoding import decode
from subconv.report import Report

# Subtitle lines written for this test, each language with the legacy code pages its files use
# (the first the most usual).
_LINES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (
        ("cp1252",),
        (
            "I’m not going anywhere.",
            "Don’t you dare touch that!",
            "“Where were you last night?”",
            "It costs 5 € — maybe 10 €.",
            "Wait… what did you just say?",
            "She said “no”, and that’s final.",
            "That’s £20, isn’t it?",
            "I’m here.",
            "Don’t go.",
            "It costs 5 €.",
        ),
    ),
    "fr": (
        ("cp1252",),
        (
            "Très bien, à bientôt.",
            "Ça va ? Je ne sais pas où il est.",
            "C’est déjà l’été, n’est-ce pas ?",
            "« Où êtes-vous allés ? »",
            "Il a dû partir avant Noël.",
            "Je suis désolé, ma sœur.",
            "Voilà le garçon qui a peur.",
            "Qu’est-ce que tu fais là ?",
        ),
    ),
    "es": (
        ("cp1252",),
        (
            "¿Qué pasa, señor?",
            "¡No me digas! Está aquí.",
            "Él no sabía qué hacer.",
            "Mañana vamos a la montaña.",
            "¿Dónde está mi corazón?",
            "Sí, claro. ¿Por qué no?",
            "¿Estás bien?",
        ),
    ),
    "de": (
        ("cp1252",),
        (
            "Wie geht’s dir heute?",
            "Ich weiß es nicht genau.",
            "Schöne Grüße aus München!",
            "Das Mädchen läuft über die Straße.",
            "Wir müssen jetzt gehen.",
            "Hör auf damit!",
            "Können wir später darüber reden?",
        ),
    ),
    "pl": (
        ("cp1250", "iso8859-2"),
        (
            "Dzień dobry, jak się masz?",
            "Nie wiem, co mam zrobić.",
            "Proszę, zostań ze mną.",
            "Gdzie jest mój samochód?",
            "Cześć! Już idę.",
            "To była świetna zabawa.",
            "Przepraszam, muszę iść.",
        ),
    ),
    "cs": (
        ("cp1250", "iso8859-2"),
        (
            "Děkuji, to je v pořádku.",
            "Nevím, co mám dělat.",
            "Příliš žluťoučký kůň.",
            "Dobrý večer, pane.",
            "Musíme jít hned teď.",
            "Řekni mi pravdu.",
            "Kde jsi byl včera večer?",
        ),
    ),
    "ru": (
        ("cp1251", "koi8-r"),
        (
            "Привет, как дела?",
            "Я не знаю, что делать.",
            "Где ты был вчера вечером?",
            "Спасибо, всё хорошо.",
            "Пойдём отсюда!",
            "Это не твоё дело.",
            "Что случилось?",
        ),
    ),
    "el": (
        ("cp1253", "iso8859-7"),
        (
            "Καλημέρα, τι κάνεις;",
            "Δεν ξέρω τι να κάνω.",
            "Πού ήσουν χθες το βράδυ;",
            "Ευχαριστώ πολύ!",
            "Έλα εδώ, γρήγορα.",
            "Περίμενε με εδώ.",
        ),
    ),
    "tr": (
        ("cp1254",),
        (
            "Merhaba, nasılsın?",
            "Ne yapacağımı bilmiyorum.",
            "Teşekkür ederim, çok iyiyim.",
            "Dün gece neredeydin?",
            "Buraya gel, çabuk!",
            "Özür dilerim, gitmem lazım.",
        ),
    ),
    "ja": (
        ("shift_jis", "cp932"),
        (
            "ありがとう。",
            "どういたしまして。",
            "こんにちは、元気ですか？",
            "ちょっと待って！",
            "私は学生です。",
            "本当にごめんなさい。",
            "昨日の夜、どこにいたの？",
        ),
    ),
    "zh": (
        ("gb18030", "gbk"),
        (
            "你好，世界。",
            "我不知道该怎么办。",
            "你昨天晚上去哪儿了？",
            "谢谢，我很好。",
            "快点过来！",
            "发生了什么事？",
        ),
    ),
    "zh-Hant": (
        ("big5", "cp950"),
        (
            "你好，世界。",
            "我不知道該怎麼辦。",
            "你昨天晚上去哪裡了？",
            "謝謝，我很好。",
            "快點過來！",
            "發生了什麼事？",
        ),
    ),
    "ko": (
        ("cp949", "euc_kr"),
        (
            "안녕하세요, 잘 지내세요?",
            "고마워요.",
            "어디 가요?",
            "정말 미안해요.",
            "여기로 빨리 와!",
            "무슨 일이 있었어?",
        ),
    ),
}


def _srt(lines: list[str]) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},500\n{line}\n\n" for i, line in enumerate(lines, 1))


@st.composite
def _short_files(draw: st.DrawFn) -> tuple[str, str]:
    """An SRT file of 1-3 cues of one language, and one of its legacy code pages."""
    encodings, lines = _LINES[draw(st.sampled_from(sorted(_LINES)))]
    cues = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=3))
    return _srt(cues), draw(st.sampled_from(encodings))


@settings(max_examples=300, deadline=None)
@given(_short_files())
def test_short_legacy_file_reads_as_written(case: tuple[str, str]) -> None:
    """A subtitle file of a cue or three in its language's legacy code page reads as written.
    Before, chardet's near-chance guesses won: ``Iím here`` (Mac Latin 2), ``5 א`` (cp862),
    ``Trčs … żQué … seńor`` (cp1250), Shift_JIS kana as cp437 box drawing."""
    text, enc = case
    report = Report()
    assert decode(text.encode(enc), report=report) == text, report.info
    assert not report.by_action("repaired")


@pytest.mark.parametrize(
    ("lines", "enc"),
    [
        (["I’m here.", "Don’t go."], "cp1252"),
        (["It costs 5 €.", "Fine."], "cp1252"),
        (["ありがとう。", "どういたしまして。"], "shift_jis"),
        (["Très bien, à bientôt. Ça va?", "¿Qué pasa? Él está aquí — señor."], "cp1252"),
    ],
)
def test_short_legacy_files_convert_as_written(lines: list[str], enc: str, tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_bytes(_srt(lines).encode(enc))
    run = run_inprocess(["convert", str(src), "--to", "txt"])
    assert run.status == 0, run.stderr
    assert "".join(run.stdout.split()) == "".join("".join(lines).split())  # (CJK lines join without a space)


_CJK = [
    ("shift_jis", ["こんにちは、世界。今日はいい天気ですね。", "私は学生です。よろしくお願いします。"]),
    ("cp932", ["ちょっと待って！", "本当にごめんなさい。"]),
    ("gb18030", ["你好，世界。今天天气很好。", "我是学生，请多关照。"]),
    ("big5", ["你好，世界。今天天氣很好。", "我是學生，請多關照。"]),
    ("cp950", ["謝謝，我很好。", "發生了什麼事？"]),
    ("cp949", ["안녕하세요, 잘 지내세요?", "정말 미안해요"]),
]


@pytest.mark.parametrize(("enc", "lines"), _CJK, ids=[enc for enc, _ in _CJK])
def test_legacy_cjk_file_cut_inside_its_last_character_is_repaired(enc: str, lines: list[str]) -> None:
    """Cut inside its last (double-byte) character, the file decoded in no CJK encoding and was
    read whole as cp862/cp1256/cp1252 mojibake.  Now it reads as UTF-8 cut short does: the text,
    one U+FFFD for the cut character, and a ``repaired`` entry saying so."""
    text = _srt(lines).rstrip("\n")
    data = text.encode(enc)[:-1]
    report = Report()
    assert decode(data, report=report) == text[:-1] + "\ufffd"
    (repaired,) = report.by_action("repaired")
    assert "truncated multi-byte sequence at the end of the file" in repaired.reason
    assert repaired.line == text.count("\n") + 1


@pytest.mark.parametrize(
    ("rel", "enc"),
    [
        ("odd/derived-encodings/neural-networks.ja.shift_jis.srt", "shift_jis"),
        ("odd/derived-encodings/neural-networks.zh-Hans.gb18030.srt", "gb18030"),
        ("odd/derived-encodings/gradient-descent.zh-Hant.big5-cp950.srt", "cp950"),
        ("odd/cdown-srt/gb2312.srt", "gb18030"),
    ],
)
def test_real_cjk_file_cut_inside_a_character(rel: str, enc: str, tmp_path: Path) -> None:
    """The corpus's legacy CJK files cut one byte into their last CJK character (as an
    interrupted download leaves them) convert to their text with one U+FFFD at the end."""
    data = corpus_file(rel).read_bytes()
    text = data.decode(enc)
    last = max(i for i, ch in enumerate(text) if ch >= "\u3000")
    cut = text[:last].encode(enc) + text[last].encode(enc)[:1]
    src = tmp_path / "cut.srt"
    src.write_bytes(cut)
    report = Report()
    assert decode(cut, report=report) == text[:last] + "\ufffd"
    assert report.info["encoding"] in (enc, "big5", "gb18030")
    run = run_inprocess(["convert", str(src), "--to", "txt"])
    assert run.status == 0, run.stderr
    assert run.stdout.rstrip().endswith(text[last - 3 : last] + "\ufffd")
