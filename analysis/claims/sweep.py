"""The threshold sweep: the same claims clustered at each threshold, and the suggested threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import DECIMALS, SWEEP_COLUMNS
from analysis.claims.graph import cluster_claims, compare_methods, similarity_graph
from analysis.claims.rules import PairRules

SILHOUETTE_WORKING_MB = 16
"""Megabytes of distances scikit-learn may hold at once while scoring a silhouette (its
``working_memory``; default 1,024). The sample's cosine distances are computed a block of rows at
a time; each block's sparse product and dense distances take a few times this much. At the default
1,024 MB a sample of 5,000 claims was one block of 200 MB dense distances on top of its sparse
product: the largest allocation of the claims stage on a one-article corpus (``bench/bench_limits.py``)."""


def threshold_sweep(
    matrix: sparse.csr_matrix,
    doc_ids: np.ndarray,
    thresholds: Sequence[float],
    *,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    silhouette_sample: int = 5000,
    seed: int = 0,
    split_giant: bool = False,
    large_max_threshold: float = 1.0,
    n_jobs: int = 1,
    graph: sparse.csr_matrix | None = None,
    rules: PairRules | None = None,
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
    swept threshold or looser, built once and shared with the stage's own clustering.
    """
    rows = []
    thresholds = sorted(set(float(t) for t in thresholds))
    if matrix.shape[0] > max_claims_exact:
        thresholds = [t for t in thresholds if t <= large_max_threshold]
        if thresholds and graph is None:
            graph = similarity_graph(matrix, min_similarity=1.0 - max(thresholds), n_jobs=n_jobs)
            graph = rules.filter_graph(graph) if rules is not None else graph
    for threshold in thresholds:
        labels, method = cluster_claims(
            matrix,
            distance_threshold=threshold,
            linkage=linkage,
            max_claims_exact=max_claims_exact,
            graph=graph,
            split_giant=split_giant,
            rules=rules,
        )
        # Where the exact path runs, check the large-corpus path against it on the same claims.
        agreement = compare_methods(matrix, distance_threshold=threshold, linkage=linkage, rules=rules) if method == "exact" else np.nan
        rows.append(
            {
                "distance_threshold": threshold,
                "method": method,
                "graph_path_agreement": agreement,
                **_sweep_row(matrix, labels, doc_ids, silhouette_sample, seed),
            }
        )
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS).round(DECIMALS)


def _sweep_row(matrix: sparse.csr_matrix, labels: np.ndarray, doc_ids: np.ndarray, sample: int, seed: int) -> dict:
    from sklearn import config_context
    from sklearn.metrics import silhouette_score

    frame = pd.DataFrame({"label": labels, "doc_id": doc_ids})
    sizes = frame.groupby("label")["doc_id"].agg(["size", "nunique"])
    n_clusters = len(sizes)
    silhouette = np.nan
    # Above ``sample`` claims the score is taken on a seeded sample, drawn here rather than by
    # silhouette_score: the sample must itself hold 2 to n-1 clusters (on a corpus of mostly
    # singletons a sample of 5,000 can hold 5,000, where silhouette_score raises).
    rows = np.arange(len(labels))
    if len(labels) > sample:
        rows = np.sort(np.random.default_rng(seed).choice(len(labels), size=sample, replace=False))
    sampled = labels[rows]
    n_sampled = len(np.unique(sampled))
    if 2 <= n_sampled <= len(rows) - 1:
        with config_context(working_memory=SILHOUETTE_WORKING_MB):
            silhouette = float(silhouette_score(matrix[rows], sampled, metric="cosine"))
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


def suggest_threshold(sweep: pd.DataFrame, *, min_one_per_doc: float = 0.5, max_share: float = 0.02) -> tuple[float, str]:
    """The loosest swept threshold at which the clusters are still claims, not topics.

    Two signs of clusters turning into topics, both computed from the sweep: clusters that draw
    two or more claims from one article (an article may restate its point once, so some do, but a
    topic recurs throughout it), and one cluster holding more than ``max_share`` of all claims
    (chaining). The suggestion is the loosest threshold at which at least ``min_one_per_doc`` of
    the multi-claim clusters take at most one claim per article and no cluster exceeds
    ``max_share`` of the claims (at least 2). Thresholds looser
    than the first one that fails are never suggested, so the answer is not simply the loosest
    swept. Silhouette alone is not used: with mostly singleton clusters it rises with the threshold
    and has no peak. Returns the threshold and a one-sentence justification computed from the sweep.
    """
    if sweep.empty:
        raise ValueError("empty sweep: no threshold to suggest")
    ordered = sweep.sort_values("distance_threshold", kind="stable").reset_index(drop=True)
    if "one_claim_per_doc_share" in ordered:
        # a sweep read back from CSV holds "" where no cluster had two claims (a column of blanks reads as text)
        ordered["one_claim_per_doc_share"] = pd.to_numeric(ordered["one_claim_per_doc_share"], errors="coerce")
    one_per_doc = ordered["one_claim_per_doc_share"] if "one_claim_per_doc_share" in ordered else pd.Series(1.0, index=ordered.index)
    tight = (one_per_doc.fillna(1.0) >= min_one_per_doc - 1e-9) & (
        ordered["largest_cluster"] <= np.maximum(2, max_share * ordered["n_claims"])
    )
    failing = np.flatnonzero(~tight.to_numpy())
    last_tight = (failing[0] - 1) if len(failing) else len(ordered) - 1
    best = ordered.iloc[max(last_tight, 0)]
    share = best.get("one_claim_per_doc_share", np.nan)
    held = "no multi-claim cluster" if pd.isna(share) else f"{share:.0%} of multi-claim clusters"
    if last_tight < 0:
        reason = (
            f"even the strictest threshold swept, {best.distance_threshold:g}, gives clusters that recur within an article "
            f"or hold more than {max_share:.0%} of the claims ({held} take one claim per article; largest {int(best.largest_cluster)})"
        )
    else:
        after = (
            f"; at {ordered.iloc[last_tight + 1].distance_threshold:g} clusters start to gather several claims of one article "
            f"or chain (largest {int(ordered.iloc[last_tight + 1].largest_cluster)})"
            if last_tight + 1 < len(ordered) else " (the loosest swept)"
        )
        reason = (
            f"distance {best.distance_threshold:g} is the loosest at which clusters stay claims: {held} take at most one claim "
            f"per article and the largest holds {int(best.largest_cluster)} of {int(best.n_claims)} claims "
            f"({int(best.n_multi_doc_clusters)} cross-source clusters){after}"
        )
    return float(best.distance_threshold), reason
