"""Bytes to text: a byte-order mark decides first, then the configured encoding; advice when it fails.

The advice for a file that does not decode names an encoding only when that encoding decodes the
whole file into plausible text (letters and punctuation, no control characters, no UTF-8 read as
Windows-1252 such as "â€™"). A file that is UTF-8 but for a few bad bytes gets no encoding advice
(any single-byte code page "decodes" it, garbling every curly quote): the message says where the
first bad byte is (byte offset and line) and how many there are.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from analysis.params import InputError
from analysis.paths import shown

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""Byte-order marks and the encoding each one means, longest first where they share a prefix."""

_TYPOGRAPHIC = frozenset("‘’‚“”„–—…•·«»‹›¡¿°£€¥§©®™¶†‡‰ \u00a0")
_MOJIBAKE = ("â€", "Ã©", "Ã¨", "Ã¢", "Ã¯", "Ã¶", "Ã¼", "Â\u00a0", "Â£")


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark at the start names, and the mark's length; None without one."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def decode_bytes(data: bytes, encoding: str, where: str, params_file: str = "the params file") -> str:
    """Decode one file's bytes (``where`` names it in messages): BOM first, then ``encoding``."""
    bom = bom_encoding(data)
    if bom is not None:
        name, length = bom
        try:
            return data[length:].decode(name)
        except UnicodeDecodeError as exc:
            line = data[: length + exc.start].count(b"\n") + 1
            raise InputError(
                f"{where}: starts with a {name.upper()} byte-order mark but byte {length + exc.start} (line {line}) "
                f"is not {name.upper()}; re-save the file as UTF-8"
            ) from None
    if b"\x00" in data:
        raise InputError(f"{where}: binary data (NUL bytes), not text; replace it with the article saved as plain text")
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"{params_file}: corpus.encoding {encoding!r} is not a known encoding; use e.g. utf-8 or cp1252") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: {decode_advice(data, encoding, exc.start, params_file)}") from None


_NOT_BLANK_BYTE = re.compile(rb"[^ \t\r\n\x00]")
"""A byte that makes a file not empty (the bytes an empty file may hold: spaces, line ends, NULs)."""


def decode_text(path: Path, encoding: str, params_file: str = "the params file") -> str:
    """Read a text file, refusing empty, binary and wrongly encoded files with a fix in the message."""
    data = path.read_bytes()
    where = shown(path)
    bom = bom_encoding(data)
    # searched, not stripped: a strip copies the whole file (a 20 MB article twice, bytes and text, each a
    # 20 MB block that glibc then keeps resident for the rest of the stage, docs/PROFILING.md)
    if _NOT_BLANK_BYTE.search(data, bom[1] if bom else 0) is None:
        raise InputError(f"{where}: file is empty; remove it and its metadata row, or paste the article text in")
    text = decode_bytes(data, encoding, where, params_file)
    if not text or text.isspace():  # ``not text.strip()``: isspace and strip know the same whitespace
        raise InputError(f"{where}: file is empty; remove it and its metadata row, or paste the article text in")
    return text


def decode_advice(data: bytes, encoding: str, first_bad: int, params_file: str) -> str:
    """The message for bytes that are not ``encoding``: a plausible encoding to set, else where the bad bytes are."""
    line = data[:first_bad].count(b"\n") + 1
    if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}:
        bad = _bad_utf8_count(data)
        mostly_utf8 = _has_valid_multibyte_utf8(data)
        if not mostly_utf8:
            guess = likely_encoding(data)
            if guess:
                return (
                    f"not utf-8 (byte {first_bad}, line {line}; looks like {guess}); "
                    f"re-save it as UTF-8 or set corpus.encoding: {guess} in {params_file}"
                )
        return (
            f"not utf-8: {bad} invalid byte sequence(s), the first at byte {first_bad} (line {line}), "
            f"in text that is otherwise {'UTF-8' if mostly_utf8 else 'in no encoding that reads it whole'}; "
            "fix or delete those bytes in an editor and re-save the file as UTF-8"
        )
    return f"not {encoding} (byte {first_bad}, line {line}); re-save it as UTF-8 or set corpus.encoding in {params_file} to its encoding"


def likely_encoding(data: bytes) -> str | None:
    """The encoding a file that is not UTF-8 most likely has, or None when none reads it as plausible text.

    Windows-1252 (what Western word processors and older sites save English text in) when the
    bytes decode to mostly ASCII with accented letters and typographic punctuation; otherwise
    charset-normalizer's best guess, kept only when it decodes the whole file into plausible text.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    others = [char for char in text if not char.isascii()]
    # Text in another script read as Windows-1252 is mostly accented letters; English is mostly ASCII.
    mostly_ascii = sum(char.isalpha() for char in others) <= 0.5 * sum(char.isalpha() for char in text)
    if text and mostly_ascii and all(char.isalpha() or char in _TYPOGRAPHIC for char in others) and plausible(text):
        return "cp1252"
    import charset_normalizer  # here, not at the top: only a file that is not valid in its encoding gets this far (27 ms of every run's start)

    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        return None
    try:
        decoded = data.decode(guess.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return guess.encoding if plausible(decoded) else None


def plausible(text: str) -> bool:
    """Text a reader could read: no control characters, no UTF-8 mis-read as a code page, mostly letters and spaces."""
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
        return False
    if any(sign in text for sign in _MOJIBAKE):
        return False
    letters = sum(char.isalpha() or char.isspace() for char in text)
    return letters >= 0.6 * len(text)


def _bad_utf8_count(data: bytes) -> int:
    replaced = data.decode("utf-8", errors="replace").count("\ufffd")
    return replaced - data.decode("utf-8", errors="ignore").count("\ufffd")


def _has_valid_multibyte_utf8(data: bytes) -> bool:
    """Whether the bytes hold more well-formed UTF-8 characters beyond ASCII than bad sequences (UTF-8 with a few bad bytes)."""
    text = data.decode("utf-8", errors="ignore")
    return sum(not char.isascii() for char in text) > _bad_utf8_count(data)
