"""The claims stage's tables: :func:`build_claim_tables` and the views notebooks draw from them."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import (
    CLAIM_COLUMNS,
    CLUSTER_COLUMNS,
    COVERAGE_COLUMNS,
    DECIMALS,
    FRAMING_COLUMNS,
    SET_ASIDE_COLUMNS,
)
from analysis.claims.graph import cluster_claims, similarity_graph
from analysis.claims.labels import cluster_labels, medoids, rank_clusters
from analysis.claims.select import select_claims
from analysis.claims.sweep import threshold_sweep
from analysis.claims.vectorise import make_vectorizer, vectorise


def build_claim_tables(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    min_words: int = 6,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    stop_words: str | None = "english",
    normalise: bool = True,
    distance_threshold: float = 0.75,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    sweep_thresholds: Sequence[float] = (0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9),
    n_label_terms: int = 4,
    split_giant: bool = False,
    large_sweep_max_threshold: float = 1.0,
    n_jobs: int = 1,
) -> dict[str, pd.DataFrame]:
    """The claims stage: ``claims``, ``clusters``, ``coverage``, ``claims_set_aside``, ``threshold_sweep``.

    - ``claims``: one row per clustered sentence (doc_id, sentence_id, char_start, char_end,
      cluster_id, text, similarity_to_representative), sorted by doc_id, sentence_id.
    - ``clusters``: cluster_id (0 = carried by most documents), label, representative (medoid
      text), n_claims, n_docs, doc_ids and genres ("|"-joined, sorted), representative_doc_id,
      representative_sentence_id.
    - ``coverage``: long format, one row per (cluster, document) with at least one claim:
      cluster_id, doc_id, genre, n_claims. :func:`coverage_matrix` pivots it for a heatmap.
    - ``claims_set_aside``: doc_id, sentence_id, char_start, char_end, reason (heading,
      too_short, no_content_terms: every word a stop word or cut by min_df/max_df), text.
    - ``threshold_sweep``: see :func:`threshold_sweep` (``large_sweep_max_threshold`` is its
      ``large_max_threshold``).

    ``split_giant`` only matters above ``max_claims_exact`` claims (see :func:`cluster_large`).
    ``n_jobs`` is the threads for the similarity graph (:func:`similarity_graph`) and, above 1,
    runs the sweep beside the cluster descriptions; it never changes the tables.
    """
    claims, set_aside = select_claims(sentences, min_words=min_words)
    vectorizer = make_vectorizer(
        ngram_range=ngram_range, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, stop_words=stop_words, normalise=normalise
    )
    matrix, terms, term_words = vectorise(claims["text"].tolist(), vectorizer)
    empty = np.diff(matrix.indptr) == 0
    if empty.any():
        no_terms = claims[empty].assign(reason="no_content_terms")[SET_ASIDE_COLUMNS]
        set_aside = pd.concat([set_aside, no_terms]).sort_values(["doc_id", "sentence_id"], kind="stable")
        claims, matrix = claims[~empty].reset_index(drop=True), matrix[~empty]
    doc_ids = claims["doc_id"].to_numpy()
    graph = None
    if matrix.shape[0] > max_claims_exact:
        # One graph at the loosest threshold needed serves the clustering and the whole sweep.
        swept = [float(t) for t in sweep_thresholds if float(t) <= large_sweep_max_threshold]
        graph = similarity_graph(matrix, min_similarity=1.0 - max([distance_threshold, *swept]), n_jobs=n_jobs)
    labels, _ = cluster_claims(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_claims_exact=max_claims_exact,
        graph=graph,
        split_giant=split_giant,
        n_jobs=n_jobs,
    )
    labels = rank_clusters(labels, doc_ids) if len(labels) else labels
    sweep_settings = {
        "linkage": linkage, "max_claims_exact": max_claims_exact, "split_giant": split_giant,
        "large_max_threshold": large_sweep_max_threshold, "n_jobs": n_jobs, "graph": graph,
    }  # fmt: skip
    # The sweep and the cluster descriptions are independent; with a second core the sweep runs
    # beside them (its numpy, scipy and BLAS work releases the interpreter lock).
    with ThreadPoolExecutor(max_workers=1) as pool:
        sweep = pool.submit(threshold_sweep, matrix, doc_ids, sweep_thresholds, **sweep_settings) if n_jobs > 1 else None
        genres = _genre_map(documents)
        claims_table, clusters = describe_clusters(claims, matrix, labels, terms, term_words, genres, n_label_terms=n_label_terms)
        swept = sweep.result() if sweep else threshold_sweep(matrix, doc_ids, sweep_thresholds, **sweep_settings)
    return {
        "claims": claims_table,
        "clusters": clusters,
        "coverage": coverage_table(claims_table, genres),
        "claims_set_aside": set_aside.reset_index(drop=True),
        "threshold_sweep": swept,
    }


def _genre_map(documents: pd.DataFrame) -> dict[str, str]:
    if "genre" not in documents:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["genre"].fillna("").astype(str)))


def describe_clusters(
    claims: pd.DataFrame,
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    genres: dict[str, str],
    *,
    n_label_terms: int = 4,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claims`` and ``clusters`` tables for ranked cluster labels."""
    if len(labels) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS), pd.DataFrame(columns=CLUSTER_COLUMNS)
    medoid_rows, similarity = medoids(matrix, labels)
    claims_table = claims.assign(cluster_id=labels, similarity_to_representative=np.round(similarity, DECIMALS))[CLAIM_COLUMNS]
    n_clusters = len(medoid_rows)
    carried = claims_table[["cluster_id", "doc_id"]].drop_duplicates()
    carried_genres = carried.assign(genre=carried["doc_id"].map(genres).fillna(""))[["cluster_id", "genre"]]
    carried_genres = carried_genres[carried_genres["genre"] != ""].drop_duplicates()
    representative = claims.iloc[medoid_rows]
    clusters = pd.DataFrame(
        {
            "cluster_id": np.arange(n_clusters),
            "label": cluster_labels(matrix, labels, terms, term_words, n_terms=n_label_terms),
            "representative": representative["text"].to_numpy(),
            "n_claims": np.bincount(labels, minlength=n_clusters),
            "n_docs": np.bincount(carried["cluster_id"], minlength=n_clusters),
            "doc_ids": _joined_by_cluster(carried, "doc_id", n_clusters),
            "genres": _joined_by_cluster(carried_genres, "genre", n_clusters),
            "representative_doc_id": representative["doc_id"].to_numpy(),
            "representative_sentence_id": representative["sentence_id"].to_numpy(),
        }
    )
    return claims_table.reset_index(drop=True), clusters


def _joined_by_cluster(frame: pd.DataFrame, column: str, n_clusters: int) -> np.ndarray:
    """Each cluster's distinct ``column`` values, sorted and "|"-joined ("" for none).

    Clusters with one value (most of them on a large corpus) take it directly; only the rest are
    joined group by group.
    """
    frame = frame.sort_values(["cluster_id", column], kind="stable")
    joined = np.full(n_clusters, "", dtype=object)
    ids = frame["cluster_id"].to_numpy()
    single = np.bincount(ids, minlength=n_clusters)[ids] == 1
    joined[ids[single]] = frame[column].to_numpy()[single]
    several = frame[~single].groupby("cluster_id", sort=True)[column].agg("|".join)
    joined[several.index.to_numpy()] = several.to_numpy()
    return joined


def coverage_table(claims: pd.DataFrame, genres: dict[str, str]) -> pd.DataFrame:
    """Long coverage: one row per (cluster_id, doc_id) with its genre and number of claims."""
    counts = claims.groupby(["cluster_id", "doc_id"], sort=True).size().rename("n_claims").reset_index()
    counts["genre"] = counts["doc_id"].map(lambda doc_id: genres.get(doc_id, ""))
    return counts[COVERAGE_COLUMNS]


def coverage_matrix(coverage: pd.DataFrame, documents: pd.DataFrame, *, min_docs: int = 2) -> pd.DataFrame:
    """Wide clusters × documents counts for a heatmap: clusters carried by >= ``min_docs`` documents.

    Index cluster_id, one column per doc_id of ``documents`` (in doc_id order, zeros where a
    document does not carry the cluster).
    """
    n_docs = coverage.groupby("cluster_id")["doc_id"].nunique()
    kept = coverage[coverage["cluster_id"].isin(n_docs[n_docs >= min_docs].index)]
    doc_ids = sorted(documents["doc_id"].astype(str))
    wide = kept.pivot_table(index="cluster_id", columns="doc_id", values="n_claims", aggfunc="sum", fill_value=0)
    return wide.reindex(columns=doc_ids, fill_value=0).astype(int).sort_index()


def claim_ledger(
    claims: pd.DataFrame,
    clusters: pd.DataFrame,
    documents: pd.DataFrame,
    framing_sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every variant of each cross-source cluster, side by side with its source, genre and framing.

    One row per claim in a cluster carried by two or more documents, sorted by cluster_id,
    doc_id, sentence_id: cluster_id, label, doc_id, genre, sentence_id, char_start, char_end,
    text, similarity_to_representative, is_representative, then whichever of n_hedges,
    hedge_terms, attribution, attribution_source, mode ``framing_sentences`` has (joined on
    doc_id + sentence_id).
    """
    cross = clusters[clusters["n_docs"] >= 2]
    ledger = claims.merge(cross[["cluster_id", "label", "representative_doc_id", "representative_sentence_id"]], on="cluster_id")
    ledger["is_representative"] = (ledger["doc_id"] == ledger["representative_doc_id"]) & (
        ledger["sentence_id"] == ledger["representative_sentence_id"]
    )
    ledger["genre"] = ledger["doc_id"].map(_genre_map(documents)).fillna("")
    columns = ["cluster_id", "label", "doc_id", "genre", "sentence_id", "char_start", "char_end", "text"]
    ledger = ledger[columns + ["similarity_to_representative", "is_representative"]]
    if framing_sentences is not None:
        extra = [column for column in FRAMING_COLUMNS if column in framing_sentences]
        framing = framing_sentences[["doc_id", "sentence_id", *extra]].assign(
            doc_id=lambda frame: frame["doc_id"].astype(str), sentence_id=lambda frame: frame["sentence_id"].astype(int)
        )
        ledger = ledger.merge(framing, on=["doc_id", "sentence_id"], how="left")
    return ledger.sort_values(["cluster_id", "doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


def solo_claims(claims: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims only one source carries: one row per single-document cluster, sorted by doc_id, cluster_id.

    Columns: doc_id, genre, cluster_id, n_claims, label, sentence_id (of the representative),
    representative.
    """
    solo = clusters[clusters["n_docs"] == 1].rename(
        columns={"representative_doc_id": "doc_id", "representative_sentence_id": "sentence_id"}
    )
    solo = solo.assign(genre=solo["doc_id"].map(_genre_map(documents)).fillna(""))
    columns = ["doc_id", "genre", "cluster_id", "n_claims", "label", "sentence_id", "representative"]
    return solo[columns].sort_values(["doc_id", "cluster_id"], kind="stable").reset_index(drop=True)
