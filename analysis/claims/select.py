"""Which sentences are claims: headings and fragments are set aside, with the reason."""

from __future__ import annotations

import pandas as pd

from analysis.claims.columns import SET_ASIDE_COLUMNS
from analysis.claims.vectorise import WORD


def select_claims(sentences: pd.DataFrame, *, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split sentences into claims and set-aside rows.

    Reasons, first match wins: ``heading`` (``is_heading`` true), ``too_short`` (fewer than
    ``min_words`` words). Returns ``(claims, set_aside)``, both sorted by doc_id, sentence_id;
    ``set_aside`` has a ``reason`` column (count it with ``value_counts``).
    """
    frame = _sorted_sentences(sentences)
    n_words = frame["text"].map(lambda text: len(WORD.findall(text)))
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[n_words < min_words] = "too_short"
    reason[frame["is_heading"].astype(bool)] = "heading"
    kept = frame[reason == ""].reset_index(drop=True)
    set_aside = frame[reason != ""].assign(reason=reason[reason != ""])
    return kept, set_aside[SET_ASIDE_COLUMNS].reset_index(drop=True)


def _sorted_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    frame = sentences.copy()
    frame["doc_id"] = frame["doc_id"].astype(str)
    frame["sentence_id"] = frame["sentence_id"].astype(int)
    if "is_heading" not in frame:
        frame["is_heading"] = False
    return frame.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
