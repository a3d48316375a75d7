"""Counting words (matches of :data:`analysis.corpus.model.WORD`) with array operations.

``documents.csv`` gives each article's ``n_words``: ``len(WORD.findall(clean_text))``. On the
think-tank corpus that regex scan, which also makes a string of every word, was the largest cost
of laying out the tables after cleaning (``docs/PROFILING.md``). The count needs no strings:
``WORD`` is ``\\w+(?:['’]\\w+)*``, so its matches are the maximal runs of word characters, less one
for every apostrophe (``'`` or ``’``) standing between two word characters (it joins two runs into
one match; an apostrophe beside a non-word character joins nothing). Both are counted on the text's
code points as a NumPy array, a word character being what ``\\w`` itself matches (the lookup table
is made from the regex, not from a reimplementation of it). ``tests/test_corpus_fast_paths.py``
holds :func:`count_words` equal to ``len(WORD.findall(text))``.
"""

from __future__ import annotations

import re

import numpy as np

WORD_CHARACTER = re.compile(r"\w")
"""One character of a word as ``WORD`` reads it."""
APOSTROPHES = (ord("'"), ord("’"))
CHUNK_CHARACTERS = 1 << 18
"""Characters counted at a time: a 20 MB article is read in pieces, not at once. A piece costs about 11 bytes a
character while it is counted (its copy, 4 bytes a code point, five masks): at 2**20 that was 11 MB, five times a
2 MB line (``docs/PROFILING.md``); at 2**18 it is under 3 MB, and the per-piece calls stay negligible."""

_basic_plane: np.ndarray | None = None


def _word_table() -> np.ndarray:
    """Whether each code point below 65,536 is a word character (made once per process, from the regex)."""
    global _basic_plane
    if _basic_plane is None:
        _basic_plane = np.fromiter((WORD_CHARACTER.match(chr(code)) is not None for code in range(0x10000)), dtype=bool, count=0x10000)
    return _basic_plane


def _is_word(codes: np.ndarray) -> np.ndarray:
    table = _word_table()
    if not len(codes) or codes.max() < 0x10000:
        return table[codes]
    found = np.zeros(len(codes), dtype=bool)
    basic = codes < 0x10000
    found[basic] = table[codes[basic]]
    for code in np.unique(codes[~basic]).tolist():  # emoji, rare scripts: the regex asked once per distinct code point
        if WORD_CHARACTER.match(chr(code)):
            found[codes == code] = True
    return found


def count_words(text: str, chunk: int = CHUNK_CHARACTERS) -> int:
    """``len(WORD.findall(text))`` without making the words: runs of word characters less the apostrophes joining two."""
    total = 0
    for start in range(0, len(text), chunk):
        end = min(start + chunk, len(text))
        before = 1 if start > 0 else 0  # one character of context each side: a run or a join may straddle the cut
        after = 1 if end < len(text) else 0
        piece = text[start - before : end + after]
        codes = np.frombuffer(piece.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        word = _is_word(codes)
        own = slice(before, len(codes) - after)  # the positions this chunk counts
        run_starts = word[own].copy()
        run_starts[1:] &= ~word[before : len(codes) - after - 1]
        if before:
            run_starts[0] &= ~word[0]
        apostrophe = (codes == APOSTROPHES[0]) | (codes == APOSTROPHES[1])
        joins = apostrophe[1:-1] & word[:-2] & word[2:]  # position i + 1 of the piece: a word character either side
        join_count = int(np.count_nonzero(joins[max(before - 1, 0) : len(codes) - after - 1]))
        total += int(np.count_nonzero(run_starts)) - join_count
    return total
