"""The claims stage's table columns and rounding, shared by its modules."""

from __future__ import annotations


DECIMALS = 4
"""Floats in the output tables are rounded to this many decimals so they diff cleanly."""


SIMILARITY_TOLERANCE = 1e-9
"""Slack when comparing a similarity to the threshold, so float noise in sparse sums never drops an edge."""


CLAIM_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "cluster_id", "text", "similarity_to_representative"]


CLUSTER_COLUMNS = [
    "cluster_id", "short_label", "label", "representative", "n_claims", "n_docs", "n_sources", "cross_source",
    "is_furniture", "doc_ids", "genres", "representative_doc_id", "representative_sentence_id",
]  # fmt: skip


COVERAGE_COLUMNS = ["cluster_id", "doc_id", "genre", "n_claims"]


SET_ASIDE_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "reason", "text"]


SWEEP_COLUMNS = [
    "distance_threshold", "n_claims", "n_clusters", "n_multi_doc_clusters", "n_singletons", "largest_cluster", "silhouette",
    "one_claim_per_doc_share", "method", "graph_path_agreement",
]  # fmt: skip


FURNITURE_MIN_DOCS = 3
"""A cluster of near-identical claims in at least this many articles of one outlet is page furniture."""
FURNITURE_MIN_SIMILARITY = 0.9
"""Near-identical: every claim of the cluster at least this similar (cosine) to its representative."""
FURNITURE_RUN_WORDS = 8
"""Or: every claim of the cluster holds one same run of this many words (a sign-up line glued to a sentence)."""
FRAMING_COLUMNS = ["n_hedges", "hedge_terms", "attribution", "attribution_source", "mode"]
