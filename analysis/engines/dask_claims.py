"""The claims stage on the Dask engine (:func:`run_claims`), in steps on the workers.

1. Each partition selects its claims and counts their terms; the term space is cut into alphabetical
   shards (a few per worker thread, :mod:`analysis.engines.layout`), each shard's document frequencies (and first sightings) merged in a
   tree of tasks and its kept terms' IDF made there; each partition learns from each shard the
   column, IDF and first sighting of its own terms and builds its TF-IDF rows from them
   (:mod:`analysis.claims.term_shards`, :mod:`analysis.claims.partitioned`): no task holds every term.
2. Up to ``max_claims_exact`` claims (the exact path, whose distance matrix is quadratic anyway) the
   partitions' rows are joined on one worker and the stage runs there.
3. Above it, the similarity graph is built on the workers in blocks, one per pair of groups of
   partitions (:mod:`analysis.engines.layout`: the task count follows the cluster, not the square
   of the partitions), each block computing its partition pairs and
   reduced on its worker to a maximum spanning forest and the forests merged in a tree of tasks; the
   components of two or more claims are clustered in batches on the workers, each batch fetching its
   rows from the partitions (:mod:`analysis.engines.components`). One task joins the batches' labels
   into each threshold's clusters, makes the threshold sweep (silhouettes on the sample's rows,
   fetched from the partitions) and ranks the stage's clusters; each batch and each partition then
   describes its whole clusters from its own rows. The tables are written in parts (one per
   group of partitions in a Parquet run, one in a CSV run), so no task holds every claim's text: the cluster
   tables by one task per interval of ranked cluster ids, from those clusters' claims' keys (texts
   only of clusters in three or more articles, which the furniture flag reads) and described
   pieces; the claims and set-aside tables by one task per interval of doc_ids, from every
   partition's claims of its interval. No TF-IDF row or edge of the graph reaches these tasks.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from dask.sizeof import sizeof

from analysis.engines.components import (
    ComponentPlan,
    batch_piece,
    batch_rows,
    cluster_batch,
    component_plan,
    describe_part,
    gather_rows,
    giant_method,
    join_descriptions,
    merge_spanning_forests,
    spanning_forest,
    threshold_labels,
)
from analysis.engines.layout import block_partition_pairs, group_count, group_pairs, partition_groups, term_shard_count
from analysis.engines.dask import gather_futures, load_partition, publish_tables, stage_inputs, staging_folder, wait_for, write_part
from analysis.engines.stagefuncs import (
    FURNITURE_MIN_DOCS,
    SET_ASIDE_COLUMNS,
    SILHOUETTE_SAMPLE,
    SILHOUETTE_SEED,
    ClaimPart,
    ColumnNames,
    ColumnValues,
    PairRules,
    PartTerms,
    ShardVocabulary,
    TermLookup,
    TermShard,
    check_kept,
    claim_table,
    claim_tables_from_vectors,
    column_names,
    column_ranks,
    count_part,
    cross_edges,
    describe_tables,
    frequency_offsets,
    genre_map,
    graph_min_similarity,
    graph_sweep_thresholds,
    join_parts,
    join_rule_columns,
    joined_vocabulary,
    local_columns,
    lookup_terms,
    make_vectorizer,
    merge_shards,
    part_terms,
    part_vectors,
    rank_clusters,
    resolve_model,
    row_positions,
    rules_word_term,
    shard_boundaries,
    shard_rule_columns,
    shard_sample,
    shard_vocabulary,
    silhouette_rows,
    split_names,
    split_prefix,
    split_settings,
    split_term_stats,
    stage_settings,
    stage_tables,
    sweep_row,
    sweep_table,
    term_names,
    used_column_names,
)
from analysis.heap import releasing_heap
from analysis.params import Params
from analysis.pipeline import table_format
from analysis.stages import STAGE_TABLES


@sizeof.register(ClaimPart)
def _sizeof_claim_part(part: ClaimPart) -> int:
    """Bytes of a partition's claims, set-aside sentences, raw counts and term names.

    Without it Dask's ``sizeof`` falls back to the dataclass's own few bytes, so a worker's managed
    memory leaves the counts out and its memory manager cannot spill them (docs/PROFILING.md)."""
    return int(sizeof(part.claims) + sizeof(part.set_aside) + sizeof(part.counts) + sizeof(part.names))


@sizeof.register(TermShard)
@sizeof.register(ShardVocabulary)
@sizeof.register(TermLookup)
@sizeof.register(ColumnValues)
@sizeof.register(PartTerms)
@sizeof.register(ColumnNames)
def _sizeof_term_arrays(value: Any) -> int:
    """Bytes of a shard's or a partition's term arrays (pyarrow and numpy), so Dask can spill them."""
    return int(value.nbytes)


def _claim_settings(params: Params) -> tuple[dict[str, object], int, dict[str, object]]:
    return split_settings(stage_settings(params.claims))


@releasing_heap
def _claim_count_task(source: Any, params: Params) -> Any:
    """Step 1 on one partition: its claims and their raw term counts (kept on the worker)."""
    vectoriser, min_words, _ = _claim_settings(params)
    sentences, _ = load_partition(source)
    return count_part(sentences, make_vectorizer(**vectoriser), min_words=min_words)


def _sample_task(part: Any) -> tuple[np.ndarray, int, int]:
    """A partition's share of the shard boundaries' sample, its number of claims and of distinct terms."""
    return shard_sample(part.names), len(part.claims), len(part.names)


def _split_stats_task(part: Any, boundaries: np.ndarray) -> list[TermShard]:
    return split_term_stats(part, boundaries)


def _split_names_task(part: Any, boundaries: np.ndarray) -> list[Any]:
    return split_names(part, boundaries)


def _shard_vocabulary_task(merged: TermShard, params: Params, n_texts: int) -> ShardVocabulary:
    vectoriser, _, _ = _claim_settings(params)
    return shard_vocabulary(merged, make_vectorizer(**vectoriser), n_texts)


def _histogram_task(vocab: ShardVocabulary) -> tuple[int, int, np.ndarray, np.ndarray]:
    """A shard's size before and after the ``min_df``/``max_df`` cut and its frequencies' histogram."""
    return (vocab.n_terms_before_cut, *vocab.histogram())


def _lookup_task(vocab: ShardVocabulary, names: Any, column_offset: int, offsets: tuple[np.ndarray, np.ndarray]) -> TermLookup:
    return lookup_terms(vocab, names, column_offset, offsets)


def _column_ranks_task(*lookups: TermLookup) -> ColumnValues:
    return column_ranks(lookups)


def _column_names_task(part: Any, *lookups: TermLookup) -> ColumnNames:
    return column_names(part, lookups)


@releasing_heap
def _claim_vectors_task(part: Any, params: Params, n_terms: int, *lookups: TermLookup) -> Any:
    """Step 1's rows on one partition: its claims' TF-IDF rows, from what the vocabulary's shards
    told it of its own terms."""
    vectoriser, _, _ = _claim_settings(params)
    vectorizer = make_vectorizer(**vectoriser)
    return part_vectors(part, part_terms(lookups, n_terms, bool(vectorizer.use_idf)), vectorizer)


def _joined_vocabulary_task(n_texts: int, *shards: ShardVocabulary) -> Any:
    return joined_vocabulary(shards, n_texts)


def _claims_task(pieces: list[Any], vocab: Any, params: Params, staging: str, fmt: str) -> int:
    """The exact path (at most ``max_claims_exact`` claims): the partitions' rows joined in the
    corpus's order on one worker, and the rest of the stage there."""
    from analysis.pipeline import read_table

    vectoriser, _, rest = _claim_settings(params)
    claims, set_aside, matrix = join_parts(pieces, len(vocab.names))
    del pieces
    terms, term_words = vocab.terms(tuple(vectoriser["ngram_range"])[1])
    tables = claim_tables_from_vectors(claims, set_aside, matrix, terms, term_words, read_table(params, "documents"), **rest, n_jobs=1)
    for name in STAGE_TABLES["claims"]:
        write_part(tables[name], Path(staging), name, fmt)
    return len(tables["claims"])


# ---------------------------------------------------------------------------------------------
# the graph path


def graph_thresholds(params: Params) -> list[float]:
    """The distance thresholds whose components the graph path needs, ascending: the stage's and
    the swept ones up to ``large_sweep_max_threshold``."""
    return sorted({float(params.claims.distance_threshold), *_swept(params)})


def _rules_for(texts: list[str], matrix: Any, columns: Any, params: Params) -> PairRules:
    """The veto rules for some claims (their texts and rows), from the vocabulary's rule columns."""
    settings = stage_settings(params.claims)
    n_words, unigram_terms = columns
    return PairRules.for_columns(
        texts, matrix, n_words, unigram_terms, word_term=rules_word_term(bool(settings["normalise"])),
        min_shared_terms=int(settings["min_shared_terms"]), numbers=bool(settings["separate_numbers"]),
        negations=bool(settings["separate_negations"]), same_statement=resolve_model(bool(settings["same_statement"])),
    )  # fmt: skip


def _claim_keys_task(vectors: Any) -> pd.DataFrame:
    return vectors[0][["doc_id", "sentence_id"]]


def _split_task(vectors: Any, ranks: ColumnValues, min_similarity: float) -> Any:
    """A partition's prefix norms and suffixes, terms in the corpus's frequency order (the ranks of
    its own columns, from the vocabulary's shards)."""
    return split_prefix(vectors[2], min_similarity, ranks)


def _rule_columns_task(*pieces: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return join_rule_columns(pieces)


@releasing_heap
def _graph_block_task(pairs: list[tuple[int, int]], columns: Any, min_similarity: float, params: Params, *inputs: Any) -> Any:
    """One block of the similarity graph: the edges of the partition ``pairs`` (places among the
    block's partitions; ``(a, a)`` within one), vetoed pairs left out, named by the claims' rows in
    the corpus's order; returned as one maximum spanning forest (the block's other edges are dropped
    here). ``inputs``: the block's partitions' vectors, then their prefix splits, then their rows."""
    from scipy import sparse

    n = len(inputs) // 3
    vectors, splits, rows = inputs[:n], inputs[n : 2 * n], inputs[2 * n :]
    # the veto rules built once for the block's claims (each pair's verdict reads only its two rows)
    offsets = np.concatenate(([0], np.cumsum([v[2].shape[0] for v in vectors], dtype=np.int64)))
    texts = [text for v in vectors for text in v[0]["text"].tolist()]
    rules = _rules_for(texts, sparse.vstack([v[2] for v in vectors], format="csr"), columns, params)
    forests = []
    for a, b in pairs:
        found, cols, sims = cross_edges(vectors[a][2], vectors[b][2], splits[a], splits[b], min_similarity=min_similarity, same=a == b)
        if rules.active and len(found):
            keep = ~rules.veto_pairs(found + offsets[a], cols + offsets[b])
            found, cols, sims = found[keep], cols[keep], sims[keep]
        forests.append(spanning_forest(rows[a][found], rows[b][cols], sims))
    return forests[0] if len(forests) == 1 else merge_spanning_forests(*forests)


MERGE_FAN_IN = 4
"""Term statistics, or the graph blocks' spanning forests, merged this many at a time: a tree of depth
log4(pieces), each merge on a worker."""


def _merge_tree(client: Any, function: Any, level: list[Any]) -> Any:
    """``level``'s futures reduced with ``function`` in a tree of tasks on the workers."""
    while len(level) > 1:
        level = [client.submit(function, *level[i : i + MERGE_FAN_IN], pure=False) for i in range(0, len(level), MERGE_FAN_IN)]
    return level[0]


@releasing_heap
def _plan_task(forest: Any, positions: list[np.ndarray], thresholds: list[float], max_component_exact: int, n_workers: int) -> ComponentPlan:
    return component_plan(forest, positions, thresholds, max_component_exact=max_component_exact, n_workers=n_workers)


def _route_task(plan: ComponentPlan, partition: int) -> Any:
    return plan.routes[partition]


def _batch_spec_task(plan: ComponentPlan, batch: int) -> tuple[np.ndarray, np.ndarray]:
    return plan.batches[batch], plan.components[batch]


def _batch_piece_task(vectors: Any, route: Any, batch: int) -> tuple[np.ndarray, Any, list[str]]:
    """One partition's rows (places, TF-IDF rows, texts) for one batch: made where the partition's
    vectors are, one task per batch and partition, so that no result holds a partition's rows for
    every batch (a dict of them stayed on the worker until its last batch had read it)."""
    return batch_piece(vectors[0]["text"].tolist(), vectors[2], route, batch)


def _described_piece_task(vectors: Any, route: Any, batch: int, known: ColumnNames) -> tuple[np.ndarray, Any, list[str], ColumnNames]:
    """:func:`_batch_piece_task`, with the names of the columns those rows use (from the partition's
    own): a batch's description then receives names in proportion to its rows, not every term of
    every partition it draws on (at 80 MB a batch drew on all 14 partitions)."""
    places, matrix, texts = _batch_piece_task(vectors, route, batch)
    return places, matrix, texts, used_column_names(known, matrix)


def _batch_pieces(client: Any, vectors: list[Any], routes: list[Any], touching: list[Any], batch: int, names: list[Any] | None = None) -> list[Any]:
    """The futures of one batch's rows from each partition it draws on (with ``names``, each
    partition's column names: the rows' used columns' names with them, :func:`_described_piece_task`)."""
    if names is None:
        return [client.submit(_batch_piece_task, vectors[p], routes[p], batch, pure=False) for p in touching[batch]]
    return [client.submit(_described_piece_task, vectors[p], routes[p], batch, names[p], pure=False) for p in touching[batch]]


@releasing_heap
def _cluster_batch_task(spec: tuple[np.ndarray, np.ndarray], columns: Any, params: Params, thresholds: list[float], *pieces: Any) -> np.ndarray:
    """One batch of components clustered at every threshold, with the veto rules for its rows alone."""
    matrix, texts = batch_rows(list(pieces))
    settings = params.claims
    rules = _rules_for(texts, matrix, columns, params)
    return cluster_batch(
        matrix, rules, spec[1], thresholds, linkage=settings.linkage, max_component_exact=settings.max_claims_exact,
        split_giant=settings.split_giant_components,
    )  # fmt: skip


def _keys_task(n_parts: int, *keys: pd.DataFrame) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Each partition's claim rows in the corpus's order (:func:`row_positions`), each corpus
    row's article as a number (what the sweep and the ranking count): two integers per claim; and
    the doc_ids that open the per-sentence tables' parts (:func:`part_bounds`)."""
    positions = row_positions(keys)
    codes = np.empty(sum(len(frame) for frame in keys), dtype=np.int64)
    ordered = np.empty(len(codes), dtype=object)
    if len(codes):
        joined = pd.concat([frame["doc_id"] for frame in keys], ignore_index=True).astype(str)
        rows = np.concatenate(positions)
        codes[rows] = pd.factorize(joined)[0]
        ordered[rows] = joined.to_numpy(dtype=object)
    return positions, codes, part_bounds(ordered, n_parts)


def _sample_rows_task(vectors: Any, rows: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, Any]:
    """A partition's rows among the silhouette sample (``sample``: corpus rows, ascending): their
    places in the sample and their TF-IDF rows."""
    hit = np.flatnonzero(np.isin(rows, sample))
    return np.searchsorted(sample, rows[hit]), vectors[2][hit]


@releasing_heap
def _labels_task(
    outline: tuple[list[float], list[int], int], params: Params, keys: Any, n_terms: int, batches: list[np.ndarray],
    batch_labels: list[np.ndarray], *sampled: Any,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Each threshold's clusters from the batches' labels, the threshold sweep (silhouettes on the
    sample's rows, fetched from the partitions), and the stage threshold's clusters ranked: a few
    integers per claim and threshold on this worker, no vector but the sample's."""
    thresholds, n_giant, n_claims = outline
    codes = keys[1]
    labels_at = threshold_labels(n_claims, batches, batch_labels, len(thresholds))
    sample = _silhouette_sample(n_claims)
    swept = set(_swept(params))
    rows = [
        {"distance_threshold": t, "method": giant_method(n_giant[k], params.claims.split_giant_components), "graph_path_agreement": np.nan,
         **sweep_row(labels_at[k], codes, sample, lambda: gather_rows(list(sampled), len(sample), n_terms))}
        for k, t in enumerate(thresholds) if t in swept
    ]  # fmt: skip
    labels = labels_at[thresholds.index(float(params.claims.distance_threshold))]
    return (rank_clusters(labels, codes) if len(labels) else labels), sweep_table(rows)


def _silhouette_sample(n_claims: int) -> np.ndarray:
    return silhouette_rows(n_claims, SILHOUETTE_SAMPLE, SILHOUETTE_SEED)


def _ranked_of_rows_task(labelled: tuple[np.ndarray, pd.DataFrame], rows: Any) -> np.ndarray:
    """The ranked cluster ids of some corpus rows (a batch's spec, or a partition's rows)."""
    rows = rows[0] if isinstance(rows, tuple) else rows
    return labelled[0][rows]


def _local_terms(matrix: Any, known: list[ColumnNames], params: Params) -> tuple[Any, Any, np.ndarray]:
    """Rows over the columns they use alone, and those columns' names and word ids: what a cluster
    description reads of the vocabulary (:func:`~analysis.claims.term_shards.local_columns`)."""
    vectoriser, _, _ = _claim_settings(params)
    local, names = local_columns(matrix, known)
    return (local, *term_names(names, tuple(vectoriser["ngram_range"])[1]))


@releasing_heap
def _describe_batch_task(spec: tuple[np.ndarray, np.ndarray], ranked: np.ndarray, params: Params, *pieces: Any) -> dict[str, np.ndarray]:
    """A batch's clusters (whole: a cluster lies in one component) described from its rows, with
    the names of the columns they use (each piece's, :func:`_described_piece_task`)."""
    matrix, texts = batch_rows([piece[:3] for piece in pieces])
    matrix, terms, term_words = _local_terms(matrix, [piece[3] for piece in pieces], params)
    return describe_part(matrix, texts, ranked, spec[0], terms, term_words, word_term=rules_word_term(params.claims.normalise))


@releasing_heap
def _describe_partition_task(vectors: Any, route: Any, ranked: np.ndarray, rows: np.ndarray, known: ColumnNames, params: Params) -> dict[str, np.ndarray]:
    """A partition's claims outside every batch (each a cluster of its own) described from its rows."""
    alone = np.setdiff1d(np.arange(len(rows)), route[0])
    texts = vectors[0]["text"].tolist()
    matrix, terms, term_words = _local_terms(vectors[2][alone], [known], params)
    return describe_part(
        matrix, [texts[i] for i in alone.tolist()], ranked[alone], rows[alone], terms, term_words,
        word_term=rules_word_term(params.claims.normalise),
    )  # fmt: skip


def _furniture_candidates_task(labelled: tuple[np.ndarray, pd.DataFrame], keys: Any) -> np.ndarray:
    """Whether each ranked cluster is carried by ``FURNITURE_MIN_DOCS`` or more articles: the only
    clusters whose claims' texts the furniture flag reads (``_furniture`` of the clusters table)."""
    labels, codes = labelled[0], keys[1]
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    carried = np.unique(np.stack([labels, codes]), axis=1)[0] if len(labels) else labels
    return np.bincount(carried, minlength=n_clusters) >= FURNITURE_MIN_DOCS


def cluster_edges(n_clusters: int, n_parts: int) -> np.ndarray:
    """The first ranked cluster id of each part of the cluster tables, and ``n_clusters`` last: at
    most ``n_parts`` intervals of about as many clusters each, none empty."""
    return np.append(np.unique(np.arange(max(1, n_parts), dtype=np.int64) * n_clusters // max(1, n_parts)), n_clusters)


def _cluster_edges_task(labelled: tuple[np.ndarray, pd.DataFrame], n_parts: int) -> np.ndarray:
    return cluster_edges(int(labelled[0].max()) + 1 if len(labelled[0]) else 0, n_parts)


def _cluster_frames_task(
    vectors: Any, rows: np.ndarray, labelled: tuple[np.ndarray, pd.DataFrame], candidates: np.ndarray, edges: np.ndarray
) -> list[tuple[pd.DataFrame, np.ndarray]]:
    """A partition's claims for the cluster tables, cut by the parts' intervals of cluster ids: keys
    and offsets with their corpus rows, and the text only of the claims in a furniture candidate
    (the rest empty), so that no task of those tables holds every claim's text."""
    claims = vectors[0]
    labels = labelled[0][rows]
    frame = claims.assign(text=claims["text"].where(candidates[labels], ""))
    part = np.searchsorted(edges, labels, side="right") - 1
    return [(frame[part == k], rows[part == k]) for k in range(len(edges) - 1)]


def _split_described_task(piece: dict[str, np.ndarray], labelled: tuple[np.ndarray, pd.DataFrame], edges: np.ndarray) -> list[dict[str, np.ndarray]]:
    """A :func:`describe_part` piece cut by the parts' intervals of cluster ids."""
    cluster_part = np.searchsorted(edges, piece["cluster_id"], side="right") - 1
    row_part = np.searchsorted(edges, labelled[0][piece["rows"]], side="right") - 1
    cluster_keys, row_keys = ("cluster_id", "medoid", "representative", "short_label", "label"), ("rows", "similarity")
    return [
        {**{key: np.asarray(piece[key])[cluster_part == k] for key in cluster_keys}, **{key: np.asarray(piece[key])[row_part == k] for key in row_keys}}
        for k in range(len(edges) - 1)
    ]


def _similarity_task(n_claims: int, *pieces: dict[str, np.ndarray]) -> np.ndarray:
    """Each corpus row's similarity to its cluster's representative, from the described pieces'
    rows alone (one float per claim, what the claims table's parts read)."""
    similarity = np.full(n_claims, np.nan)
    for piece in pieces:
        similarity[piece["rows"]] = piece["similarity"]
    return similarity


def _piece_similarity_task(piece: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {"rows": piece["rows"], "similarity": piece["similarity"]}


def _clusters_part_task(
    index: int, edges: np.ndarray, labelled: tuple[np.ndarray, pd.DataFrame], params: Params, staging: str, fmt: str, n_frames: int,
    *pieces: Any,
) -> int:
    """One part of the cluster tables (clusters, coverage, claim_timeline; threshold_sweep whole in
    part 0): the clusters of one interval of ranked ids, made from their claims' keys (``pieces``:
    ``n_frames`` pieces of :func:`_cluster_frames_task`, then the described pieces cut by
    :func:`_split_described_task`). Each of these tables is made cluster by cluster, so the parts
    in order are the whole corpus's tables."""
    from analysis.pipeline import read_table

    first = int(edges[index])
    frames, described = pieces[:n_frames], pieces[n_frames:]
    claims = pd.concat([frame for frame, _ in frames], ignore_index=True)
    rows = np.concatenate([part_rows for _, part_rows in frames])
    order = np.argsort(rows, kind="stable")  # the corpus's order, as the whole table's claims
    claims, rows = claims.iloc[order].reset_index(drop=True), rows[order]
    local = [
        {**piece, "cluster_id": piece["cluster_id"] - first, "medoid": np.searchsorted(rows, piece["medoid"]), "rows": np.searchsorted(rows, piece["rows"])}
        for piece in described
    ]  # fmt: skip
    labels, swept = labelled
    joined = join_descriptions(local, int(edges[index + 1]) - first, len(claims))
    documents = read_table(params, "documents")
    claims_table, clusters = describe_tables(claims, labels[rows] - first, joined, genre_map(documents), documents=documents)
    no_set_aside = pd.DataFrame(columns=SET_ASIDE_COLUMNS)  # written with the claims table's parts
    tables = stage_tables(claims_table, clusters, no_set_aside, swept, documents, date_column=params.claims.date_column)
    for name in ("clusters", "coverage", "claim_timeline"):
        tables[name]["cluster_id"] = tables[name]["cluster_id"].astype(np.int64) + first
        write_part(tables[name], Path(staging), name, fmt, index)
    if index == 0:
        write_part(tables["threshold_sweep"], Path(staging), "threshold_sweep", fmt)
    return len(clusters)


PART_TABLES = ("claims", "claims_set_aside")
"""The claims stage's tables of one row per sentence, written in parts (one per group of
partitions in a Parquet run) each by its own task, from the claims of an interval of doc_ids."""


def part_bounds(ordered_doc_ids: np.ndarray, n_parts: int) -> np.ndarray:
    """The doc_ids that open parts 1 .. of the per-sentence tables: at most ``n_parts`` intervals of
    doc_ids (Python's string order, as the tables sort) holding about as many claims each
    (``ordered_doc_ids``: each claim's doc_id in the corpus's order). An article stays in one part."""
    n = len(ordered_doc_ids)
    cuts = {ordered_doc_ids[(k * n) // n_parts] for k in range(1, n_parts)} if n else set()
    return np.array(sorted(cut for cut in cuts if cut != ordered_doc_ids[0]), dtype=object)


def part_of(doc_ids: pd.Series, bounds: np.ndarray) -> np.ndarray:
    """The part (:func:`part_bounds`) each row's doc_id falls in."""
    return np.searchsorted(bounds, doc_ids.astype(str).to_numpy(dtype=object), side="right")


def _claim_pieces_task(vectors: Any, rows: np.ndarray, keys: Any) -> list[tuple[pd.DataFrame, np.ndarray, pd.DataFrame]]:
    """A partition's claims (with their texts and corpus rows) and set-aside sentences, cut by the
    parts' intervals of doc_ids: one piece per part."""
    claims, set_aside = vectors[0], vectors[1]
    bounds = keys[2]
    claim_part, aside_part = part_of(claims["doc_id"], bounds), part_of(set_aside["doc_id"], bounds)
    return [(claims[claim_part == k], rows[claim_part == k], set_aside[aside_part == k]) for k in range(len(bounds) + 1)]


def _claims_part_task(
    index: int, labelled: tuple[np.ndarray, pd.DataFrame], similarity: np.ndarray, staging: str, fmt: str,
    *pieces: tuple[pd.DataFrame, np.ndarray, pd.DataFrame],
) -> int:
    """One part of the claims and set-aside tables: the pieces of one interval of doc_ids from every
    partition, in the corpus's order, each claim with its ranked cluster and similarity (one integer
    and one float per corpus row in; no other partition's text)."""
    claims = pd.concat([piece[0] for piece in pieces], ignore_index=True)
    rows = np.concatenate([piece[1] for piece in pieces]) if pieces else np.zeros(0, dtype=np.int64)
    order = np.argsort(rows, kind="stable")  # the interval's corpus rows are consecutive: their order is the stage's
    claims, rows = claims.iloc[order].reset_index(drop=True), rows[order]
    table = claim_table(claims, labelled[0][rows], similarity[rows])
    set_aside = pd.concat([piece[2] for piece in pieces], ignore_index=True)
    set_aside = set_aside.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
    write_part(table, Path(staging), "claims", fmt, index)
    write_part(set_aside, Path(staging), "claims_set_aside", fmt, index)
    return len(table)


def _swept(params: Params) -> list[float]:
    return graph_sweep_thresholds(params.claims.sweep_thresholds, params.claims.large_sweep_max_threshold)


def _graph_path(client: Any, params: Params, vocab: _Terms, vectors: list[Any], n_claims: int, staging: str, fmt: str) -> tuple[list[Any], list[Any]]:
    """Above ``max_claims_exact`` claims: the graph's blocks (one per pair of groups of partitions), their spanning
    forests merged, the components clustered in batches, the clusters described in pieces, the cluster tables by one
    task per interval of ranked cluster ids and the per-sentence tables by one task per part (in a Parquet run one per
    group of partitions; in a CSV run one part): the per-sentence parts' futures, each giving its number of claims, and the cluster tables' parts' futures."""
    settings = stage_settings(params.claims)
    thresholds = graph_thresholds(params)
    min_similarity = graph_min_similarity(
        float(settings["distance_threshold"]), settings["sweep_thresholds"], float(settings["large_sweep_max_threshold"])
    )
    # one block per pair of groups of partitions, one table part per group (analysis/engines/layout.py)
    groups = partition_groups(len(vectors), group_count(n_threads(client), len(vectors)))
    n_parts = len(groups) if fmt == "parquet" else 1
    keys = client.submit(_keys_task, n_parts, *[client.submit(_claim_keys_task, v, pure=False) for v in vectors], pure=False)
    positions = client.submit(operator.getitem, keys, 0, pure=False)
    rows = [client.submit(operator.getitem, positions, i, pure=False) for i in range(len(vectors))]
    # each shard gives its terms' word counts and unigrams; no task reads every shard whole
    columns = client.submit(_rule_columns_task, *[client.submit(shard_rule_columns, shard, pure=False) for shard in vocab.shards], pure=False)
    splits = [client.submit(_split_task, v, ranks, min_similarity, pure=False) for v, ranks in zip(vectors, vocab.ranks)]
    # the vocabulary's shards are read here by the rule columns alone, and each partition's column
    # ranks by its prefix split alone: dropped now, so that dask frees them once those are made
    # rather than when the stage returns (at 80 MB they were 45% of the workers' managed memory
    # through the batches and the descriptions: docs/PROFILING.md, dask14g)
    vocab.shards, vocab.ranks = [], []
    blocks, inputs = [], []
    for g, h in group_pairs(groups):
        members = groups[g] + ([] if g == h else groups[h])
        place = {partition: k for k, partition in enumerate(members)}
        pairs = [(place[i], place[j]) for i, j in block_partition_pairs(groups[g], groups[h], g == h)]
        inputs = [vectors[i] for i in members] + [splits[i] for i in members] + [rows[i] for i in members]
        blocks.append(client.submit(_graph_block_task, pairs, columns, min_similarity, params, *inputs, pure=False))
    del inputs  # (the last block's list held its partitions' prefix splits past the blocks)
    wait_for(client, blocks, "claims graph blocks")
    del splits
    forest = _merge_tree(client, merge_spanning_forests, blocks)
    n_workers = len(client.scheduler_info(n_workers=-1)["workers"])
    plan = client.submit(_plan_task, forest, positions, thresholds, int(settings["max_claims_exact"]), n_workers, pure=False)
    n_giant, touching = client.gather(client.submit(lambda plan: plan.outline(), plan, pure=False))
    del blocks, forest
    routes = [client.submit(_route_task, plan, p, pure=False) for p in range(len(vectors))]
    specs = [client.submit(_batch_spec_task, plan, b, pure=False) for b in range(len(touching))]
    del plan
    # each batch's rows submitted just before its clustering (so the scheduler's order runs a batch
    # soon after its rows) and no future of them kept here: dask frees them once the batch is
    # clustered, rather than holding every batch's rows until the descriptions (issue 14)
    labelled = [
        client.submit(_cluster_batch_task, specs[b], columns, params, thresholds, *_batch_pieces(client, vectors, routes, touching, b), pure=False)
        for b in range(len(touching))
    ]  # fmt: skip
    del columns  # read by the blocks and the batches alone (a few bytes per term of the vocabulary, on every worker)
    wait_for(client, labelled, "claims components")
    sample = _silhouette_sample(n_claims)
    sampled = [client.submit(_sample_rows_task, v, r, sample, pure=False) for v, r in zip(vectors, rows)]
    batches = [client.submit(operator.getitem, spec, 0, pure=False) for spec in specs]
    ranked = client.submit(
        _labels_task, (thresholds, n_giant, n_claims), params, keys, vocab.n_terms, batches, labelled, *sampled, pure=False
    )  # fmt: skip
    del batches, labelled, sampled  # read by the ranking alone: freed once it is done
    described = [
        client.submit(
            _describe_batch_task, specs[b], client.submit(_ranked_of_rows_task, ranked, specs[b], pure=False), params,
            *_batch_pieces(client, vectors, routes, touching, b, vocab.names), pure=False,
        )
        for b in range(len(touching))
    ] + [
        client.submit(_describe_partition_task, v, route, client.submit(_ranked_of_rows_task, ranked, r, pure=False), r, known, params, pure=False)
        for v, route, r, known in zip(vectors, routes, rows, vocab.names)
    ]  # fmt: skip
    del specs  # each batch's rows (made again from the partitions) and spec go once it is described
    vocab.names = []  # each partition's column names: read by the descriptions alone
    wait_for(client, described, "claims descriptions")
    candidates = client.submit(_furniture_candidates_task, ranked, keys, pure=False)
    edges = client.submit(_cluster_edges_task, ranked, n_parts, pure=False)
    cut = [client.submit(_cluster_frames_task, v, r, ranked, candidates, edges, pure=False) for v, r in zip(vectors, rows)]
    cut_described = [client.submit(_split_described_task, piece, ranked, edges, pure=False) for piece in described]
    n_cluster_parts = len(client.gather(edges)) - 1
    cluster_parts = [
        client.submit(
            _clusters_part_task, k, edges, ranked, params, staging, fmt, len(cut),
            *[client.submit(operator.getitem, piece, k, pure=False) for piece in cut + cut_described], pure=False,
        )
        for k in range(n_cluster_parts)
    ]  # fmt: skip
    similarity = client.submit(_similarity_task, n_claims, *[client.submit(_piece_similarity_task, piece, pure=False) for piece in described], pure=False)
    pieces_of = [client.submit(_claim_pieces_task, v, r, keys, pure=False) for v, r in zip(vectors, rows)]
    n_made = int(client.gather(client.submit(lambda keys: len(keys[2]) + 1, keys, pure=False)))
    claim_parts = [
        client.submit(_claims_part_task, k, ranked, similarity, staging, fmt, *[client.submit(operator.getitem, p, k, pure=False) for p in pieces_of], pure=False)
        for k in range(n_made)
    ]
    # returned unwaited, so that this function's futures (the rows sent to batches, the batches'
    # labels, the descriptions) are released while the tables are written
    return claim_parts, cluster_parts


@dataclass
class _Terms:
    """The vocabulary as the driver holds it: futures of its alphabetical shards (each on a worker),
    each partition's kept columns' frequency ranks, and the counts the driver needs. The graph path
    empties the lists once their last readers are submitted, so that the workers free them."""

    shards: list[Any]
    ranks: list[Any]
    names: list[Any]
    """Each partition's kept columns' names (the cluster descriptions')."""
    n_terms: int
    n_texts: int


def n_threads(client: Any) -> int:
    """The cluster's worker threads (what the task layout follows: :mod:`analysis.engines.layout`)."""
    return int(sum(worker.get("nthreads", 1) for worker in client.scheduler_info(n_workers=-1)["workers"].values()))


def _term_shards(client: Any, parts: list[Any], params: Params) -> tuple[_Terms, list[Any]]:
    """The term statistics merged per alphabetical shard (a few shards per worker thread,
    :func:`~analysis.engines.layout.term_shard_count`; boundaries from a sample of the partitions'
    names), each partition's rows built from what the shards tell it of its own terms; returns the
    vocabulary's futures and the partitions' rows (futures)."""
    samples = [client.submit(_sample_task, part, pure=False) for part in parts]
    wait_for(client, parts + samples, "claims terms")
    sampled = client.gather(samples)
    n_texts = sum(n for _, n, _ in sampled)
    n_wanted = term_shard_count(n_threads(client), len(parts), sum(n for _, _, n in sampled))
    boundaries = shard_boundaries([sample for sample, _, _ in sampled], n_wanted)
    n_shards = len(boundaries) + 1
    split = [client.submit(_split_stats_task, part, boundaries, pure=False) for part in parts]
    names = [client.submit(_split_names_task, part, boundaries, pure=False) for part in parts]
    shards = [
        client.submit(
            _shard_vocabulary_task, _merge_tree(client, merge_shards, [client.submit(operator.getitem, stats, s, pure=False) for stats in split]),
            params, n_texts, pure=False,
        )
        for s in range(n_shards)
    ]  # fmt: skip
    del split  # each partition's statistics leave its worker once its shards' merges have read them
    wait_for(client, shards, "claims vocabulary")
    histograms = client.gather([client.submit(_histogram_task, shard, pure=False) for shard in shards])
    check_kept(sum(h[0] for h in histograms), sum(h[1] for h in histograms))
    column_offsets = np.concatenate(([0], np.cumsum([h[1] for h in histograms], dtype=np.int64)))
    offsets = frequency_offsets([(h[2], h[3]) for h in histograms])
    vectors, ranks, known = [], [], []
    for p, part in enumerate(parts):
        lookups = [
            client.submit(_lookup_task, shards[s], client.submit(operator.getitem, names[p], s, pure=False), int(column_offsets[s]), offsets[s], pure=False)
            for s in range(n_shards)
        ]  # fmt: skip
        vectors.append(client.submit(_claim_vectors_task, part, params, int(column_offsets[-1]), *lookups, pure=False))
        ranks.append(client.submit(_column_ranks_task, *lookups, pure=False))
        known.append(client.submit(_column_names_task, part, *lookups, pure=False))
    return _Terms(shards, ranks, known, int(column_offsets[-1]), n_texts), vectors


def run_claims(client: Any, params: Params) -> str:
    """The claims stage on the cluster, its tables published when complete."""
    fmt = table_format(params)
    inputs = stage_inputs(client, params)
    with staging_folder(params, "claims") as staging:
        parts = [client.submit(_claim_count_task, s, params, pure=False) for s in inputs]
        terms, vectors = _term_shards(client, parts, params)
        # released, not cancelled (cancelling a task cancels the tasks that read it): the raw counts
        # leave the workers once the vectors are built
        del parts
        wait_for(client, vectors, "claims vectors")
        n_claims = sum(client.gather([client.submit(lambda piece: piece[2].shape[0], v, pure=False) for v in vectors]))
        if n_claims <= params.claims.max_claims_exact:
            # the whole vocabulary on one worker only here, where it is bounded by max_claims_exact claims
            vocab = client.submit(_joined_vocabulary_task, terms.n_texts, *terms.shards, pure=False)
            finals, cluster_parts = [client.submit(_claims_task, vectors, vocab, params, str(staging), fmt, pure=False)], []
            del vocab
        else:
            finals, cluster_parts = _graph_path(client, params, terms, vectors, n_claims, str(staging), fmt)
        # the TF-IDF rows and the vocabulary's shards leave the workers once the tasks reading them
        # are done (the graph path's table tasks read only their claims and set-aside frames), not
        # when the stage returns
        del vectors, terms
        wait_for(client, cluster_parts, "claims cluster tables")
        count = sum(gather_futures(client, finals, "claims"))
        # the futures are released on return (cancelling them, whose tasks read one another, made
        # the scheduler cancel some twice and log an AssertionError)
        publish_tables(staging, params.processed_dir, STAGE_TABLES["claims"], fmt)
    return f"{count:,} claims, vectors built in {len(inputs)} partitions, {fmt}"
