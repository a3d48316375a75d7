"""Sentence spans of cleaned paragraphs.

Sentences come from ``sentencex`` (measured against pysbd, syntok and blingfire in
``docs/BENCHMARKS.md``: the fastest by an order of magnitude, and it splits text glued across a
missing space, "concluded.There", "MPs.As", while keeping "U.S.", "e.g.", "3.5" and "J.K." whole),
run per paragraph, plus two rules of ours:

- a "sentence" longer than ``LONG_SENTENCE_CHARS`` is split again with brackets and quote marks
  hidden: sentencex never splits inside a (...), [...] or "..." range it pairs, and on real text it
  pairs marks far apart (a "(" near the start of a paragraph with a ")" a thousand characters on),
  gluing every sentence between them into one (342- and 325-word "sentences" on the Guardian set).
  The second pass sees the piece with each mark replaced by a space (same length, so offsets are
  unchanged) and gives the marks back to the sentences at whose edges they stand. Quotations of
  normal length stay one sentence, as sentencex keeps them;
- an ellipsis followed by a capitalised word ends a sentence;
- a heading glued to the sentence after it, without a space or a full stop ("…sanctions on
  MyanmarAt a media appearance…", "…– liveRead more SummaryIt is 7.27am…": live-blog post titles and
  summaries on the Guardian set), ends where a lower-case word runs straight into a capitalised
  sentence opener (``GLUED_OPENERS``: articles, pronouns, common first words; "Russia" and "Ukraine"
  only before "’s" or a lower-case word). The word before the glue must be at least four letters,
  lower-case after its first letter, so camel-case names and chemical or acronym forms stay whole
  ("StandForUkraine", "McGowanThe", "GaAs", "PoA", "VoxUkraine", "#OpRussia"); "In" and number words
  are not openers ("LinkedIn", "HackerOne"). On the shared corpora these splits are, almost all,
  live-blog post titles, bylines and credits glued to the post's first sentence (Guardian) and
  nearly none elsewhere (counted by ``validation/validate_cleaning.py``).
- a sentence never ends on the title "Ms." or "Mx." (``UNSPLIT_TITLES``): sentencex's abbreviation
  list has "Mr." and "Mrs." but not these, and splits "…, Ms. Lee said" after "Ms.".

Each sentence keeps offsets into the cleaned text such that ``clean_text[char_start:char_end] == text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import sentencex

from analysis.corpus.model import WORD

ELLIPSIS_BREAK = re.compile(r"(?:(?<=…)|(?<=\.\.\.))\s+(?=[A-Z“\"‘'])")
FINAL_PUNCTUATION = tuple(".!?…:;\"”’')]")
HEADING_MAX_WORDS = 20
LONG_SENTENCE_CHARS = 600
"""A sentencex sentence longer than this is split again with brackets and quote marks hidden."""
GLUED_OPENERS = (
    "The", "It", "At", "On", "As", "An", "A", "After", "Before", "But", "And", "He", "She", "They", "We", "I", "This",
    "That", "There", "These", "Those", "Here", "When", "While", "Meanwhile", "Earlier", "Later", "Speaking", "According",
    "Asked", "If", "For", "From", "With", "Some", "Many", "Most", r"(?:Ukraine|Russia)(?=[’']s\b|\s[a-z])",
)
"""Capitalised words that open a sentence glued to a heading (see the module docstring)."""
GLUE = re.compile(r"(?<=[a-z])(?=(?:" + "|".join(GLUED_OPENERS) + r")\b)")
_GLUED_WORD = re.compile(r"(?<![\w’'#-])[A-Za-z][a-z]{3,}$")
_MARKS = "()[]{}\"“”‘’«»"
_HIDE_MARKS = str.maketrans(_MARKS, " " * len(_MARKS))
_OPENING = "([{\"“‘«"
_CLOSING = ")]}\"”’»"


def segment(paragraphs: list[str], headings: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, int, int, bool]]:
    """Sentence spans ``(paragraph_id, start, end, is_heading)`` in the text the paragraphs make when joined by a blank line.

    A paragraph is a heading when it is one sentence without final punctuation and at most
    ``HEADING_MAX_WORDS`` words, or when its id is in ``headings`` (a markdown heading line).
    """
    spans = []
    offset = 0
    for paragraph_id, paragraph in enumerate(paragraphs):
        pieces = sentence_spans(paragraph)
        heading = paragraph_id in headings or (len(pieces) == 1 and looks_like_heading(paragraph))
        spans += [(paragraph_id, offset + start, offset + end, heading) for start, end in pieces]
        offset += len(paragraph) + 2
    return spans


UNSPLIT_TITLES = re.compile(r"(?<![\w.])(?:Ms|Mx)\.$")
"""Titles after which sentencex ends a sentence though a name follows: the piece is joined to the next."""


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """The sentences of one paragraph as ``(start, end)`` offsets into it, whitespace excluded."""
    spans = list(_sentence_spans(paragraph))
    if "Ms." in paragraph or "Mx." in paragraph:
        joined: list[tuple[int, int]] = []
        for start, end in spans:
            if joined and UNSPLIT_TITLES.search(paragraph, joined[-1][0], joined[-1][1]):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
        spans = joined
    return spans


def _sentence_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    if _ANY_LOWER_UPPER.search(paragraph) is None:  # no glue anywhere (most paragraphs): one scan, not one per sentence
        yield from _long_resplit(paragraph)
        return
    for start, end in _long_resplit(paragraph):
        if not _may_glue(paragraph, start, end):
            yield start, end
            continue
        for found in GLUE.finditer(paragraph, start, end):
            cut = found.start()
            if cut - start >= 2 and _GLUED_WORD.search(paragraph, start, cut):
                yield start, cut
                start = cut
        yield start, end


def _may_glue(paragraph: str, start: int, end: int) -> bool:
    """Whether a glued heading may stand in ``paragraph[start:end]``: a lower-case letter right before a capital (one scan)."""
    return _LOWER_UPPER.search(paragraph, start, end) is not None


_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_ANY_LOWER_UPPER = re.compile(r"[A-Z](?<=[a-z][A-Z])")
"""Whether a whole paragraph holds ``[a-z][A-Z]`` (same answer from offset 0): opening with the capital lets the
regex engine skip from one capital to the next, where ``[a-z]`` first stops at nearly every letter (twice as fast)."""


def _long_resplit(paragraph: str) -> Iterator[tuple[int, int]]:
    for start, end in _segmented(paragraph, paragraph):
        if end - start <= LONG_SENTENCE_CHARS:
            yield start, end
            continue
        # sentencex never splits inside a (...), [...] or "..." range it pairs; paired far apart they glue
        # whole paragraphs into one "sentence". Split such a piece again with those marks hidden.
        piece = paragraph[start:end]
        for sub_start, sub_end in _segmented(piece, piece.translate(_HIDE_MARKS)):
            yield start + sub_start, start + sub_end


def _segmented(paragraph: str, seen: str) -> Iterator[tuple[int, int]]:
    """Sentences of ``paragraph`` found by sentencex in ``seen`` (the paragraph, or it with marks hidden: same length)."""
    cursor = 0
    for sentence in sentencex.segment("en", seen):
        for piece in ELLIPSIS_BREAK.split(sentence) if "…" in sentence or "..." in sentence else (sentence,):
            piece = piece.strip()
            if not piece:
                continue
            start = seen.find(piece, cursor)
            if start < 0:  # the segmenter altered the text; keep the rest whole rather than lose words
                rest = paragraph[cursor:].strip()
                if rest:
                    start = paragraph.index(rest, cursor)
                    yield start, start + len(rest)
                return
            end = start + len(piece)
            if seen is not paragraph:  # give back the marks hidden at the sentence's edges: they are its text
                while start > cursor and paragraph[start - 1] in _OPENING:
                    start -= 1
                while end < len(paragraph) and paragraph[end] in _CLOSING:
                    end += 1
            cursor = end
            yield start, end


def looks_like_heading(paragraph: str) -> bool:
    """One line without final punctuation and at most ``HEADING_MAX_WORDS`` words: "Troops still deployed"."""
    return not paragraph.endswith(FINAL_PUNCTUATION) and len(WORD.findall(paragraph)) <= HEADING_MAX_WORDS
