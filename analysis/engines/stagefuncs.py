"""Every function and constant of the stages that the engines call, imported in this one place.

The engines build on the stages' public functions only; when a stage module becomes a package or
renames a helper, only these imports need re-pointing.
"""

from __future__ import annotations

from analysis.claims import build_claim_tables, make_vectorizer, stage_settings
from analysis.claims.cluster import first_appearance_labels, row_dots
from analysis.claims.columns import FURNITURE_MIN_DOCS, SET_ASIDE_COLUMNS, SIMILARITY_TOLERANCE
from analysis.claims.graph import (
    cluster_pieces,
    cross_edges,
    frequency_rank,
    groups_of,
    similarity_graph,
    small_component_labels,
    split_component,
    split_prefix,
)
from analysis.claims.labels import rank_clusters
from analysis.claims.sweep import (
    SILHOUETTE_SAMPLE,
    SILHOUETTE_SEED,
    graph_sweep_thresholds,
    silhouette_rows,
    sweep_row,
    sweep_table,
)
from analysis.claims.partitioned import (
    count_part,
    ClaimPart,
    PartTerms,
    join_parts,
    part_vectors,
    row_positions,
    split_settings,
    term_names,
)
from analysis.claims.rules import PairRules
from analysis.claims.same_statement import resolve_model
from analysis.claims.term_shards import (
    ColumnNames,
    ColumnValues,
    ShardVocabulary,
    TermLookup,
    TermShard,
    check_kept,
    column_names,
    column_ranks,
    frequency_offsets,
    join_rule_columns,
    joined_vocabulary,
    local_columns,
    lookup_terms,
    merge_shards,
    part_terms,
    shard_boundaries,
    shard_rule_columns,
    shard_sample,
    shard_vocabulary,
    split_names,
    split_term_stats,
    used_column_names,
)
from analysis.claims.tables import (
    claim_table,
    claim_tables_from_vectors,
    describe_tables,
    describe_vectors,
    genre_map,
    graph_min_similarity,
    rules_word_term,
    stage_tables,
)
from analysis.corpus import METADATA_COLUMNS, Article, build_corpus, read_articles, read_boilerplate_rules
from analysis.corpus.build import finish_corpus
from analysis.corpus.firstpass import Cleaned, clean_articles, gc_paused
from analysis.corpus.furniture import RULE as FURNITURE_RULE
from analysis.corpus.furniture import KeyCounts, candidate_keys, count_keys, furniture_keys, settings_of
from analysis.corpus.model import COUNT_COLUMNS
from analysis.estimates import build_estimate_tables
from analysis.framing import (
    COUNT_FEATURES,
    DECIMALS,
    feature_map,
    frame_emphasis,
    genre_profiles_from_pieces,
    genre_separation,
    profiles_and_genre_pieces,
    sentence_features,
    score_distinctive,
)
from analysis.framing import PRIOR_SCALE as DISTINCTIVE_PRIOR_SCALE
from analysis.framing import TOKEN_PATTERN as DISTINCTIVE_TOKEN_PATTERN
from analysis.framing import fold_apostrophes


__all__ = [
    "Article", "COUNT_COLUMNS", "COUNT_FEATURES", "DECIMALS", "DISTINCTIVE_PRIOR_SCALE", "DISTINCTIVE_TOKEN_PATTERN",
    "METADATA_COLUMNS", "build_claim_tables", "build_corpus", "candidate_keys", "clean_articles", "count_keys", "finish_corpus",
    "furniture_keys", "gc_paused", "FURNITURE_RULE", "KeyCounts", "settings_of", "build_estimate_tables", "claim_tables_from_vectors", "cluster_pieces", "count_part", "cross_edges", "frequency_rank", "graph_min_similarity",
    "PairRules", "resolve_model", "row_positions", "first_appearance_labels", "row_dots", "SIMILARITY_TOLERANCE", "groups_of",
    "similarity_graph", "small_component_labels", "split_component", "rank_clusters", "SILHOUETTE_SAMPLE", "SILHOUETTE_SEED",
    "graph_sweep_thresholds", "silhouette_rows", "sweep_row", "sweep_table", "describe_tables", "describe_vectors", "genre_map",
    "stage_tables", "claim_table", "rules_word_term", "split_prefix",
    "join_parts", "make_vectorizer", "part_vectors", "split_settings", "stage_settings",
    "FURNITURE_MIN_DOCS", "SET_ASIDE_COLUMNS", "ClaimPart", "PartTerms", "term_names", "Cleaned", "ColumnNames", "ColumnValues", "ShardVocabulary", "TermLookup", "TermShard", "check_kept", "column_names", "column_ranks", "frequency_offsets", "join_rule_columns", "joined_vocabulary", "local_columns", "lookup_terms", "merge_shards", "part_terms", "shard_boundaries", "shard_rule_columns", "shard_sample", "shard_vocabulary", "split_names", "split_term_stats", "used_column_names",
    "feature_map", "fold_apostrophes", "frame_emphasis", "genre_profiles_from_pieces", "genre_separation",
    "profiles_and_genre_pieces", "read_articles", "read_boilerplate_rules", "sentence_features", "score_distinctive",
]


def claims_stage(params, jobs):  # noqa: ANN001, ANN201 - the pipeline's own claims step, params to build_claim_tables
    """The pipeline's claims step (reads the run's tables, returns them), run whole on one worker."""
    from analysis.pipeline import _STAGE_FUNCTIONS

    return _STAGE_FUNCTIONS["claims"](params, jobs)
