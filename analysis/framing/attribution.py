"""Attribution: who a sentence credits, by which cue, and where the source's words are."""

from __future__ import annotations

import re
from typing import NamedTuple

from analysis.framing.stance import _lexicons, _scan, lower_text


_NAME = r"[A-Z][\w'’.\-]*"
_NOT_SOURCES = frozenset((
    "A An And As At But By For From He Her His How However If In It Its My On Or Our She So Some That The Their "
    "There These They This Those Thus To We What When Where Which While Who Why Yet Local Recent Many Most "
    "Other Others New Further Earlier Later Such Several Both Each All No One Two Latest Previous Initial Your"
).split())
"""Capitalised words that start sentences but never name a source ("This shows", "Local reports")."""
_PLAIN_TOKEN = re.compile(r"[\w'’.\-]+")
_NON_SPACE = re.compile(r"\S+")
_CLAUSE_WORD = re.compile(
    r"^.*\b(?:and|but|or|as|while|although|though|whereas|since|after|before|until|unless|where|whether|what|that|which|who|whom|"
    r"so|then|also|because|when|if|of|to|in|on|at|for|by|with|from)\s+",
    re.I,
)
"""Everything up to the last clause word or preposition is not part of a source ("a move that experts say")."""
_AFTER_PHRASE = re.compile(
    r"\s+(?P<source>[^,;:.!?()“”\"—]{1,80}?)"
    r"(?=\s*[,;:.!?()“”\"—]|\s+(?:that|which|who|when|while|as|said|says|on|about)\b|\s*$)"
)
_AFTER_VERB = re.compile(rf"\s+(?P<source>(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,4}})")


class Attribution(NamedTuple):
    """What :func:`attribute` finds: the cue, the credited source's text, and the source's
    character offsets in the text attributed (``text[start:end] == source``; -1 when none)."""

    cue: str
    source: str
    start: int
    end: int


NO_ATTRIBUTION = Attribution("", "", -1, -1)


def attribute(text: str) -> Attribution:
    """The :class:`Attribution` of the first attribution rule that fires on ``text``, or
    :data:`NO_ATTRIBUTION`.

    Rules, in order (see the module docstring): A an attribution phrase and the source after it;
    B a source (a capitalised name, or a source noun or pronoun, with up to five words before it
    in the same clause) and a finite reporting verb, an -ly adverb allowed between; C a reporting
    verb after a comma, colon or closing quote, and a name after it. Run it on text whose quoted
    words are masked, so a verb inside a quotation credits no one.
    """
    _, phrases, verbs = _scan(lower_text(text))
    return _attribute(text, phrases, verbs)


def _attribute(
    text: str, phrases: list[re.Match[str]], verbs: list[re.Match[str]], original: str | None = None
) -> Attribution:
    """:func:`attribute` given the positions of attribution phrases and reporting verbs in ``text``.

    ``original`` is the unmasked text when ``text`` has its quotations masked (same length): the
    source is read from it, at the offsets found in ``text``.
    """
    original = text if original is None else original
    for match in phrases:
        found = _AFTER_PHRASE.match(text, match.end())
        if found:
            return _credit(match.group(), original, *_strip_span(text, *found.span("source")))
    # a capitalised verb form is part of a name ("the United States", "Reports")
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    source_nouns = _lexicons().source_nouns
    for match in verbs:
        span = _source_before(text, match.start(), source_nouns)
        if span:
            return _credit(match.group(), original, *span)
    for match in verbs:
        before = text[: match.start()].rstrip()
        found = _AFTER_VERB.match(text, match.end())
        if found and (not before or before[-1] in ",”\"’:"):
            start, end = found.span("source")
            # a full stop ends the sentence, unless the name is an abbreviation ("the U.S.")
            if not re.search(r"\.\w{1,3}\.$", found.group("source")):
                end = start + len(found.group("source").rstrip("."))
            return _credit(match.group(), original, start, end)
    return NO_ATTRIBUTION


def _credit(cue: str, text: str, start: int, end: int) -> Attribution:
    return Attribution(_cue(cue), text[start:end], start, end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past leading and trailing white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cue(text: str) -> str:
    return " ".join(text.split()).replace("’", "'")


def _source_before(text: str, verb_start: int, nouns: frozenset[str]) -> tuple[int, int] | None:
    """Offsets of the source before a reporting verb starting at ``verb_start``, or None.

    Read from the 160 characters before the verb. Up to three words may stand between the source
    and the verb: -ly adverbs and the words of ``_BETWEEN_SOURCE_AND_VERB`` ("officials have
    previously said"). The source's last word must be a source noun or pronoun or a capitalised
    name; up to five plain words before it are taken too, and everything up to the last clause
    word or preposition is cut ("a move that experts say" gives "experts"). When a comma stands
    right before the verb, the source is the subject before one comma-set aside or appositive
    when that qualifies ("Anil, the vice-chairman, said" gives "Anil"; "Mr Svanberg, however,
    warned"), else the aside itself ("Denis Pushilin, said"). A verb followed by "to" after a
    comma is a passive ("Kyiv, said to be calm") and credits no one. An acronym in brackets may
    end the source ("the British Chamber of Commerce (BCC) has said").
    """
    offset = max(0, verb_start - 160)
    head = text[offset:verb_start]
    every_word = head.split()
    words = every_word[:]
    for _ in range(3):
        if len(words) < 2:
            break
        word = words[-1]
        if not ((word.endswith("ly") and word.isalpha() and word.islower()) or word in _BETWEEN_SOURCE_AND_VERB):
            break
        words.pop()
    if not words:
        return None
    last = len(words) - 1
    word = words[last]
    if word.endswith(","):
        if text.startswith(" to ", verb_start + len(_NON_SPACE.match(text, verb_start).group())):
            return None
        before = _previous_comma_word(words, last)
        if before >= 0 and _qualifies(words[before][:-1], nouns):
            return _source_span(head, offset, every_word, before, 1)
        word = word[:-1]
        trim = 1
    else:
        trim = 0
    if word.startswith("(") and word.endswith(")"):  # an acronym in brackets: "the Chamber (BCC) said"
        return _source_span(head, offset, every_word, last, trim) if _qualifies(word[1:-1], nouns) else None
    return _source_span(head, offset, every_word, last, trim) if _qualifies(word, nouns) else None


_BETWEEN_SOURCE_AND_VERB = frozenset(
    "has have had also will would could may might did does do not never earlier later then now again once too".split()
)
"""Auxiliaries, negation and time adverbs that may stand between a source and its reporting verb."""


def _qualifies(word: str, nouns: frozenset[str]) -> bool:
    """Whether a word can end a source: a source noun or pronoun, or a capitalised name."""
    return bool(word) and _PLAIN_TOKEN.fullmatch(word) is not None and (
        word.lower() in nouns or (word[0].isupper() and word not in _NOT_SOURCES)
    )


def _previous_comma_word(words: list[str], last: int) -> int:
    """Index of the comma-ended word before the aside ending at ``words[last]``, or -1 when the
    aside is longer than twelve words or holds other punctuation."""
    for index in range(last - 1, max(-1, last - 13), -1):
        word = words[index]
        if word.endswith(","):
            return index
        if not _PLAIN_TOKEN.fullmatch(word):
            return -1
    return -1


def _source_span(head: str, offset: int, words: list[str], last: int, trim: int) -> tuple[int, int]:
    """Offsets in the text of the source whose last word is ``words[last]`` less ``trim`` final
    characters (a comma): that word and up to five plain words before it, cut after the last
    clause word or preposition. ``words`` is ``head.split()``, ``head`` starts at ``offset`` in
    the text."""
    first = last
    while first > 0 and last - first < 5 and _PLAIN_TOKEN.fullmatch(words[first - 1]):
        first -= 1
    clause = _CLAUSE_WORD.match(" ".join(words[first:last] + [words[last][: len(words[last]) - trim]]))
    if clause:  # words are joined by one space, so the spaces cut are the words cut
        first += clause.group().count(" ")
    # the words are the runs of non-space in head: walking back from its end finds each in turn
    position, end = len(head), 0
    for index in range(len(words) - 1, first - 1, -1):
        position = head.rfind(words[index], 0, position)
        if index == last:
            end = position + len(words[index]) - trim
    return offset + position, offset + end
