"""Document and genre profiles: rates per 1,000 words with seeded bootstrap intervals, mode shares."""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.framing.schema import COUNT_FEATURES, MODES, RATE_COLUMNS, SHARE_COLUMNS, documents_with_genre, tidy_table


def bootstrap_totals(counts: np.ndarray, words: np.ndarray, *, n_bootstrap: int, rng: np.random.Generator) -> np.ndarray:
    """Poisson-bootstrap replicate totals of one group of sentences: (replicates x (rates + 1)).

    Each replicate gives every sentence a Poisson(1) weight (how often it is drawn) and adds up
    its counts and, in the last column, its words. Unlike drawing ``n`` sentences with
    replacement, the weights of different groups are independent, so the totals of a larger group
    (a genre, an outlet) are the sums of its documents' totals: computed per partition and added,
    in any order, they are exact (integers). Replicates are drawn in blocks small enough to keep
    memory flat on a 10^5-sentence document; each product is one BLAS call on float64, exact for
    integer counts.
    """
    return _bootstrap_matrix_totals(np.column_stack([counts, words]).astype(np.float64), n_bootstrap=n_bootstrap, rng=rng)


def _bootstrap_matrix_totals(matrix: np.ndarray, *, n_bootstrap: int, rng: np.random.Generator) -> np.ndarray:
    """:func:`bootstrap_totals` of the float64 matrix of the counts with the words as its last column."""
    n = len(matrix)
    totals = np.zeros((max(n_bootstrap, 0), matrix.shape[1]), dtype=np.int64)
    if n == 0:
        return totals
    block = max(1, min(n_bootstrap, _BOOTSTRAP_BLOCK // n))
    for start in range(0, n_bootstrap, block):
        size = min(block, n_bootstrap - start)
        weights = poisson_one_weights(rng, (size, n)).astype(np.float64)
        totals[start : start + size] = np.rint(weights @ matrix).astype(np.int64)
    return totals


_POISSON_ONE_THRESHOLDS = np.floor(
    np.cumsum([math.exp(-1.0) / math.factorial(k) for k in range(10)]) * 2.0**32
).astype(np.uint32)
"""``floor(2**32 * P(X <= k))`` for X ~ Poisson(1), k = 0 ... 9."""


def poisson_one_weights(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Poisson(1) draws (uint8) by inversion of 32-bit uniform integers: a draw is how many of the
    distribution's cumulative thresholds its integer reaches. Exact to 2**-32 in each probability,
    capped at 10 (P(X > 10) is about 1e-8); about 4 times as fast as ``rng.poisson(1.0)``."""
    uniform = rng.integers(0, 2**32, size=shape, dtype=np.uint32)
    weights = np.zeros(shape, dtype=np.uint8)
    for threshold in _POISSON_ONE_THRESHOLDS:
        weights += uniform >= threshold
    return weights


def interval_from_totals(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Percentile 95% interval of ``1000 * counts / words`` over the replicates of ``totals``
    (from :func:`bootstrap_totals` or their sums); replicates that drew no words are left out.
    NaN where no replicate has words (a group without sentences, or no replicates)."""
    columns = max(totals.shape[1] - 1, 0)
    drawn = totals[:, -1] > 0 if totals.size else np.zeros(0, dtype=bool)
    if not drawn.any():
        return np.full(columns, np.nan), np.full(columns, np.nan)
    kept = totals[drawn].astype(np.float64)
    rates = 1000.0 * kept[:, :-1] / kept[:, -1:]
    low, high = np.percentile(rates, [2.5, 97.5], axis=0)
    return low, high


def bootstrap_rates(
    counts: np.ndarray, words: np.ndarray, *, n_bootstrap: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile 95% interval of ``1000 * sum(counts) / sum(words)`` resampling sentences
    (Poisson bootstrap, :func:`bootstrap_totals`). ``counts`` is (sentences x rates). Returns
    (low, high), each of length ``counts.shape[1]``; NaN when there are no sentences."""
    if len(words) == 0 or n_bootstrap <= 0:
        return np.full(counts.shape[1], np.nan), np.full(counts.shape[1], np.nan)
    return interval_from_totals(bootstrap_totals(counts, words, n_bootstrap=n_bootstrap, rng=rng))


_BOOTSTRAP_BLOCK = 1_000_000
"""Resampling weights held in memory at once (replicates x sentences)."""


def _group_rng(seed: int, key: str) -> np.random.Generator:
    """A generator per document seeded by (seed, doc_id), so a document's interval, and its share
    of a genre's, does not change when other documents are added, removed or partitioned apart."""
    return np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])


RATES = list(COUNT_FEATURES.values())
SUM_COLUMNS = ["n_sentences", "n_headings", "n_words", "body", "body_words", "quoted_words", *SHARE_COLUMNS, *RATES]
"""What a profile adds up over its sentences (then over its documents)."""


def _summands(features: pd.DataFrame, columns: list[str] = SUM_COLUMNS) -> pd.DataFrame:
    """Per sentence, what ``columns`` (of :data:`SUM_COLUMNS`) add up."""
    heading = features["is_heading"].astype(bool)
    body = ~heading
    made = {
        "n_sentences": lambda: 1, "n_headings": lambda: heading.astype(int), "n_words": lambda: features["n_words"],
        "body": lambda: body.astype(int), "body_words": lambda: features["n_words"].where(body, 0),
        "quoted_words": lambda: (features["direct_quote_share"] * features["n_words"]).where(body, 0),
        **{column: (lambda mode=mode: (features["mode"].eq(mode) & body).astype(int)) for mode, column in zip(MODES, SHARE_COLUMNS)},
    }
    rates = [column for column in columns if column in RATES]
    return features[rates].astype(float).assign(**{column: made[column]() for column in columns if column not in RATES})[columns]


SUM_CHUNK_COLUMNS = 4
"""Columns of :data:`SUM_COLUMNS` made and summed at once by :func:`document_sums`: each sum is its column's
alone, and all of them at once were copied three times over (float cast, assign, reorder), the framing stage's peak after
the sentence features on a 20 MB article (``docs/PROFILING.md``)."""


def document_sums(features: pd.DataFrame) -> pd.DataFrame:
    """One row per document (index ``doc_id``, sorted): the sums of :data:`SUM_COLUMNS`."""
    keys = features["doc_id"].astype(str).to_numpy()
    sums = [
        _summands(features, SUM_COLUMNS[start : start + SUM_CHUNK_COLUMNS]).groupby(keys, sort=True).sum()
        for start in range(0, len(SUM_COLUMNS), SUM_CHUNK_COLUMNS)
    ]
    return pd.concat(sums, axis=1).rename_axis("doc_id")


def document_replicates(features: pd.DataFrame, *, n_bootstrap: int, seed: int) -> Iterator[tuple[str, np.ndarray]]:
    """Each document's Poisson-bootstrap totals (:func:`bootstrap_totals`), in doc_id order, its
    generator seeded by ``(seed, doc_id)``."""
    doc_ids = features["doc_id"].astype(str).to_numpy()
    order = np.argsort(doc_ids, kind="stable")
    names, starts = np.unique(doc_ids[order], return_index=True)
    ends = np.append(starts[1:], len(order))
    # the counts and the words as one float64 matrix, filled column by column: not the counts' matrix and then its
    # copy with the words beside it (two copies of every rate on a 20 MB article, docs/PROFILING.md)
    matrix = np.empty((len(features), len(RATES) + 1), dtype=np.float64)
    for j, column in enumerate([*RATES, "n_words"]):
        matrix[:, j] = features[column].to_numpy(np.float64)
    # rows in doc_id order already (as the framing stage makes them): each document's rows are a slice, a view, not a
    # copy of its counts (a 20 MB article's are the whole table)
    in_order = bool(np.all(order[1:] > order[:-1]))
    # the products are small and many: BLAS threads cost more to wake than they save (5x here)
    with threadpool_limits(limits=1, user_api="blas"):
        for name, start, end in zip(names, starts, ends):
            rows = slice(start, end) if in_order else order[start:end]
            yield str(name), _bootstrap_matrix_totals(matrix[rows], n_bootstrap=n_bootstrap, rng=_group_rng(seed, name))


def _profile_table(sums: pd.DataFrame, low: np.ndarray, high: np.ndarray) -> pd.DataFrame:
    """Rates, intervals and mode shares from a profile's sums (one row per key, ``sums``' index)."""
    table = pd.DataFrame({"key": sums.index.astype(str)})
    for column in ("n_sentences", "n_headings", "n_words"):
        table[column] = sums[column].to_numpy().astype(int)
    body_n, body_words = sums["body"].to_numpy(), sums["body_words"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_sentence_words"] = np.where(body_n > 0, body_words / body_n, 0.0)
        table["direct_quote_word_share"] = np.where(body_words > 0, sums["quoted_words"].to_numpy() / body_words, 0.0)
        words = sums["n_words"].to_numpy()[:, None]
        point = np.where(words > 0, 1000.0 * sums[RATES].to_numpy() / words, 0.0)
    for j, name in enumerate(RATE_COLUMNS):
        table[name], table[f"{name}_ci_low"], table[f"{name}_ci_high"] = point[:, j], low[:, j], high[:, j]
    for column in SHARE_COLUMNS:
        table[column] = np.where(body_n > 0, sums[column].to_numpy() / np.maximum(body_n, 1), 0.0)
    return table


def profiles_and_genre_pieces(
    features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int
) -> tuple[pd.DataFrame, dict[str, object]]:
    """``framing_documents`` (:func:`document_profiles`) and, from the same bootstrap draws, what
    :func:`genre_profiles` adds up over these documents (a genre piece).

    A piece holds each document's sums with its genre and each genre's replicate totals; pieces of
    disjoint sets of documents (the partitions of a corpus) combine by
    :func:`genre_profiles_from_pieces` into the table one piece of the whole corpus gives: the sums
    are joined per document and added in doc_id order, the replicate totals (integers) added in
    any order, so the genre intervals are the same however the corpus is partitioned.
    """
    documents = documents_with_genre(documents, features)
    genre_of = documents.set_index("doc_id")["genre"].fillna("").astype(str)
    sums = document_sums(features)
    low, high = np.full((len(sums), len(RATES)), np.nan), np.full((len(sums), len(RATES)), np.nan)
    replicates: dict[str, np.ndarray] = {}
    if n_bootstrap > 0:
        for i, (doc_id, totals) in enumerate(document_replicates(features, n_bootstrap=n_bootstrap, seed=seed)):
            low[i], high[i] = interval_from_totals(totals)
            genre = str(genre_of.get(doc_id, ""))
            replicates[genre] = replicates[genre] + totals if genre in replicates else totals
    profiles = _profile_table(sums, low, high).rename(columns={"key": "doc_id"})
    table = documents[["doc_id", "genre"]].merge(profiles, on="doc_id", how="left")
    table[["n_sentences", "n_headings", "n_words"]] = table[["n_sentences", "n_headings", "n_words"]].fillna(0).astype(int)
    filled = [c for c in table.columns if c not in ("doc_id", "genre") and not c.endswith(("_ci_low", "_ci_high"))]
    table[filled] = table[filled].fillna(0.0)
    piece_sums = sums.copy()
    piece_sums.insert(0, "genre", genre_of.reindex(sums.index).fillna("").to_numpy())
    piece = {"document_sums": piece_sums, "replicates": replicates, "genres": documents[["doc_id", "genre"]].astype(str)}
    return tidy_table(table, ["doc_id"]), piece


def document_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """One row per document (``framing_documents``): rates per 1,000 words, bootstrap intervals, mode shares.

    Rates count over all sentences, headings included (their words are the document's words);
    mode shares are over body sentences only (headings have their own mode and would dilute the
    rest). Each interval resamples the document's sentences ``n_bootstrap`` times (Poisson
    bootstrap, :func:`bootstrap_totals`) with a generator seeded by ``(seed, doc_id)``. Documents
    without sentences get zero counts and NaN intervals.
    """
    return profiles_and_genre_pieces(features, documents, n_bootstrap=n_bootstrap, seed=seed)[0]


def genre_profiles_from_pieces(pieces: list[dict[str, object]]) -> pd.DataFrame:
    """``framing_genres`` from the genre pieces (:func:`profiles_and_genre_pieces`) of disjoint sets of documents."""
    sums = pd.concat([p["document_sums"] for p in pieces]).sort_index(kind="stable")
    genre_sums = sums.groupby("genre", sort=True)[SUM_COLUMNS].sum()
    low, high = np.full((len(genre_sums), len(RATES)), np.nan), np.full((len(genre_sums), len(RATES)), np.nan)
    for g, genre in enumerate(genre_sums.index):
        parts = [p["replicates"][genre] for p in pieces if genre in p["replicates"]]
        if parts:
            low[g], high[g] = interval_from_totals(np.sum(parts, axis=0))
    profiles = _profile_table(genre_sums, low, high).rename(columns={"key": "genre"})
    documents = pd.concat([p["genres"] for p in pieces], ignore_index=True)
    counts = documents["genre"].value_counts().rename("n_documents").rename_axis("genre").reset_index()
    table = counts.merge(profiles, on="genre", how="left")
    return tidy_table(table, ["genre"])


def genre_profiles(features: pd.DataFrame, documents: pd.DataFrame, *, n_bootstrap: int, seed: int) -> pd.DataFrame:
    """The document rates pooled by genre (``framing_genres``), with ``n_documents``.

    Pooling adds up counts and words across the genre's documents, so long documents weigh more.
    The interval resamples the genre's sentences (Poisson bootstrap: the replicates of its
    documents added up, :func:`bootstrap_totals`): with one or two documents a genre, it states
    how stable the rate is within those texts, not how the genre behaves in general. Unlabelled
    documents (genre "") form their own row.
    """
    return genre_profiles_from_pieces([profiles_and_genre_pieces(features, documents, n_bootstrap=n_bootstrap, seed=seed)[1]])
