"""Repeated furniture found from the corpus itself (rule ``repeated_across_articles``).

A paragraph or sentence that recurs, after case and space folding, in ``repeat_min_documents``
articles of one outlet is furniture: a sign-off, a promo, a newsletter line, a standing
disclaimer. A text printed alike by two or more outlets is a shared quotation (a minister's words,
an agency's statement) and is kept, unless it is in at least ``repeat_min_share`` of all articles
(then it is syndicated furniture, whoever prints it). Articles without an outlet count as one
outlet: an archive of one publisher, or one whose outlet is not given.

Designed as two passes so that an engine can run the first as a reduction over partitions:

1. :func:`count_keys` turns each article's set of keys into :class:`KeyCounts` (articles per key,
   the first outlet seen, keys seen in more than one outlet); :meth:`KeyCounts.merge` adds two
   partitions' counts;
2. :func:`furniture_keys` picks the keys that are furniture: for a key found in one outlet only, the
   articles holding it must be ``repeat_min_documents`` different stories (:func:`distinct_stories`:
   articles sharing ``repeat_same_story_keys`` keys are versions of one story), which needs those
   articles' key sets (a second, small pass over the candidates); the corpus stage removes them per
   article (:func:`analysis.corpus.build.finish_article`).

Keys are 64-bit BLAKE2 hashes of the folded text (stable across processes, unlike ``hash``), so
the counts of a 300,000-sentence corpus stay a few tens of MB.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.corpus.model import WORD

if TYPE_CHECKING:
    from analysis.params import CorpusParams

RULE = "repeated_across_articles"


@dataclass(frozen=True)
class FurnitureSettings:
    """Thresholds of the rule (``corpus.repeat_*`` in the params); ``min_documents`` 0 turns it off."""

    min_documents: int = 4
    min_share: float = 0.25
    min_words: int = 4
    same_story_keys: int = 3
    """Two articles sharing at least this many keys are versions of one story (see :func:`distinct_stories`)."""


def settings_of(params: CorpusParams) -> FurnitureSettings:
    """The rule's thresholds as the params give them (``corpus.repeat_*``), for every engine alike."""
    return FurnitureSettings(params.repeat_min_documents, params.repeat_min_share, params.repeat_min_words, params.repeat_same_story_keys)


def may_find(settings: FurnitureSettings, n_documents: int) -> bool:
    """Whether the rule can find furniture in a corpus of ``n_documents`` articles: a key must be in at least
    ``min_documents`` of them (:func:`candidate_keys`), so with fewer (or the rule off) no key can be, and
    the counts of every key (tens of MB on a 20 MB article, ``docs/PROFILING.md``) need not be made."""
    return settings.min_documents > 0 and n_documents >= settings.min_documents


def text_key(text: str, min_words: int) -> int | None:
    """The key of a cleaned paragraph or sentence (spaces already folded), or None when it has fewer than
    ``min_words`` words."""
    if not has_words(text, min_words):
        return None
    return _hashed(text.casefold())


def has_words(text: str, min_words: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds at least ``min_words`` words (``WORD`` matches), counted only up to
    ``min_words``: one match of :func:`_words_pattern`, where an iterator of matches cut short by ``islice``
    made three objects per sentence."""
    if min_words <= 0:
        return True
    return _words_pattern(min_words).match(text, start, len(text) if end is None else end) is not None


@lru_cache(maxsize=8)
def _words_pattern(count: int) -> re.Pattern[str]:
    """``count`` words from the start: each a run of non-word characters, then a ``WORD`` taken whole (an atomic
    group, so a word such as "don't" is never split in two by backtracking to make up the count), as
    ``WORD.finditer`` finds them one after the other."""
    return re.compile(r"(?:\W*+(?>" + WORD.pattern + r")){" + str(count) + "}")


def paragraph_keys(text: str, spans: list[tuple[int, int]], min_words: int, folded: str | None = None) -> tuple[int | None, list[int | None]]:
    """The key of a paragraph and of each of its sentences (``spans``; None for all when it has only one),
    as :func:`text_key` gives them, with the paragraph case-folded once rather than once per sentence
    (``folded``: ``text.casefold()`` where the caller has it already).

    A sentence's folded text is a slice of the paragraph's when folding keeps every character's length
    (it does not for "ß" -> "ss"; such a paragraph's sentences are folded one by one).
    """
    if folded is None:
        folded = text.casefold()  # once, for the paragraph's key and its sentences'
    key = _hashed(folded) if has_words(text, min_words) else None
    if len(spans) <= 1:
        return key, [None] * len(spans)
    if len(folded) != len(text):
        return key, [text_key(text[start:end], min_words) for start, end in spans]
    if min_words <= 0:
        return key, [_hashed(folded[start:end]) for start, end in spans]
    enough = _words_pattern(min_words).match
    # _hashed written out, with local names: a function call and two attribute look-ups per sentence were a third
    # of its cost (tests/test_corpus_fast_paths.py holds the keys to _hashed's)
    blake2b, from_bytes = _BLAKE2B, int.from_bytes
    return key, [
        from_bytes(blake2b(folded[start:end].encode(), digest_size=8).digest(), "little") if enough(text, start, end) is not None else None
        for start, end in spans
    ]


_BLAKE2B = hashlib.blake2b


def _hashed(folded: str) -> int:
    """A key stable across processes and runs: the first 8 bytes of the BLAKE2b digest of the UTF-8 text."""
    return int.from_bytes(hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass
class KeyCounts:
    """Pass 1's reduction: how many articles hold each key, and whether more than one outlet prints it."""

    n_documents: int = 0
    documents: dict[int, int] = field(default_factory=dict)
    first_outlet: dict[int, str] = field(default_factory=dict)
    several_outlets: set[int] = field(default_factory=set)

    def add(self, outlet: str, keys: Iterable[int]) -> None:
        """Count one article's distinct keys."""
        self.n_documents += 1
        documents, first = self.documents, self.first_outlet
        for key in keys:
            if key in documents:
                documents[key] += 1
                if first[key] != outlet:
                    self.several_outlets.add(key)
            else:
                documents[key] = 1
                first[key] = outlet

    def merge(self, other: KeyCounts) -> KeyCounts:
        """The counts of two partitions together."""
        merged = KeyCounts(self.n_documents + other.n_documents, dict(self.documents), dict(self.first_outlet), self.several_outlets | other.several_outlets)
        for key, count in other.documents.items():
            if key in merged.documents:
                merged.documents[key] += count
                if merged.first_outlet[key] != other.first_outlet[key]:
                    merged.several_outlets.add(key)
            else:
                merged.documents[key] = count
                merged.first_outlet[key] = other.first_outlet[key]
        return merged


def count_keys(articles: Iterable[tuple[str, Iterable[int]]]) -> KeyCounts:
    """Pass 1: ``(outlet, keys)`` per article into :class:`KeyCounts`; a set of keys is counted as
    it is (a copy of a long article's set of keys was part of the corpus stage's peak)."""
    counts = KeyCounts()
    for outlet, keys in articles:
        counts.add(outlet, keys if isinstance(keys, (set, frozenset)) else set(keys))
    return counts


def candidate_keys(counts: KeyCounts, settings: FurnitureSettings) -> tuple[set[int], set[int]]:
    """Keys that pass the counts: (in enough articles of one outlet, in a large share of all articles)."""
    if settings.min_documents <= 0:
        return set(), set()
    large = settings.min_share * counts.n_documents
    one_outlet, everywhere = set(), set()
    for key, n in counts.documents.items():
        if n >= settings.min_documents:
            if n >= large:
                everywhere.add(key)
            elif key not in counts.several_outlets:
                one_outlet.add(key)
    return one_outlet, everywhere


STORY_CHECK_MAX_DOCUMENTS = 60
"""A key in more articles than this is furniture without the story check (no story is printed 60 times)."""


def distinct_stories(documents: list[int], keys_of: dict[int, set[int]], same_story_keys: int) -> int:
    """How many different stories the articles holding a key are: articles sharing ``same_story_keys`` or
    more keys are versions of one story (a rewrite, a follow-up reusing background paragraphs).

    Measured on the BBC set: with article counts alone, 54 of a sample of 60 removals were paragraphs
    that versions of one story share (the archive holds rewrites and follow-ups), not furniture; furniture
    (a sign-off, a bio line, a promo) recurs in articles that share little else.
    """
    if len(documents) > STORY_CHECK_MAX_DOCUMENTS:
        return len(documents)
    parent = list(range(len(documents)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(documents)):
        for j in range(i + 1, len(documents)):
            if len(keys_of[documents[i]] & keys_of[documents[j]]) >= same_story_keys:
                parent[root(i)] = root(j)
    return len({root(i) for i in range(len(documents))})


def furniture_keys(counts: KeyCounts, settings: FurnitureSettings, keys_of: list[set[int]] | None = None) -> set[int]:
    """The keys that are furniture: in a large share of all articles, or in ``min_documents`` different stories
    of one outlet (``keys_of``: each article's keys, for the story check; without it, articles are counted)."""
    one_outlet, everywhere = candidate_keys(counts, settings)
    if keys_of is None or not one_outlet:
        return one_outlet | everywhere
    holders: dict[int, list[int]] = {}
    for index, keys in enumerate(keys_of):
        for key in keys & one_outlet:
            holders.setdefault(key, []).append(index)
    involved = {index for documents in holders.values() for index in documents}
    sets = {index: keys_of[index] for index in involved}
    kept = {key for key, documents in holders.items() if distinct_stories(documents, sets, settings.same_story_keys) >= settings.min_documents}
    return kept | everywhere
