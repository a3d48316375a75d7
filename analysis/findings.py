"""Sentences of prose computed from the tables, one function per finding.

Every number a reader sees in a notebook's prose comes from here, never typed by hand. Each
function takes the tables as they are on disk and returns one plain sentence; notebooks show it
through :func:`analysis.reports.finding`, which escapes any article text inside it.
"""

from __future__ import annotations

import pandas as pd

from analysis.corpus import removed_by_rule

HEDGED_QUALIFIERS = ("approx", "lower_bound", "upper_bound", "range", "vague")


def describe_corpus(documents: pd.DataFrame) -> str:
    """One sentence: how many articles and words, per genre, and the longest and shortest."""
    by_genre = documents.groupby("genre")["n_words"].agg(["size", "sum"]).sort_index()
    genres = ", ".join(f"{n:,} {_genre_name(g)} ({words:,} words)" for g, (n, words) in by_genre.iterrows())
    ordered = documents.sort_values(["n_words", "doc_id"])
    shortest, longest = ordered.iloc[0], ordered.iloc[-1]
    return (
        f"The corpus holds {len(documents):,} articles and {documents['n_words'].sum():,} words ({genres}); "
        f"the longest is {longest['doc_id']} ({longest['n_words']:,} words), the shortest {shortest['doc_id']} ({shortest['n_words']:,})."
    )


def describe_sentence_lengths(lengths: pd.DataFrame) -> str:
    """One sentence: the median sentence length per genre."""
    medians = lengths.groupby("genre")["n_words"].median().sort_values(ascending=False)
    parts = ", ".join(f"{median:g} words in {_genre_name(genre)}" for genre, median in medians.items())
    return f"The median sentence runs {parts}."


def describe_removed(removed_spans: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One sentence: how much cleaning removed, from how many documents, and the commonest rule."""
    if removed_spans.empty:
        return f"Cleaning removed nothing from the {len(documents):,} articles."
    top = removed_by_rule(removed_spans).iloc[0]
    return (
        f"Cleaning removed {len(removed_spans):,} spans ({removed_spans['text'].str.len().sum():,} characters) "
        f"from {removed_spans['doc_id'].nunique():,} of {len(documents):,} articles; "
        f"the commonest rule, {top['rule']}, accounts for {top['n_spans']:,}."
    )


def _genre_name(genre: str) -> str:
    return genre or "unlabelled"


def describe_estimates(estimates: pd.DataFrame, documents: pd.DataFrame) -> str:
    """One sentence: how many estimates, how many hedged, how many credited to a source."""
    if estimates.empty:
        return f"The {len(documents):,} articles give no numeric estimates."
    hedged = estimates["qualifier"].isin(HEDGED_QUALIFIERS).sum()
    credited = (estimates["cited_source"] != "").sum()
    return (
        f"The {len(documents):,} articles give {len(estimates):,} numeric estimates in "
        f"{estimates['category'].nunique():,} categories; {hedged:,} are hedged (approximate, bounded, a range or vague) "
        f"and {credited:,} credit a source."
    )


def describe_spread(spread: pd.DataFrame) -> str:
    """One sentence per category given by two or more documents: lowest and highest value and who gives them."""
    shared = spread[spread["n_docs"] >= 2]
    if shared.empty:
        return "No category of estimate is given by more than one article, so none can be compared."
    parts = [
        f"{row.category.capitalize()}: from {_number(row.min_value)} ({row.doc_lowest}, “{row.surface_lowest}”) "
        f"to {_number(row.max_value)} ({row.doc_highest}, “{row.surface_highest}”), "
        f"{row.ratio_max_min:,.1f} times as many, across {row.n_docs} articles"
        for row in shared.itertuples()
    ]
    return "Where two or more articles give numbers in a category, they range as follows. " + "; ".join(parts) + "."


def describe_sources(estimates: pd.DataFrame) -> str:
    """One sentence: the most cited source of numbers and how many numbers stand unattributed."""
    if estimates.empty:
        return "There are no estimates, so no sources of estimates."
    credited = estimates.loc[estimates["cited_source"] != "", "cited_source"]
    unattributed = len(estimates) - len(credited)
    if credited.empty:
        return f"None of the {len(estimates):,} estimates credits a source."
    counts = credited.value_counts()
    top = counts[counts == counts.max()].sort_index()
    names = " and ".join(f"“{name}”" for name in top.index)
    return (
        f"{credited.nunique():,} different sources are credited; the most cited, {names}, stand behind "
        f"{counts.max():,} estimates each, and {unattributed:,} of {len(estimates):,} estimates credit no one."
    )


def describe_excluded(excluded: pd.DataFrame) -> str:
    """One sentence: how many numbers were set aside as not estimates, and the commonest reason."""
    if excluded.empty:
        return "No number was set aside."
    reasons = excluded.groupby("reason").size().sort_index().sort_values(ascending=False, kind="stable")
    return f"{len(excluded):,} numbers were set aside as not estimates, most often as {reasons.index[0]} ({reasons.iloc[0]:,})."


def _number(value: float) -> str:
    return "?" if pd.isna(value) else f"{value:,.0f}"
