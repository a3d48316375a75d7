"""Which claims recur across sources: TF-IDF sentence vectors, clustering, coverage, timeline.

A *claim* is a sentence that can assert something (headings and fragments are set aside and
counted). One file per role:

- :mod:`~analysis.claims.select`: which sentences are claims;
- :mod:`~analysis.claims.vectorise`: text folds and the TF-IDF vectoriser;
- :mod:`~analysis.claims.cluster`: the exact path (agglomerative clustering on cosine distance);
- :mod:`~analysis.claims.graph`: the large-corpus sparse similarity graph, and the choice of path;
- :mod:`~analysis.claims.sweep`: the threshold sweep and the suggested threshold;
- :mod:`~analysis.claims.labels`: cluster ranks, medoid representatives and labels;
- :mod:`~analysis.claims.tables`: the stage (:func:`build_claim_tables`) and the notebook views.

scikit-learn is imported inside the functions that use it: the notebooks import this package for
its table helpers, and each report's kernel would otherwise spend a second loading it.
"""

from analysis.claims.cluster import cluster_exact, cosine_distances_dense, cut_tree, first_appearance_labels, linkage_tree
from analysis.claims.columns import (
    CLAIM_COLUMNS,
    CLUSTER_COLUMNS,
    COVERAGE_COLUMNS,
    DECIMALS,
    SET_ASIDE_COLUMNS,
    SWEEP_COLUMNS,
)
from analysis.claims.graph import cluster_claims, cluster_large, compare_methods, similarity_graph
from analysis.claims.labels import cluster_labels, cluster_sums, medoids, rank_clusters
from analysis.claims.select import select_claims
from analysis.claims.sweep import suggest_threshold, threshold_sweep
from analysis.claims.tables import (
    build_claim_tables,
    claim_ledger,
    coverage_matrix,
    coverage_table,
    describe_clusters,
    solo_claims,
    stage_settings,
)
from analysis.claims.vectorise import (
    TOKEN_PATTERN,
    WORD,
    canonical_word,
    fold_text,
    make_vectorizer,
    normalise_for_matching,
    spelling_variants,
    vectorise,
)

__all__ = [
    "CLAIM_COLUMNS", "CLUSTER_COLUMNS", "COVERAGE_COLUMNS", "DECIMALS", "SET_ASIDE_COLUMNS", "SWEEP_COLUMNS",
    "TOKEN_PATTERN", "WORD", "build_claim_tables", "canonical_word", "claim_ledger", "cluster_claims",
    "cluster_exact", "cluster_labels", "cluster_large", "cluster_sums", "compare_methods", "cosine_distances_dense",
    "coverage_matrix", "coverage_table", "cut_tree", "describe_clusters", "first_appearance_labels", "fold_text", "linkage_tree",
    "make_vectorizer", "medoids", "normalise_for_matching", "rank_clusters", "select_claims",
    "similarity_graph", "solo_claims", "stage_settings", "spelling_variants", "suggest_threshold", "threshold_sweep", "vectorise",
]  # fmt: skip
