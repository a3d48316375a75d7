"""The graph path without one place holding the graph (analysis/engines/components.py): blocks of
edges reduced to maximum spanning forests, forests merged in any tree, components clustered in batches
from rows fetched out of partitions, must give cluster_large's clusters at every threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from analysis.claims.cluster import first_appearance_labels
from analysis.claims.graph import cluster_large, similarity_graph
from analysis.engines.components import (
    batch_rows,
    cluster_batch,
    component_plan,
    forest_of_edges,
    giant_method,
    merge_spanning_forests,
    spanning_forest,
    threshold_forests,
    partition_rows,
    threshold_labels,
)
from test_claims_partitioned import SEEDS, seed_rules, whole

THRESHOLDS = [0.6, 0.75, 0.85, 0.95]


def components_of(n_rows: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Each row's component, numbered by first appearance (the reference: scipy on the whole graph)."""
    graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, n_rows))
    return first_appearance_labels(connected_components(graph, directed=False)[1])


def forest_labels(n_rows: int, forest: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    of_row = np.arange(n_rows)
    of_row[forest[0]] = forest[1]
    return first_appearance_labels(of_row)


def random_blocks(n_rows: int, n_edges: int, n_blocks: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    rows, cols = rng.integers(0, n_rows, n_edges), rng.integers(0, n_rows, n_edges)
    sims = rng.uniform(0.0, 1.0, n_edges)
    return rows, cols, sims, np.array_split(rng.permutation(n_edges), n_blocks)


@pytest.mark.parametrize("fan_in", [2, 3, 7])
def test_spanning_forests_of_blocks_merged_in_any_tree_give_the_whole_graphs_components(fan_in: int) -> None:
    n_rows = 400
    rows, cols, sims, blocks = random_blocks(n_rows, 300, 9, seed=fan_in)
    level = [spanning_forest(rows[b], cols[b], sims[b]) for b in blocks]
    while len(level) > 1:
        level = [merge_spanning_forests(*level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
    forests = threshold_forests(level[0], THRESHOLDS)
    for k, threshold in enumerate(THRESHOLDS):
        keep = sims >= 1.0 - threshold - 1e-9
        expected = components_of(n_rows, rows[keep], cols[keep])
        assert len(np.unique(expected)) < n_rows  # some components of 2+ rows to find
        assert np.array_equal(forest_labels(n_rows, forests[k]), expected)
        nodes, roots = forests[k]
        assert np.all(roots <= nodes) and np.array_equal(nodes, np.unique(nodes))  # each row once, its root the smallest
    # a forest: fewer edges than the rows it touches, each an edge of the graph with its similarity
    f_rows, f_cols, f_sims = level[0]
    assert len(f_rows) < len(np.unique(np.concatenate([f_rows, f_cols])))
    given: dict[tuple[int, int], float] = {}
    for a, b, s in zip(rows.tolist(), cols.tolist(), sims.tolist()):
        given[(min(a, b), max(a, b))] = max(s, given.get((min(a, b), max(a, b)), -1.0))  # a pair drawn twice: its best edge
    assert all(given[(a, b)] == s for a, b, s in zip(f_rows.tolist(), f_cols.tolist(), f_sims.tolist()))


def test_a_forest_without_one_blocks_edges_misses_components() -> None:
    n_rows = 400
    rows, cols, sims, blocks = random_blocks(n_rows, 300, 9, seed=1)
    merged = merge_spanning_forests(*[spanning_forest(rows[b], cols[b], sims[b]) for b in blocks[1:]])
    expected = components_of(n_rows, rows, cols)
    assert not np.array_equal(forest_labels(n_rows, threshold_forests(merged, [1.0])[0]), expected)
    assert np.array_equal(forest_labels(n_rows, forest_of_edges(rows, cols)), expected)


def test_a_spanning_forest_keeps_the_most_similar_edge_of_a_cycle() -> None:
    # a triangle: the least similar edge closes the cycle and goes; the components at every cut stay
    forest = spanning_forest(np.array([0, 1, 0]), np.array([1, 2, 2]), np.array([0.9, 0.8, 0.3]))
    assert forest[0].tolist() == [0, 1] and forest[1].tolist() == [1, 2] and forest[2].tolist() == [0.9, 0.8]
    # at similarity 0.85 (distance 0.15) only claims 0 and 1 are joined; at 0.5, all three
    assert threshold_forests(forest, [0.15])[0][0].tolist() == [0, 1]
    assert threshold_forests(forest, [0.5])[0][0].tolist() == [0, 1, 2]
    # had the 0.3 edge been kept instead of the 0.8 one, the cut at 0.5 would leave claim 2 alone
    assert threshold_forests((np.array([0, 0]), np.array([1, 2]), np.array([0.9, 0.3])), [0.5])[0][0].tolist() == [0, 1]


def seed_graph(thresholds: list[float], rules: object, matrix: sparse.csr_matrix) -> sparse.coo_matrix:
    return rules.filter_graph(similarity_graph(matrix, min_similarity=1.0 - max(thresholds))).tocoo()


@pytest.mark.parametrize(("split_giant", "max_exact"), [(False, 12), (True, 12), (True, 4), (False, 1)])
def test_components_clustered_in_batches_from_partitions_give_cluster_larges_labels(split_giant: bool, max_exact: int) -> None:
    claims, _, matrix, _, _ = whole(SEEDS, {})
    _, rules = seed_rules()
    texts = claims["text"].tolist()
    graph = seed_graph(THRESHOLDS, rules, matrix)
    # the graph's edges in three blocks, the claims in four partitions of interleaved rows
    blocks = np.array_split(np.random.default_rng(5).permutation(graph.nnz), 3)
    forests = merge_spanning_forests(*[spanning_forest(graph.row[b], graph.col[b], graph.data[b]) for b in blocks])
    positions = [np.sort(group) for group in np.array_split(np.random.default_rng(6).permutation(matrix.shape[0]), 4)]
    plan = component_plan(forests, positions, THRESHOLDS, max_component_exact=max_exact, n_workers=2)
    assert len(plan.batches) >= 2
    sent = [partition_rows([texts[r] for r in rows], matrix[rows], route) for rows, route in zip(positions, plan.routes)]
    found = []
    for number, spec_rows in enumerate(plan.batches):
        pieces = [sent[p][number] for p in plan.touching[number]]
        batch_matrix, batch_texts = batch_rows(pieces)
        # the rows arrive in the batch's order, whichever partitions sent them
        assert (batch_matrix != matrix[spec_rows]).nnz == 0 and batch_texts == [texts[r] for r in spec_rows]
        found.append(cluster_batch(
            batch_matrix, rules.subset(spec_rows), plan.components[number], THRESHOLDS, linkage="average",
            max_component_exact=max_exact, split_giant=split_giant,
        ))  # fmt: skip
    labels = threshold_labels(plan.n_claims, plan.batches, found, len(THRESHOLDS))
    methods = set()
    for k, threshold in enumerate(THRESHOLDS):
        expected, n_giant = cluster_large(
            matrix, distance_threshold=threshold, max_component_exact=max_exact, graph=graph.tocsr(), split_giant=split_giant, rules=rules
        )  # fmt: skip
        assert np.array_equal(labels[k], expected), threshold
        assert plan.n_giant[k] == n_giant
        methods.add(giant_method(plan.n_giant[k], split_giant))
    assert len(methods) > 1 or max_exact == 1  # both an exact and a giant threshold were met


def test_labels_of_a_batch_left_out_differ() -> None:
    claims, _, matrix, _, _ = whole(SEEDS, {})
    _, rules = seed_rules()
    graph = seed_graph(THRESHOLDS, rules, matrix)
    forests = spanning_forest(graph.row, graph.col, graph.data)
    plan = component_plan(forests, [np.arange(matrix.shape[0])], THRESHOLDS, max_component_exact=12, n_workers=2)
    found = [
        cluster_batch(matrix[rows], rules.subset(rows), plan.components[b], THRESHOLDS, linkage="average", max_component_exact=12, split_giant=False)
        for b, rows in enumerate(plan.batches)
    ]  # fmt: skip
    expected = threshold_labels(plan.n_claims, plan.batches, found, len(THRESHOLDS))
    partial = threshold_labels(plan.n_claims, plan.batches[1:], found[1:], len(THRESHOLDS))
    assert not np.array_equal(partial[-1], expected[-1])


def test_clusters_described_in_batches_and_partitions_give_the_local_tables() -> None:
    from analysis.claims.labels import rank_clusters
    from analysis.claims.tables import _word_term, describe_clusters, describe_tables
    from analysis.engines.components import describe_part, join_descriptions

    claims, _, matrix, terms, term_words = whole(SEEDS, {})
    _, rules = seed_rules()
    texts = claims["text"].tolist()
    graph = seed_graph(THRESHOLDS, rules, matrix)
    forests = spanning_forest(graph.row, graph.col, graph.data)
    positions = [np.sort(group) for group in np.array_split(np.random.default_rng(7).permutation(matrix.shape[0]), 3)]
    plan = component_plan(forests, positions, THRESHOLDS, max_component_exact=12, n_workers=2)
    found = [
        cluster_batch(matrix[rows], rules.subset(rows), plan.components[b], THRESHOLDS, linkage="average", max_component_exact=12, split_giant=True)
        for b, rows in enumerate(plan.batches)
    ]  # fmt: skip
    stage = THRESHOLDS.index(0.85)
    labels = rank_clusters(threshold_labels(plan.n_claims, plan.batches, found, len(THRESHOLDS))[stage], claims["doc_id"].to_numpy())
    assert np.bincount(labels).max() >= 3  # clusters of several claims to describe
    pieces = [
        describe_part(matrix[rows], [texts[r] for r in rows], labels[rows], rows, terms, term_words, word_term=_word_term) for rows in plan.batches
    ]  # fmt: skip
    for rows, route in zip(positions, plan.routes):
        alone = rows[np.setdiff1d(np.arange(len(rows)), route[0])]
        pieces.append(describe_part(matrix[alone], [texts[r] for r in alone], labels[alone], alone, terms, term_words, word_term=_word_term))
    joined = join_descriptions(pieces, int(labels.max()) + 1, len(labels))
    genres = {doc_id: "reporting" for doc_id in claims["doc_id"].unique().tolist()}
    expected = describe_clusters(claims, matrix, labels, terms, term_words, genres, word_term=_word_term)
    got = describe_tables(claims, labels, joined, genres)
    for table, other in zip(expected, got):
        pd.testing.assert_frame_equal(table, other)
    # the similarities are the same floats, not merely equal once rounded
    assert np.array_equal(joined["similarity"], describe_part(matrix, texts, labels, np.arange(len(labels)), terms, term_words, word_term=_word_term)["similarity"])
    with pytest.raises(ValueError, match="do not cover every cluster"):
        join_descriptions(pieces[1:], int(labels.max()) + 1, len(labels))
