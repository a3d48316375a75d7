"""The threshold sweep: the same claims clustered at each threshold, and the suggested threshold."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import DECIMALS, SWEEP_COLUMNS
from analysis.claims.cluster import linkage_tree
from analysis.claims.graph import PieceClusterer, cluster_claims, compare_methods, similarity_graph
from analysis.claims.labels import used_columns
from analysis.claims.rules import PairRules
from analysis.heap import release_free_heap

SILHOUETTE_WORKING_MB = 4
"""Megabytes of distances scikit-learn may hold at once while scoring a silhouette (its
``working_memory``; default 1,024). The sample's cosine distances are computed a block of rows at
a time; each block's sparse product and dense distances take a few times this much. At the default
1,024 MB a sample of 5,000 claims was one block of 200 MB dense distances on top of its sparse
product: the largest allocation of the claims stage on a one-article corpus (``bench/bench_limits.py``)."""


SILHOUETTE_SAMPLE = 5000
"""Claims above which a threshold's silhouette is scored on a seeded sample of this many."""

SILHOUETTE_SEED = 0


def threshold_sweep(
    matrix: sparse.csr_matrix,
    doc_ids: np.ndarray,
    thresholds: Sequence[float],
    *,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    silhouette_sample: int = SILHOUETTE_SAMPLE,
    seed: int = SILHOUETTE_SEED,
    split_giant: bool = False,
    large_max_threshold: float = 1.0,
    n_jobs: int = 1,
    graph: sparse.csr_matrix | None = None,
    rules: PairRules | None = None,
    tree: np.ndarray | None = None,
    clusterer: PieceClusterer | None = None,
    sample_vectors: Callable[[np.ndarray], sparse.csr_matrix] | None = None,
) -> pd.DataFrame:
    """For each distance threshold: clusters, clusters spanning >= 2 documents, singletons, silhouette.

    ``graph_path_agreement`` is the adjusted Rand index between the sparse-graph path that large
    corpora take and the exact path, on the same claims (1.0: identical clusters); it is computed
    where the exact path runs (up to ``max_claims_exact`` claims) and empty above.

    Silhouette uses cosine distance; it is NaN when undefined (fewer than 2 clusters, or every
    claim its own cluster). Above ``silhouette_sample`` claims it is estimated on a fixed-seed
    sample. On the large path one graph is built at the loosest threshold and pruned for the others;
    thresholds above ``large_max_threshold`` are left out there, because the graph's cost grows
    steeply with the threshold (the exact path sweeps them all). ``split_giant`` and ``n_jobs`` are
    passed to :func:`cluster_claims`; ``graph`` may be a :func:`similarity_graph` at the loosest
    swept threshold or looser, built once and shared with the stage's own clustering; so may
    ``tree`` on the exact path (:func:`~analysis.claims.cluster.linkage_tree`), which every
    threshold cuts: built once here otherwise. ``clusterer``: see :func:`~analysis.claims.graph.cluster_large`.
    ``sample_vectors`` gives the claims' whole rows for the silhouette (which normalises them again)
    where ``matrix`` holds only the columns two claims share
    (:class:`~analysis.claims.shared_columns.SharedColumns`); by default ``matrix[rows]``.
    """
    rows = []
    thresholds = sorted(set(float(t) for t in thresholds))
    if matrix.shape[0] > max_claims_exact:
        thresholds = graph_sweep_thresholds(thresholds, large_max_threshold)
        if thresholds and graph is None:
            graph = similarity_graph(matrix, min_similarity=1.0 - max(thresholds), n_jobs=n_jobs)
            graph = rules.filter_graph(graph) if rules is not None else graph
    elif tree is None:
        tree = linkage_tree(matrix, linkage=linkage, rules=rules)
    for threshold in thresholds:
        labels, method = cluster_claims(
            matrix,
            distance_threshold=threshold,
            linkage=linkage,
            max_claims_exact=max_claims_exact,
            graph=graph,
            split_giant=split_giant,
            rules=rules,
            tree=tree,
            clusterer=clusterer,
        )
        release_free_heap()  # the clustering's temporaries, freed before the silhouette's
        # Where the exact path runs, check the large-corpus path against it on the same claims.
        agreement = compare_methods(matrix, distance_threshold=threshold, linkage=linkage, rules=rules, tree=tree) if method == "exact" else np.nan
        rows.append(
            {
                "distance_threshold": threshold,
                "method": method,
                "graph_path_agreement": agreement,
                **_sweep_row(sample_vectors or matrix.__getitem__, labels, doc_ids, silhouette_sample, seed),
            }
        )
        del labels
        # each threshold's clustering and silhouette temporaries, freed: the next threshold's did not
        # fit in their holes, and the heap grew threshold by threshold (one long article: 311 -> 346 MB)
        release_free_heap()
    return sweep_table(rows)


def _sweep_row(vectors: Callable[[np.ndarray], sparse.csr_matrix], labels: np.ndarray, doc_ids: np.ndarray, sample: int, seed: int) -> dict:
    rows = silhouette_rows(len(labels), sample, seed)
    return sweep_row(labels, doc_ids, rows, lambda: vectors(rows))


def silhouette_rows(n_claims: int, sample: int, seed: int) -> np.ndarray:
    """The claim rows a sweep's silhouette is scored on: all of them, or above ``sample`` claims a
    seeded sample (the same rows at every threshold: they depend only on the number of claims)."""
    # drawn here rather than by silhouette_score: the sample must itself hold 2 to n-1 clusters (on
    # a corpus of mostly singletons a sample of 5,000 can hold 5,000, where silhouette_score raises)
    if n_claims > sample:
        return np.sort(np.random.default_rng(seed).choice(n_claims, size=sample, replace=False))
    return np.arange(n_claims)


def sweep_row(labels: np.ndarray, doc_ids: np.ndarray, rows: np.ndarray, sampled: Callable[[], sparse.csr_matrix]) -> dict:
    """One threshold's row of the sweep from the claims' cluster labels and articles; ``rows`` are
    :func:`silhouette_rows` and ``sampled`` returns their TF-IDF rows (called only when the sample
    holds 2 to n-1 clusters): all the sweep reads of the vectors, so the Dask engine fetches only
    those rows from its partitions."""
    from sklearn import config_context
    from sklearn.metrics import silhouette_score

    frame = pd.DataFrame({"label": labels, "doc_id": doc_ids})
    sizes = frame.groupby("label")["doc_id"].agg(["size", "nunique"])
    n_clusters = len(sizes)
    silhouette = np.nan
    sampled_labels = labels[rows]
    n_sampled = len(np.unique(sampled_labels))
    if 2 <= n_sampled <= len(rows) - 1:
        with config_context(working_memory=SILHOUETTE_WORKING_MB):
            silhouette = float(silhouette_score(used_columns(sampled())[0], sampled_labels, metric="cosine"))
    # A claim a source shares is stated once per article; a cluster that draws two or more claims
    # from one article has grown into a topic. The share of multi-claim clusters that do not.
    multi = sizes[sizes["size"] >= 2]
    one_per_doc = float((multi["size"] == multi["nunique"]).mean()) if len(multi) else np.nan
    return {
        "n_claims": len(labels),
        "n_clusters": n_clusters,
        "n_multi_doc_clusters": int((sizes["nunique"] >= 2).sum()),
        "n_singletons": int((sizes["size"] == 1).sum()),
        "largest_cluster": int(sizes["size"].max()) if n_clusters else 0,
        "silhouette": silhouette,
        "one_claim_per_doc_share": one_per_doc,
    }


def sweep_table(rows: Sequence[dict]) -> pd.DataFrame:
    """The ``threshold_sweep`` table from its rows (each: distance_threshold, method,
    graph_path_agreement and a :func:`sweep_row`), rounded as the stage writes it."""
    return pd.DataFrame(list(rows), columns=SWEEP_COLUMNS).round(DECIMALS)


def graph_sweep_thresholds(thresholds: Sequence[float], large_max_threshold: float) -> list[float]:
    """The thresholds the sweep covers on the large (graph) path, ascending."""
    return [t for t in sorted(set(float(t) for t in thresholds)) if t <= large_max_threshold]


def suggest_threshold(sweep: pd.DataFrame, *, max_share: float = 0.02) -> tuple[float, str]:
    """The swept threshold at which the clusters are best separated, among those that do not chain.

    Two steps, both computed from the sweep:

    1. **No chaining.** A threshold at which one cluster holds more than ``max_share`` of all claims
       (at least 2) has let sentences chain into a topic; it and every looser threshold are left out.
    2. **Best separated.** Of the thresholds left, the one with the highest silhouette (cosine; ties
       to the stricter): claims close to their own cluster and far from the next. A stricter
       threshold leaves paraphrases apart, a looser one pulls in claims that only share a topic, and
       silhouette falls on both sides: on the seed corpus, the Guardian set and MSRP, at the defaults,
       it peaks inside the swept range (docs/validation/claims.md), so the suggestion is not simply
       the loosest threshold swept. Where it peaks at the loosest threshold left, the reason says so.

    Where no threshold left has a silhouette (no cluster draws two claims), the loosest left is
    suggested: every one of them gives the same singletons. ``one_claim_per_doc_share`` is no
    longer used: a live blog restates its claims, and on the Guardian set fewer than half the
    multi-claim clusters kept to one claim per article at every threshold swept. Returns the
    threshold and a one-sentence justification computed from the sweep.
    """
    if sweep.empty:
        raise ValueError("empty sweep: no threshold to suggest")
    ordered = sweep.sort_values("distance_threshold", kind="stable").reset_index(drop=True)
    silhouette = pd.to_numeric(ordered["silhouette"], errors="coerce") if "silhouette" in ordered else pd.Series(np.nan, index=ordered.index)
    chaining = (ordered["largest_cluster"] > np.maximum(2, max_share * ordered["n_claims"])).to_numpy()
    failing = np.flatnonzero(chaining)
    n_left = int(failing[0]) if len(failing) else len(ordered)
    if n_left == 0:
        best = ordered.iloc[0]
        return float(best.distance_threshold), (
            f"even the strictest threshold swept, {best.distance_threshold:g}, lets one cluster hold "
            f"{int(best.largest_cluster)} of {int(best.n_claims)} claims (more than {max_share:.0%}): sentences chain into topics"
        )
    left = silhouette.iloc[:n_left]
    after = (
        f"; from {ordered.iloc[n_left].distance_threshold:g} on, one cluster holds more than {max_share:.0%} of the claims "
        f"(largest {int(ordered.iloc[n_left].largest_cluster)})"
        if n_left < len(ordered) else ""
    )
    if left.isna().all():
        best = ordered.iloc[n_left - 1]
        return float(best.distance_threshold), (
            f"no multi-claim cluster forms at any threshold swept up to {best.distance_threshold:g}, so every one gives the same "
            f"singletons and the loosest is suggested{after}"
        )
    index = int(left.fillna(-np.inf).to_numpy().argmax())  # the first maximum: ties go to the stricter threshold
    best = ordered.iloc[index]
    edge = " (the loosest left: the sweep could go further)" if index == n_left - 1 else ""
    stricter, looser = left.iloc[:index].dropna(), left.iloc[index + 1 :].dropna()
    beside = [f"at most {part.max():.4f} at the {side} ones" for part, side in ((stricter, "stricter"), (looser, "looser")) if len(part)]
    against = f" (against {' and '.join(beside)})" if beside else ""
    return float(best.distance_threshold), (
        f"distance {best.distance_threshold:g} separates the clusters best{edge}: silhouette {left.iloc[index]:.4f}{against}; "
        f"the largest cluster holds {int(best.largest_cluster)} of {int(best.n_claims)} claims "
        f"({int(best.n_multi_doc_clusters)} clusters span two or more documents){after}"
    )
