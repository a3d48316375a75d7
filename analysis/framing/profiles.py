"""Document and genre profiles: rates per 1,000 words with seeded bootstrap intervals, mode shares."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.framing.schema import COUNT_FEATURES, MODES, RATE_COLUMNS, SHARE_COLUMNS, _documents, _tidy


def bootstrap_rates(
    counts: np.ndarray, words: np.ndarray, *, n_bootstrap: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile 95% interval of ``1000 * sum(counts) / sum(words)`` resampling sentences.

    ``counts`` is (sentences x rates). Replicates are drawn in blocks: a (replicates x sentences)
    matrix of resampling weights (how often each sentence was drawn) times the count matrix, one
    BLAS product per block, blocks small enough to keep memory flat on a 10^5-sentence group.
    Returns (low, high), each of length ``counts.shape[1]``; NaN when there are no sentences.
    """
    n = len(words)
    if n == 0 or n_bootstrap <= 0:
        return np.full(counts.shape[1], np.nan), np.full(counts.shape[1], np.nan)
    matrix = np.column_stack([counts, words])
    block = max(1, min(n_bootstrap, _BOOTSTRAP_BLOCK // n))
    sums = []
    for start in range(0, n_bootstrap, block):
        size = min(block, n_bootstrap - start)
        draws = rng.integers(0, n, size=(size, n), dtype=np.int64 if n > 2**31 // size else np.int32)
        draws += (np.arange(size, dtype=draws.dtype) * n)[:, None]
        weights = np.bincount(draws.ravel(), minlength=size * n).reshape(size, n)
        sums.append(weights.astype(np.float64) @ matrix)
    totals = np.vstack(sums)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(totals[:, -1:] > 0, 1000.0 * totals[:, :-1] / totals[:, -1:], 0.0)
    low, high = np.percentile(rates, [2.5, 97.5], axis=0)
    return low, high


_BOOTSTRAP_BLOCK = 4_000_000
"""Resampling draws held in memory at once (replicates x sentences)."""


def _group_rng(seed: int, key: str) -> np.random.Generator:
    """A generator per group seeded by (seed, key), so a group's interval does not change when
    other documents are added to or removed from the corpus."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


def _profiles(features: pd.DataFrame, keys: pd.Series, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """Rates, bootstrap intervals and mode shares of each group of sentences (column ``key``).

    Aggregates are grouped sums; only the bootstrap loops, once per group, over numpy slices.
    """
    keys = pd.Series(keys.astype(str).to_numpy(), index=features.index)
    heading = features["is_heading"].astype(bool)
    body = ~heading
    rates = list(COUNT_FEATURES.values())
    frame = features[rates].astype(float).assign(
        n_sentences=1, n_headings=heading.astype(int), n_words=features["n_words"],
        body=body.astype(int), body_words=features["n_words"].where(body, 0),
        quoted_words=(features["direct_quote_share"] * features["n_words"]).where(body, 0),
        **{column: (features["mode"].eq(mode) & body).astype(int) for mode, column in zip(MODES, SHARE_COLUMNS)},
    )
    sums = frame.groupby(keys, sort=True).sum()
    table = pd.DataFrame({"key": sums.index.astype(str)})
    for column in ("n_sentences", "n_headings", "n_words"):
        table[column] = sums[column].to_numpy().astype(int)
    body_n, body_words = sums["body"].to_numpy(), sums["body_words"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_sentence_words"] = np.where(body_n > 0, body_words / body_n, 0.0)
        table["direct_quote_word_share"] = np.where(body_words > 0, sums["quoted_words"].to_numpy() / body_words, 0.0)
        words = sums["n_words"].to_numpy()[:, None]
        point = np.where(words > 0, 1000.0 * sums[rates].to_numpy() / words, 0.0)
    low, high = _bootstrap_groups(frame[rates].to_numpy(), frame["n_words"].to_numpy(float), keys, n_bootstrap, seed)
    for j, name in enumerate(RATE_COLUMNS):
        table[name], table[f"{name}_ci_low"], table[f"{name}_ci_high"] = point[:, j], low[:, j], high[:, j]
    for column in SHARE_COLUMNS:
        table[column] = np.where(body_n > 0, sums[column].to_numpy() / np.maximum(body_n, 1), 0.0)
    return table


def _bootstrap_groups(
    counts: np.ndarray, words: np.ndarray, keys: pd.Series, n_bootstrap: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap intervals for each group, in sorted key order: arrays (groups x rates)."""
    order = np.argsort(keys.to_numpy(), kind="stable")
    sorted_keys = keys.to_numpy()[order]
    names, starts = np.unique(sorted_keys, return_index=True)
    ends = np.append(starts[1:], len(order))
    low, high = np.empty((len(names), counts.shape[1])), np.empty((len(names), counts.shape[1]))
    # the products are small and many: BLAS threads cost more to wake than they save (5x here)
    with threadpool_limits(limits=1, user_api="blas"):
        for g, (name, start, end) in enumerate(zip(names, starts, ends)):
            rows = order[start:end]
            rng = _group_rng(seed, name)
            low[g], high[g] = bootstrap_rates(counts[rows], words[rows], n_bootstrap=n_bootstrap, rng=rng)
    return low, high


def document_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """One row per document (``framing_documents``): rates per 1,000 words, bootstrap intervals, mode shares.

    Rates count over all sentences, headings included (their words are the document's words);
    mode shares are over body sentences only (headings have their own mode and would dilute the
    rest). Each interval resamples the document's sentences ``n_bootstrap`` times with a
    generator seeded by ``(seed, doc_id)``. Documents without sentences get zero counts and NaN
    intervals.
    """
    documents = _documents(documents, features)
    profiles = _profiles(features, features["doc_id"].astype(str), n_bootstrap=n_bootstrap, seed=seed)
    profiles = profiles.rename(columns={"key": "doc_id"})
    meta = documents[["doc_id", "genre"]]
    table = meta.merge(profiles, on="doc_id", how="left")
    table[["n_sentences", "n_headings", "n_words"]] = table[["n_sentences", "n_headings", "n_words"]].fillna(0).astype(int)
    filled = [c for c in table.columns if c not in ("doc_id", "genre") and not c.endswith(("_ci_low", "_ci_high"))]
    table[filled] = table[filled].fillna(0.0)
    return _tidy(table, ["doc_id"])


def genre_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """The document rates pooled by genre (``framing_genres``), with ``n_documents``.

    Pooling adds up counts and words across the genre's documents, so long documents weigh more.
    The interval resamples the genre's sentences: with one or two documents a genre, it states
    how stable the rate is within those texts, not how the genre behaves in general. Unlabelled
    documents (genre "") form their own row.
    """
    documents = _documents(documents, features)
    genre_of = documents.set_index("doc_id")["genre"]
    keys = features["doc_id"].astype(str).map(genre_of).fillna("")
    profiles = _profiles(features, keys, n_bootstrap=n_bootstrap, seed=seed).rename(columns={"key": "genre"})
    counts = documents["genre"].value_counts().rename("n_documents").rename_axis("genre").reset_index()
    table = counts.merge(profiles, on="genre", how="left")
    return _tidy(table, ["genre"])
