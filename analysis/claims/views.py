"""Views of the claims tables for the reports that need only pandas.

Kept apart from :mod:`analysis.claims.tables` so that a notebook that only draws the claims'
coverage (notebook 05) imports neither scipy nor scikit-learn: with :mod:`analysis.claims`
importing its submodules when a name is first used, the import of the package's stage code cost
every notebook-05 kernel about 26 MB (``docs/PROFILING.md``, session 33, nb16).
"""

from __future__ import annotations

import pandas as pd


def coverage_matrix(
    coverage: pd.DataFrame, documents: pd.DataFrame, *, min_docs: int = 2, clusters: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Wide clusters × documents counts for a heatmap: clusters carried by >= ``min_docs`` documents.

    Index cluster_id, one column per doc_id of ``documents`` (in doc_id order, zeros where a
    document does not carry the cluster). With ``clusters``, only cross-source clusters are kept
    and the index is their ``short_label`` (the cluster id added where two labels are the same),
    in cluster_id order.
    """
    n_docs = coverage.groupby("cluster_id")["doc_id"].nunique()
    keep = n_docs[n_docs >= min_docs].index
    if clusters is not None and "cross_source" in clusters:
        keep = keep.intersection(pd.Index(clusters.loc[clusters["cross_source"].astype(bool), "cluster_id"]))
    kept = coverage[coverage["cluster_id"].isin(keep)]
    doc_ids = sorted(documents["doc_id"].astype(str))
    wide = kept.pivot_table(index="cluster_id", columns="doc_id", values="n_claims", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=doc_ids, fill_value=0).astype(int).sort_index()
    if clusters is None or "short_label" not in clusters:
        return wide
    names = clusters.set_index("cluster_id")["short_label"].reindex(wide.index).astype(str)
    repeated = names.duplicated(keep=False)
    wide.index = pd.Index(names.where(~repeated, names + " [" + names.index.astype(str) + "]"), name="short_label")
    return wide
