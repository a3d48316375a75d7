"""Which sentences are claims: headings, fragments and questions are set aside, with the reason."""

from __future__ import annotations

import pandas as pd

from analysis.claims.columns import SET_ASIDE_COLUMNS
from analysis.claims.vectorise import WORD


def select_claims(sentences: pd.DataFrame, *, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split sentences into claims and set-aside rows.

    Reasons, first match wins: ``heading`` (``is_heading`` true), ``too_short`` (fewer than
    ``min_words`` words), ``question`` (the sentence ends in a question mark, closing quotes and
    brackets aside: a question asserts nothing, so "What is a no-fly zone?" is no claim to share;
    a quoted question that ends in "he asked." is kept). Returns ``(claims, set_aside)``, both
    sorted by doc_id, sentence_id; ``set_aside`` has a ``reason`` column (count it with ``value_counts``).
    """
    frame = _sorted_sentences(sentences)
    n_words = frame["text"].map(lambda text: len(WORD.findall(text)))
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[frame["text"].map(is_question)] = "question"
    reason[n_words < min_words] = "too_short"
    reason[frame["is_heading"].astype(bool)] = "heading"
    kept = frame[reason == ""].reset_index(drop=True)
    set_aside = frame[reason != ""].assign(reason=reason[reason != ""])
    return kept, set_aside[SET_ASIDE_COLUMNS].reset_index(drop=True)


SENTENCE_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "text", "is_heading"]
"""The sentence table's columns that :func:`select_claims` reads (the pipeline reads only these)."""


_CLOSING = "\"'”’»)]} \t\n"


def is_question(text: str) -> bool:
    """Whether a sentence ends in a question mark, closing quotes, brackets and spaces aside."""
    return text.rstrip(_CLOSING).endswith("?")


def _sorted_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    # only the columns the claims tables carry: a copy of every column of a long article's
    # sentences table was a sizeable share of the stage's peak memory
    frame = sentences[[column for column in SENTENCE_COLUMNS if column in sentences]].copy()
    frame["doc_id"] = frame["doc_id"].astype(str)
    frame["sentence_id"] = frame["sentence_id"].astype(int)
    if "is_heading" not in frame:
        frame["is_heading"] = False
    return frame.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
