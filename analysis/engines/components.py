"""The claims stage's graph path on a cluster without gathering the similarity graph: what each task
computes (pure functions; :mod:`analysis.engines.dask_claims` runs them on the workers).

The large path of the local engine (:func:`analysis.claims.graph.cluster_large`) builds one graph
at the loosest threshold it needs, finds its connected components at the stage's threshold and at
each swept one, and clusters each component exactly. Here:

1. each block of the graph (the edges between two partitions' claims, or within one) is reduced,
   on the worker that built it, to a *maximum spanning forest* (:func:`spanning_forest`): fewer
   edges than the block's claims, and at any similarity cut its edges above the cut join exactly
   the claims the block's edges above the cut join (Kruskal: an edge left out closes a cycle of
   edges at least as similar). The block's other edges are dropped there;
2. the forests are merged in a tree of tasks (:func:`merge_spanning_forests`: the spanning forest
   of the union of spanning forests is one of the union of the graphs), so the last is a spanning
   forest of the whole graph: at most one edge per claim, whatever the graph's density;
3. :func:`component_plan` finds each row's component at each threshold from it (its smallest row:
   one integer per claim and threshold) and cuts the components of two or more claims at the loosest threshold
   into batches (a stricter threshold's components lie inside the loosest's, so one batch serves
   every threshold), with the rows each partition must send to each batch;
4. :func:`cluster_batch` gets a batch's rows (TF-IDF vectors and texts, fetched from the
   partitions: :func:`batch_rows`), builds the veto rules for them alone and clusters, at every
   threshold, each component in it as :func:`~analysis.claims.graph.cluster_large` does: a pair
   merged when its distance is under the threshold, 3 to ``max_claims_exact`` claims exactly, a
   larger one kept whole or split at stricter thresholds (its graph rebuilt from its own rows);
5. :func:`threshold_labels` joins the batches' labels into each threshold's clusters (every row
   outside a batch is a cluster of its own), in the local engine's first-appearance numbering;
6. with the stage threshold's clusters ranked, each batch and each partition (for its rows outside
   every batch: clusters of one claim) describes its whole clusters from its own rows
   (:func:`describe_part`: medoids, similarities, labels), and :func:`join_descriptions` puts the
   pieces in cluster order for the tables, which then read no vector.

The clusters are the local engine's: a cluster never spans two components, the components are
those of the same edges (same pairs, same floats: :func:`~analysis.claims.graph.cross_edges`), and
each component is clustered from the same rows by the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

from analysis.engines.stagefuncs import (
    SIMILARITY_TOLERANCE,
    PairRules,
    cluster_pieces,
    describe_vectors,
    first_appearance_labels,
    groups_of,
    row_dots,
    similarity_graph,
    small_component_labels,
    split_component,
)

Forest = tuple[np.ndarray, np.ndarray]
"""The rows of a graph's components of two or more claims (ascending) and each one's component root
(the component's smallest row)."""

SpanningForest = tuple[np.ndarray, np.ndarray, np.ndarray]
"""Edges (smaller claim row, larger claim row, similarity) of a maximum spanning forest."""

SPLIT_STEP = 0.05
"""Distance step of a giant component's split: :func:`~analysis.claims.graph.cluster_large`'s default."""

PIECE_ROWS_PER_TASK = 4000
"""Claims per batch at most (a batch is a few MB of rows and a few seconds of work; on a 12 MB
corpus of recurring paragraphs, some 3,000 components of 3+ claims per threshold, 6 ms each:
docs/PROFILING.md). A component larger than this is a batch of its own."""

BATCHES_PER_WORKER = 4
"""At least this many batches per worker where the rows allow, so a slow batch leaves none idle."""


def _empty_forest() -> Forest:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def forest_of_edges(rows: np.ndarray, cols: np.ndarray) -> Forest:
    """The :data:`Forest` of the graph whose edges join ``rows[k]`` and ``cols[k]`` (claim rows)."""
    if not len(rows):
        return _empty_forest()
    nodes, inverse = np.unique(np.concatenate([rows, cols]).astype(np.int64), return_inverse=True)
    n_edges = len(rows)
    graph = sparse.csr_matrix((np.ones(n_edges, dtype=np.int8), (inverse[:n_edges], inverse[n_edges:])), shape=(len(nodes), len(nodes)))
    _, component = connected_components(graph, directed=False)
    # nodes ascend, so each component's first node is its smallest row
    _, first = np.unique(component, return_index=True)
    return nodes, nodes[first][component]


def spanning_forest(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray) -> SpanningForest:
    """A maximum spanning forest of the graph whose edges join ``rows[k]`` and ``cols[k]`` (claim
    rows) with similarity ``sims[k]``; a pair given twice (by two merged forests) counts once, at its
    larger similarity."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    low, high = np.minimum(rows, cols).astype(np.int64), np.maximum(rows, cols).astype(np.int64)
    nodes, inverse = np.unique(np.concatenate([low, high]), return_inverse=True)
    n_edges, n_nodes = len(low), len(nodes)
    all_keys, sims = inverse[:n_edges] * n_nodes + inverse[n_edges:], np.asarray(sims, dtype=np.float64)
    by_key = np.lexsort((-sims, all_keys))  # a pair's most similar edge first: the one that joins at most cuts
    key, first = np.unique(all_keys[by_key], return_index=True)
    sims = sims[by_key][first]
    # the similarities' ranks as weights, most similar lightest: a minimum spanning forest of them is
    # a maximum one of the similarities, every distinct similarity kept apart (no rounding of 2 - s)
    distinct, rank = np.unique(sims, return_inverse=True)
    weights = (len(distinct) - rank).astype(np.float64)
    graph = sparse.csr_matrix((weights, (key // n_nodes, key % n_nodes)), shape=(n_nodes, n_nodes))
    tree = minimum_spanning_tree(graph).tocoo()
    tree_key = np.minimum(tree.row, tree.col).astype(np.int64) * n_nodes + np.maximum(tree.row, tree.col)
    kept = np.searchsorted(key, tree_key)
    order = np.argsort(key[kept], kind="stable")
    kept = kept[order]
    return nodes[key[kept] // n_nodes], nodes[key[kept] % n_nodes], sims[kept]


def merge_spanning_forests(*parts: SpanningForest) -> SpanningForest:
    """Several blocks' spanning forests as one: a maximum spanning forest of the union of their
    graphs. Associative and commutative up to ties, and the components at any cut are the same
    whichever tree of merges made it."""
    return spanning_forest(*(np.concatenate([part[k] for part in parts]) for k in range(3)))


def edge_cuts(thresholds: list[float]) -> np.ndarray:
    """The smallest similarity an edge keeps at each distance threshold (as the local path prunes its graph)."""
    return 1.0 - np.asarray(thresholds, dtype=np.float64) - SIMILARITY_TOLERANCE


def threshold_forests(forest: SpanningForest, thresholds: list[float]) -> list[Forest]:
    """The components (:data:`Forest`) of a spanning forest's edges at each distance threshold."""
    rows, cols, sims = forest
    return [forest_of_edges(rows[sims >= cut], cols[sims >= cut]) for cut in edge_cuts(thresholds)]


@dataclass
class ComponentPlan:
    """Each threshold's components and the batches that cluster them (:func:`component_plan`)."""

    thresholds: list[float]
    n_claims: int
    n_giant: list[int]
    """Per threshold, the components above ``max_claims_exact`` claims (the sweep's method)."""
    batches: list[np.ndarray] = field(default_factory=list)
    """Each batch's claim rows: components of the loosest threshold in turn, rows ascending within each."""
    components: list[np.ndarray] = field(default_factory=list)
    """Per batch, thresholds x rows: each row's component (its smallest row) at each threshold."""
    routes: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    """Per partition: its rows (positions in the partition) that go to a batch, the batch, and the place there."""
    touching: list[list[int]] = field(default_factory=list)
    """Per batch, the partitions holding its rows."""

    def outline(self) -> tuple[list[int], list[list[int]]]:
        """What the client needs to submit the batches: the giant counts and each batch's partitions."""
        return self.n_giant, self.touching


def component_plan(
    forest: SpanningForest, positions: list[np.ndarray], thresholds: list[float], *, max_component_exact: int, n_workers: int
) -> ComponentPlan:
    """Batches of the components of two or more claims at the loosest threshold (``thresholds``
    ascend; ``forest`` the graph's merged spanning forest; ``positions`` each partition's claim
    rows in the corpus's order, :func:`~analysis.claims.partitioned.row_positions`)."""
    forests = threshold_forests(forest, thresholds)
    n_claims = int(sum(len(rows) for rows in positions))
    component = []
    n_giant = []
    for nodes, roots in forests:
        of_row = np.arange(n_claims, dtype=np.int64)
        of_row[nodes] = roots
        component.append(of_row)
        # as cluster_large counts them: components of three or more claims above the limit
        n_giant.append(int((np.bincount(of_row, minlength=n_claims) > max(max_component_exact, 2)).sum()))
    plan = ComponentPlan(list(thresholds), n_claims, n_giant)
    if not n_claims or not len(forests):
        plan.routes = [(np.zeros(0, dtype=np.int64),) * 3 for _ in positions]
        return plan
    loosest = component[-1]
    members = np.flatnonzero(np.bincount(loosest, minlength=n_claims)[loosest] >= 2)
    rows_per_batch = max(1, min(PIECE_ROWS_PER_TASK, -(-len(members) // (BATCHES_PER_WORKER * max(1, n_workers)))))
    batches: list[list[np.ndarray]] = []
    size = rows_per_batch
    for group in groups_of(loosest, members):
        if size >= rows_per_batch:
            batches.append([])
            size = 0
        batches[-1].append(group)
        size += len(group)
    plan.batches = [np.concatenate(groups) for groups in batches]
    plan.components = [np.stack([of_row[rows] for of_row in component]) for rows in plan.batches]
    batch_of_row = np.full(n_claims, -1, dtype=np.int64)
    place = np.zeros(n_claims, dtype=np.int64)
    for number, rows in enumerate(plan.batches):
        batch_of_row[rows] = number
        place[rows] = np.arange(len(rows))
    touching: list[set[int]] = [set() for _ in plan.batches]
    for partition, rows in enumerate(positions):
        local = np.flatnonzero(batch_of_row[rows] >= 0)
        batch = batch_of_row[rows[local]]
        plan.routes.append((local, batch, place[rows[local]]))
        for number in np.unique(batch).tolist():
            touching[number].add(partition)
    plan.touching = [sorted(partitions) for partitions in touching]
    return plan


def partition_rows(texts: list[str], matrix: sparse.csr_matrix, route: tuple[np.ndarray, np.ndarray, np.ndarray]) -> dict[int, tuple[np.ndarray, sparse.csr_matrix, list[str]]]:
    """A partition's rows for each batch that needs some (its ``route`` from :func:`component_plan`):
    their places in the batch, TF-IDF rows and texts."""
    return {number: batch_piece(texts, matrix, route, number) for number in np.unique(route[1]).tolist()}


def batch_piece(texts: list[str], matrix: sparse.csr_matrix, route: tuple[np.ndarray, np.ndarray, np.ndarray], number: int) -> tuple[np.ndarray, sparse.csr_matrix, list[str]]:
    """A partition's rows for one batch (``number``; its ``route`` from :func:`component_plan`): their
    places in the batch, TF-IDF rows and texts (:func:`partition_rows`'s entry for that batch, made
    alone so that no task holds a partition's rows for every batch at once)."""
    local, batch, place = route
    mine = local[batch == number]
    return place[batch == number], matrix[mine], [texts[row] for row in mine.tolist()]


def batch_rows(pieces: list[tuple[np.ndarray, sparse.csr_matrix, list[str]]]) -> tuple[sparse.csr_matrix, list[str]]:
    """A batch's rows and texts in the batch's order, from the pieces its partitions sent."""
    places = np.concatenate([piece[0] for piece in pieces])
    order = np.argsort(places, kind="stable")
    matrix = sparse.vstack([piece[1] for piece in pieces], format="csr")[order]
    texts = [text for piece in pieces for text in piece[2]]
    return sparse.csr_matrix(matrix), [texts[i] for i in order.tolist()]


def cluster_batch(
    matrix: sparse.csr_matrix,
    rules: PairRules | None,
    components: np.ndarray,
    thresholds: list[float],
    *,
    linkage: str,
    max_component_exact: int,
    split_giant: bool,
) -> np.ndarray:
    """Thresholds x rows: each batch row's cluster at each threshold (numbers unique within the
    batch), its components clustered as :func:`~analysis.claims.graph.cluster_large` clusters them."""
    labels = np.full(components.shape, -1, dtype=np.int64)
    for k, threshold in enumerate(thresholds):
        next_label = 0
        pieces: list[np.ndarray] = []  # clustered exactly, all at once
        for members in groups_of(components[k], np.arange(matrix.shape[0])):
            if len(members) == 1:
                parts = [(members, np.zeros(1, dtype=np.int64))]
            elif len(members) == 2:
                # as cluster_large decides a component of two claims: merged iff under the threshold
                merged = 1.0 - row_dots(matrix, members[:1], members[1:])[0] < threshold
                parts = [(members, np.array([0, 0 if merged else 1]))]
            elif len(members) <= max_component_exact:
                parts = [(members, None)]
            else:
                split = [members]
                if split_giant:
                    graph = similarity_graph(matrix[members], min_similarity=1.0 - threshold)
                    graph = rules.subset(members).filter_graph(graph) if rules is not None else graph
                    split = [members[piece] for piece in split_component(graph, np.arange(len(members)), 1.0 - threshold, max_component_exact, SPLIT_STEP)]
                parts = [
                    (piece, small_component_labels(matrix, piece, threshold) if len(piece) <= 2 or len(piece) > max_component_exact else None)
                    for piece in split
                ]  # fmt: skip
            for piece, sub in parts:
                if sub is None:
                    pieces.append(piece)
                else:
                    labels[k, piece] = sub + next_label
                    next_label += int(sub.max()) + 1
        clustered = cluster_pieces(matrix, pieces, distance_threshold=threshold, linkage=linkage, rules=rules)
        for piece, sub in zip(pieces, clustered):
            labels[k, piece] = sub + next_label
            next_label += int(sub.max()) + 1
    return labels


def threshold_labels(n_claims: int, batches: list[np.ndarray], batch_labels: list[np.ndarray], n_thresholds: int) -> list[np.ndarray]:
    """Each threshold's cluster labels of all claims in first-appearance order (the local engine's
    numbering before ranking): a batch's clusters as it found them, every other row alone."""
    out = []
    for k in range(n_thresholds):
        labels = np.arange(n_claims, dtype=np.int64)
        offset = n_claims
        for rows, found in zip(batches, batch_labels):
            labels[rows] = found[k] + offset
            offset += int(found[k].max()) + 1 if len(rows) else 0
        out.append(first_appearance_labels(labels))
    return out


def giant_method(n_giant: int, split_giant: bool) -> str:
    """The sweep's ``method`` on the graph path (:func:`~analysis.claims.graph.cluster_claims`)."""
    if not n_giant:
        return "graph"
    return "graph+split" if split_giant else "graph+whole"


def gather_rows(pieces: list[tuple[np.ndarray, Any]], n_rows: int, n_terms: int) -> sparse.csr_matrix:
    """Rows fetched from several partitions (each piece: the rows' places in the result and the rows)
    in one matrix, in place order."""
    if not pieces:
        return sparse.csr_matrix((n_rows, n_terms))
    places = np.concatenate([piece[0] for piece in pieces])
    order = np.argsort(places, kind="stable")
    return sparse.csr_matrix(sparse.vstack([piece[1] for piece in pieces], format="csr")[order])


def describe_part(
    matrix: sparse.csr_matrix,
    texts: list[str],
    cluster_ids: np.ndarray,
    rows: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    *,
    word_term: Any,
) -> dict[str, np.ndarray]:
    """:func:`~analysis.claims.tables.describe_vectors` of whole clusters among some claims (their
    TF-IDF rows, texts, ranked cluster ids and corpus rows; each cluster's rows in the corpus's
    order, as a batch and a partition hold them), medoids named by corpus row."""
    if not len(rows):
        nothing = np.zeros(0, dtype=np.int64)
        return {"cluster_id": nothing, "medoid": nothing, "representative": np.array([], dtype=object), "short_label": np.array([], dtype=object),
                "label": np.array([], dtype=object), "rows": nothing, "similarity": np.zeros(0)}  # fmt: skip
    ids, local = np.unique(cluster_ids, return_inverse=True)
    described = describe_vectors(matrix, local, pd.Series(texts, dtype=object), terms, term_words, word_term=word_term)
    return {
        "cluster_id": ids, "medoid": rows[described["medoid"]], "representative": np.asarray(described["representative"], dtype=object),
        "short_label": np.asarray(described["short_label"], dtype=object), "label": np.asarray(described["label"], dtype=object),
        "rows": rows, "similarity": described["similarity"],
    }  # fmt: skip


def join_descriptions(pieces: list[dict[str, np.ndarray]], n_clusters: int, n_claims: int) -> dict[str, np.ndarray]:
    """:func:`describe_part` pieces covering every cluster and claim once, in cluster and row order:
    what :func:`~analysis.claims.tables.describe_tables` reads."""
    joined: dict[str, np.ndarray] = {
        "medoid": np.full(n_clusters, -1, dtype=np.int64), "similarity": np.full(n_claims, np.nan),
        "representative": np.empty(n_clusters, dtype=object), "short_label": np.empty(n_clusters, dtype=object),
        "label": np.empty(n_clusters, dtype=object),
    }  # fmt: skip
    for piece in pieces:
        for key in ("medoid", "representative", "short_label", "label"):
            joined[key][piece["cluster_id"]] = piece[key]
        joined["similarity"][piece["rows"]] = piece["similarity"]
    if (joined["medoid"] < 0).any() or np.isnan(joined["similarity"]).any():
        raise ValueError("the described pieces do not cover every cluster and claim")
    joined["short_label"] = joined["short_label"].tolist()
    joined["label"] = joined["label"].tolist()
    return joined
