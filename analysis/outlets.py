"""Outlets compared, as genres are: framing rates pooled by the ``outlet`` column of ``documents``.

Computed in the report from ``framing_sentences`` and ``documents`` with the framing stage's own
pooling (:func:`analysis.framing.genre_profiles`, with the outlet in place of the genre), so an
outlet's rate and its bootstrap interval mean exactly what a genre's do: counts and words added
up over the outlet's articles, sentences resampled within them.
"""

from __future__ import annotations

import pandas as pd

from analysis import framing

UNKNOWN_OUTLET = "(outlet not given)"

PROFILE_COLUMNS = ["doc_id", "sentence_id", "is_heading", "n_words", "direct_quote_share", "mode", *framing.COUNT_FEATURES.values()]
"""The columns of ``framing_sentences`` that :func:`outlet_profiles` pools (and ``sentence_id``, the
key a report reads other columns of a few rows by), so a report need not hold the others."""


def outlets_of(documents: pd.DataFrame) -> pd.Series:
    """Each article's outlet (``UNKNOWN_OUTLET`` where the metadata leaves it empty), indexed like ``documents``."""
    if "outlet" not in documents:
        return pd.Series(UNKNOWN_OUTLET, index=documents.index, name="outlet")
    return documents["outlet"].fillna("").astype(str).str.strip().replace("", UNKNOWN_OUTLET).rename("outlet")


def n_outlets(documents: pd.DataFrame) -> int:
    """How many different outlets the metadata names (articles without one not counted)."""
    named = outlets_of(documents)
    return int(named[named != UNKNOWN_OUTLET].nunique())


def outlet_profiles(framing_sentences: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """One row per outlet: ``outlet``, ``n_documents``, ``n_words``, each framing rate per 1,000 words
    with its bootstrap interval and the mode shares, as in ``framing_genres``; sorted by outlet."""
    as_genre = documents.assign(genre=outlets_of(documents))
    table = framing.genre_profiles(framing_sentences, as_genre, n_bootstrap=n_bootstrap, seed=seed)
    return table.rename(columns={"genre": "outlet"}).sort_values("outlet", kind="stable").reset_index(drop=True)


def outlet_genres(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles per outlet and genre: ``outlet`` then one column per genre, with a ``total``."""
    table = pd.crosstab(outlets_of(documents), documents["genre"].fillna("").replace("", "(unlabelled)"))
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)
