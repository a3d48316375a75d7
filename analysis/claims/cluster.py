"""The exact clustering path: agglomerative clustering on the full cosine distance matrix.

Up to ``max_claims_exact`` claims, agglomerative clustering (scikit-learn's
``AgglomerativeClustering`` tree and cut, built with scipy's ``linkage``) runs on the full cosine
distance matrix (memory quadratic in the number of claims); larger corpora take the sparse graph
of :mod:`analysis.claims.graph`, which gives the same clusters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from analysis.claims.rules import PairRules


DIFFERENT_STATEMENTS = 1
"""A code of :meth:`PairRules.veto_block`: the same-statement decision judged the pair two different
statements. The pair is put at distance 1 (as far apart as two claims sharing no term): a cluster
may still hold both when its other claims are close to each, so one judgement between two claims of
a recurring claim does not split it."""
KEPT_APART = 2
"""A code of :meth:`PairRules.veto_block`: a rule keeps the pair apart (different figures, a denial,
one shared phrase, or a hand rule): :func:`cannot_link_distance`, so no cluster holds it."""


def _apply_vetoes(distance: np.ndarray, veto: np.ndarray, n_rows: int) -> None:
    """Set the vetoed pairs' distances in place: a boolean ``veto`` keeps every marked pair apart; an
    integer one holds :data:`DIFFERENT_STATEMENTS` and :data:`KEPT_APART` codes."""
    if veto.dtype == bool:
        distance[veto] = cannot_link_distance(n_rows)
        return
    distance[veto == DIFFERENT_STATEMENTS] = 1.0
    distance[veto == KEPT_APART] = cannot_link_distance(n_rows)


def cannot_link_distance(n_rows: int) -> float:
    """The distance given to a pair the rules keep apart, among ``n_rows`` claims: large enough that
    no cluster holding such a pair can form under average or complete linkage.

    The average linkage distance of two clusters A and B is the mean of their |A| x |B| pair
    distances, and |A| x |B| <= n_rows**2 / 4; one pair at ``4 * n_rows**2`` puts that mean at 16 or
    more, above any threshold (a threshold lies below 1). A distance of 1 (the largest cosine
    distance of two TF-IDF vectors) was not enough: averaged with many close pairs it let a cluster
    hold a vetoed pair. Single linkage merges on the closest pair alone, so under it the rules only
    remove the direct link.
    """
    return 4.0 * max(n_rows, 1) ** 2


def cosine_distances_dense(matrix: sparse.csr_matrix, veto: np.ndarray | None = None) -> np.ndarray:
    """Full cosine distance matrix of L2-normalised rows, symmetric, zero diagonal, within [0, 2];
    pairs marked in ``veto`` (:meth:`PairRules.veto_block`'s codes, or booleans) are at distance 1
    (:data:`DIFFERENT_STATEMENTS`) or :func:`cannot_link_distance` apart (so the result may then exceed 2)."""
    (matrix,) = compact_columns(sparse.csr_matrix(matrix))
    # in place: at the exact path's 5,000 claims each n x n copy is 200 MB
    distance = (matrix @ matrix.T).toarray()
    np.subtract(1.0, distance, out=distance)
    np.clip(distance, 0.0, 2.0, out=distance)
    distance += distance.T  # sparse sums may differ in the last bit between (i, j) and (j, i)
    distance /= 2
    if veto is not None:
        _apply_vetoes(distance, veto, matrix.shape[0])
    np.fill_diagonal(distance, 0.0)
    return distance


def condensed_cosine_distances(matrix: sparse.csr_matrix, veto: np.ndarray | None = None, *, band_cells: int = 1 << 21) -> np.ndarray:
    """:func:`cosine_distances_dense` in scipy's condensed form (the upper triangle row by row, as
    ``squareform`` gives it), equal to the last bit, built a band of rows at a time (about
    ``band_cells`` entries): the full square and its copies were the exact path's peak memory.

    A sparse product sums each entry over the left row's terms in order, so a band's products equal
    the full product's rows, and the transposed entries (j, i) come from the band as right operand.
    """
    (matrix,) = compact_columns(sparse.csr_matrix(matrix))
    n_rows = matrix.shape[0]
    out = np.empty(n_rows * (n_rows - 1) // 2)
    matrix_t = matrix.T.tocsr()
    step = max(1, band_cells // max(n_rows, 1))
    position = 0
    for start in range(0, n_rows, step):
        stop = min(start + step, n_rows)
        band = matrix[start:stop]
        distance = (band @ matrix_t).toarray()
        np.subtract(1.0, distance, out=distance)
        np.clip(distance, 0.0, 2.0, out=distance)
        if stop - start == n_rows:  # one band: the square's own transpose (most components are small)
            distance += distance.T  # sparse sums may differ in the last bit between (i, j) and (j, i)
        else:
            mirrored = (matrix @ band.T).toarray().T
            np.subtract(1.0, mirrored, out=mirrored)
            np.clip(mirrored, 0.0, 2.0, out=mirrored)
            distance += mirrored
            del mirrored
        distance /= 2
        if veto is not None:
            _apply_vetoes(distance, veto[start:stop], n_rows)
        for offset, row in enumerate(range(start, stop)):
            length = n_rows - row - 1
            out[position : position + length] = distance[offset, row + 1 :]
            position += length
    return out


def compact_columns(*matrices: sparse.csr_matrix) -> tuple[sparse.csr_matrix, ...]:
    """The same rows over only the columns any of them uses (in the same order), so that products
    of a few rows of a vocabulary-wide matrix cost what the rows hold, not the vocabulary's width
    (scipy's transpose and product allocate per column). Dot products between rows are unchanged."""
    used = np.unique(np.concatenate([m.indices for m in matrices]))
    compact = []
    for matrix in matrices:
        matrix = sparse.csr_matrix(matrix)
        indices = np.searchsorted(used, matrix.indices)
        compact.append(sparse.csr_matrix((matrix.data, indices, matrix.indptr), shape=(matrix.shape[0], len(used))))
    return tuple(compact)


def cluster_exact(
    matrix: sparse.csr_matrix,
    *,
    distance_threshold: float,
    linkage: str = "average",
    rules: PairRules | None = None,
    rows: np.ndarray | None = None,
    tree: np.ndarray | None = None,
) -> np.ndarray:
    """Agglomerative clustering on cosine distance, labels in first-appearance order.

    The tree and cut of scikit-learn's ``AgglomerativeClustering(metric="precomputed",
    distance_threshold=...)``, which builds the tree with scipy's ``linkage`` and undoes every
    merge at or above the threshold; scipy is called directly because the graph path clusters
    thousands of small components, where the wrapper's per-call checks cost more than the
    clustering (a test holds the two equal). Distances come from the sparse TF-IDF product, without
    densifying the claim × vocabulary matrix. With ``rules``, the pairs they veto are at
    :func:`cannot_link_distance`, so under average or complete linkage no cluster holds one
    (``rows``: the claim row of each row of ``matrix`` in the rules' numbering; default 0, 1, 2 ...).
    The tree does not depend on the threshold: ``tree``, from :func:`linkage_tree` on the same
    claims, linkage and rules, is cut instead of built again (the sweep cuts one tree many times).
    """
    n_rows = matrix.shape[0]
    if n_rows < 2:
        return np.zeros(n_rows, dtype=np.int64)
    tree = linkage_tree(matrix, linkage=linkage, rules=rules, rows=rows) if tree is None else tree
    return cut_tree(tree, n_rows, distance_threshold)


def linkage_tree(
    matrix: sparse.csr_matrix, *, linkage: str = "average", rules: PairRules | None = None, rows: np.ndarray | None = None
) -> np.ndarray:
    """scipy's linkage tree of the claims' cosine distances, vetoed pairs at :func:`cannot_link_distance`."""
    from scipy.cluster.hierarchy import linkage as scipy_linkage

    n_rows = matrix.shape[0]
    if n_rows < 2:
        return np.zeros((0, 4))
    veto = None
    if rules is not None and rules.active:
        veto = rules.veto_block(np.arange(n_rows) if rows is None else np.asarray(rows))
    distances = condensed_cosine_distances(matrix, veto)
    del veto
    return scipy_linkage(distances, method=linkage)


def cut_tree(tree: np.ndarray, n_rows: int, distance_threshold: float) -> np.ndarray:
    """First-appearance labels of a linkage tree over ``n_rows`` rows, every merge at or above the threshold undone."""
    if n_rows < 2:
        return np.zeros(n_rows, dtype=np.int64)
    n_merges = n_rows - 1 - int(np.count_nonzero(tree[:, 2] >= distance_threshold))
    # Node n_rows + k is the k-th merge; each node points to the merge that absorbed it.
    parent = np.arange(2 * n_rows - 1)
    merged = tree[:n_merges, :2].astype(np.int64)
    parent[merged[:, 0]] = parent[merged[:, 1]] = n_rows + np.arange(n_merges)
    while True:
        grandparent = parent[parent]
        if np.array_equal(grandparent, parent):
            return first_appearance_labels(parent[:n_rows])
        parent = grandparent


def row_runs(indptr: np.ndarray, max_entries: int) -> Iterator[tuple[int, int]]:
    """Consecutive row ranges ``(first, stop)`` of a CSR matrix holding about ``max_entries``
    entries each (at least one row each): how the claims stage walks a large matrix in bounded
    memory, whole rows at a time so that per-row sums keep their order."""
    n_rows, first = len(indptr) - 1, 0
    while first < n_rows:
        stop = max(int(np.searchsorted(indptr, indptr[first] + max_entries, side="right")) - 1, first + 1)
        yield first, min(stop, n_rows)
        first = stop


def kept_indptr(indptr: np.ndarray, kept: np.ndarray, *, chunk: int = 1 << 18) -> np.ndarray:
    """The row pointers of the entries ``kept`` marks, in ``indptr``'s type: the running count of
    kept entries at each row's start, counted about ``chunk`` entries at a time (a running count over
    every entry at once, beside the matrix's kept columns, was the veto rules' peak on a long
    article; the veto rules and the graph's prefix split both keep entries so)."""
    out = np.zeros(len(indptr), dtype=indptr.dtype)
    carried = 0
    for first, stop in row_runs(indptr, chunk):
        begin, end = int(indptr[first]), int(indptr[stop])
        running = np.zeros(end - begin + 1, dtype=indptr.dtype)
        np.cumsum(kept[begin:end], dtype=indptr.dtype, out=running[1:])
        out[first + 1 : stop + 1] = running[indptr[first + 1 : stop + 1] - begin]
        out[first + 1 : stop + 1] += carried
        carried += int(running[-1])
    return out


def row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, chunk: int = 1 << 15) -> np.ndarray:
    """Exact dot products ``matrix[rows[k]] . matrix[cols[k]]``, ``chunk`` pairs at a time.

    Each chunk gathers the full rows of both sides: at 200,000 pairs a chunk of a long article's
    claims (some 40 terms each) was two copies of 8 million entries, the similarity graph's peak.
    """
    out = np.zeros(len(rows))
    for begin in range(0, len(rows), chunk):
        end = begin + chunk
        out[begin:end] = np.asarray(matrix[rows[begin:end]].multiply(matrix[cols[begin:end]]).sum(axis=1)).ravel()
    return out


def first_appearance_labels(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0, 1, 2, ... in the order their first member appears."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse.ravel()]
