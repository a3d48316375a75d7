"""The threshold sweep: the same claims clustered at each threshold, and the suggested threshold."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import DECIMALS, SWEEP_COLUMNS
from analysis.claims.graph import cluster_claims, compare_methods, similarity_graph


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
    for threshold in thresholds:
        labels, method = cluster_claims(
            matrix,
            distance_threshold=threshold,
            linkage=linkage,
            max_claims_exact=max_claims_exact,
            graph=graph,
            split_giant=split_giant,
        )
        # Where the exact path runs, check the large-corpus path against it on the same claims.
        agreement = compare_methods(matrix, distance_threshold=threshold, linkage=linkage) if method == "exact" else np.nan
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
    from sklearn.metrics import silhouette_score

    frame = pd.DataFrame({"label": labels, "doc_id": doc_ids})
    sizes = frame.groupby("label")["doc_id"].agg(["size", "nunique"])
    n_clusters = len(sizes)
    silhouette = np.nan
    if 2 <= n_clusters <= len(labels) - 1:
        size = sample if len(labels) > sample else None
        silhouette = float(silhouette_score(matrix, labels, metric="cosine", sample_size=size, random_state=seed))
    return {
        "n_claims": len(labels),
        "n_clusters": n_clusters,
        "n_multi_doc_clusters": int((sizes["nunique"] >= 2).sum()),
        "n_singletons": int((sizes["size"] == 1).sum()),
        "largest_cluster": int(sizes["size"].max()) if n_clusters else 0,
        "silhouette": silhouette,
    }


def suggest_threshold(sweep: pd.DataFrame, *, max_share: float = 0.02) -> tuple[float, str]:
    """The swept threshold with the most cross-source clusters whose largest cluster stays claim-sized.

    Cross-source clusters are what the stage is for, and they grow with the threshold until
    clusters start to chain unrelated sentences. A cluster holding more than ``max_share`` of all
    claims is taken as the sign of that (a topic, not a claim), so thresholds producing one are
    passed over. Ties go to the higher silhouette, then the stricter threshold. Silhouette alone
    is not used: with mostly singleton clusters it rises with the threshold and has no peak.
    Returns the threshold and a one-sentence justification computed from the sweep.
    """
    if sweep.empty:
        raise ValueError("empty sweep: no threshold to suggest")
    allowed = sweep[sweep["largest_cluster"] <= np.maximum(2, max_share * sweep["n_claims"])]
    pool = allowed if not allowed.empty else sweep.nsmallest(1, "distance_threshold")
    ranked = pool.assign(_sil=pool["silhouette"].fillna(-np.inf)).sort_values(
        ["n_multi_doc_clusters", "_sil", "distance_threshold"], ascending=[False, False, True], kind="stable"
    )
    best = ranked.iloc[0]
    reason = (
        f"distance {best.distance_threshold:g} gives the most cross-source clusters "
        f"({int(best.n_multi_doc_clusters)} of {int(best.n_clusters)}) while no cluster holds more than "
        f"{max_share:.0%} of the {int(best.n_claims)} claims (largest {int(best.largest_cluster)}; "
        f"silhouette {best.silhouette:.3f})"
    )
    return float(best.distance_threshold), reason
