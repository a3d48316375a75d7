"""Which claims recur across sources: TF-IDF sentence vectors, clustering, coverage, timeline.

A *claim* is a sentence that can assert something (headings and fragments are set aside and
counted). One file per role:

- :mod:`~analysis.claims.select`: which sentences are claims;
- :mod:`~analysis.claims.vectorise`: text folds and the TF-IDF vectoriser;
- :mod:`~analysis.claims.rules`: the pairs that may never join one cluster (hand rules below a cosine);
- :mod:`~analysis.claims.same_statement`: the decision learned on news paraphrases, from that cosine on;
- :mod:`~analysis.claims.cluster`: the exact path (agglomerative clustering on cosine distance);
- :mod:`~analysis.claims.graph`: the large-corpus sparse similarity graph, and the choice of path;
- :mod:`~analysis.claims.sweep`: the threshold sweep and the suggested threshold;
- :mod:`~analysis.claims.labels`: cluster ranks, medoid representatives and labels;
- :mod:`~analysis.claims.tables`: the stage (:func:`build_claim_tables`) and the notebook views;
- :mod:`~analysis.claims.views`: the views that need only pandas (:func:`coverage_matrix`).

Names are imported from their submodule when first used (PEP 562), not with the package: a notebook
that only draws the coverage (notebook 05) then loads neither scipy nor scikit-learn, and
scikit-learn is imported inside the functions that use it.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from analysis.claims.cluster import cluster_exact, cosine_distances_dense, cut_tree, first_appearance_labels, linkage_tree
    from analysis.claims.columns import CLAIM_COLUMNS, CLUSTER_COLUMNS, COVERAGE_COLUMNS, DECIMALS, SET_ASIDE_COLUMNS, SWEEP_COLUMNS
    from analysis.claims.graph import cluster_claims, cluster_large, compare_methods, similarity_graph
    from analysis.claims.labels import cluster_labels, cluster_sums, medoids, rank_clusters
    from analysis.claims.select import select_claims
    from analysis.claims.sweep import suggest_threshold, threshold_sweep
    from analysis.claims.tables import build_claim_tables, claim_ledger, coverage_table, describe_clusters, solo_claims, stage_settings
    from analysis.claims.vectorise import TOKEN_PATTERN, WORD, canonical_word, fold_text, make_vectorizer, normalise_for_matching, spelling_variants, vectorise
    from analysis.claims.views import coverage_matrix

_HOME = {
    "CLAIM_COLUMNS": "columns",
    "CLUSTER_COLUMNS": "columns",
    "COVERAGE_COLUMNS": "columns",
    "DECIMALS": "columns",
    "SET_ASIDE_COLUMNS": "columns",
    "SWEEP_COLUMNS": "columns",
    "TOKEN_PATTERN": "vectorise",
    "WORD": "vectorise",
    "build_claim_tables": "tables",
    "canonical_word": "vectorise",
    "claim_ledger": "tables",
    "cluster_claims": "graph",
    "cluster_exact": "cluster",
    "cluster_labels": "labels",
    "cluster_large": "graph",
    "cluster_sums": "labels",
    "compare_methods": "graph",
    "cosine_distances_dense": "cluster",
    "coverage_matrix": "views",
    "coverage_table": "tables",
    "cut_tree": "cluster",
    "describe_clusters": "tables",
    "first_appearance_labels": "cluster",
    "fold_text": "vectorise",
    "linkage_tree": "cluster",
    "make_vectorizer": "vectorise",
    "medoids": "labels",
    "normalise_for_matching": "vectorise",
    "rank_clusters": "labels",
    "select_claims": "select",
    "similarity_graph": "graph",
    "solo_claims": "tables",
    "stage_settings": "tables",
    "spelling_variants": "vectorise",
    "suggest_threshold": "sweep",
    "threshold_sweep": "sweep",
}
"""Where each public name lives (imported from there when first used)."""

_SUBMODULES = frozenset(
    {"cluster", "columns", "graph", "labels", "partitioned", "rules", "same_statement", "select", "sweep", "tables", "term_shards", "timeline", "views"}
)
"""Submodules reached as attributes of the package (``claims.columns.CLUSTER_COLUMNS`` in a notebook)."""

# "vectorise" names a submodule too: its first import would bind the package's attribute to the module,
# so the function is bound here, at once, as analysis.corpus binds "segment" (it costs scipy.sparse)
from analysis.claims.vectorise import vectorise  # noqa: E402


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"analysis.claims.{name}")
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"analysis.claims.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CLAIM_COLUMNS", "CLUSTER_COLUMNS", "COVERAGE_COLUMNS", "DECIMALS", "SET_ASIDE_COLUMNS", "SWEEP_COLUMNS", "TOKEN_PATTERN", "WORD", "build_claim_tables", "canonical_word", "claim_ledger", "cluster_claims", "cluster_exact", "cluster_labels", "cluster_large", "cluster_sums", "compare_methods", "cosine_distances_dense", "coverage_matrix", "coverage_table", "cut_tree", "describe_clusters", "first_appearance_labels", "fold_text", "linkage_tree", "make_vectorizer", "medoids", "normalise_for_matching", "rank_clusters", "select_claims", "similarity_graph", "solo_claims", "stage_settings", "spelling_variants", "suggest_threshold", "threshold_sweep", "vectorise",
]  # fmt: skip
