"""The large-corpus path: a sparse similarity graph, its components clustered exactly, and the
choice between this path and the exact one (:func:`cluster_claims`).

Two clustering paths give the same clusters:

- up to ``max_claims_exact`` claims, agglomerative clustering (scikit-learn's
  ``AgglomerativeClustering`` tree and cut, built with scipy's ``linkage``) on the full cosine
  distance matrix (memory quadratic in the number of claims);
- above it, a sparse graph that links every pair of claims with cosine similarity at least
  ``1 - distance_threshold`` (built in row blocks, pruned inside each block), split into connected
  components, and the same agglomerative clustering run inside each component.

Why the second path is exact and not an approximation: with average (or complete, or single)
linkage, two clusters merge only when their linkage distance is below the threshold, and the
linkage distance is never smaller than the smallest distance between their members. So no
cluster can span two components of the threshold graph, and clustering each component on its
own gives the clusters of the whole.

The one approximation: a component larger than ``max_claims_exact`` (on a large corpus at a loose
threshold, sentences chain into topic-sized components) is not clustered exactly. By default it is
kept whole (a single-linkage cluster, method ``graph+whole``). With ``split_giant`` it is cut by
raising the graph's similarity cut in steps of 0.05 (distance) until every piece fits, and each
piece is clustered exactly at the real threshold (method ``graph+split``): clusters inside a
piece are exact, but no cluster can join claims of two pieces, even where average linkage over
the whole component would have. :func:`compare_methods` measures the effect (adjusted Rand index
against the exact path; figures in docs/benchmarks/claims.md).

The graph uses prefix filtering (Bayardo, Ma and Srikant 2007, "Scaling up all pairs similarity
search"): terms are ordered from most to least frequent, and each vector's most frequent terms
are left out of the candidate product as long as their norm stays below ``prefix_share`` times the
similarity cut ``s``. Two vectors always share a term outside both left-out prefixes when their
similarity reaches ``s``, so no pair is missed; and since every shared term outside the suffixes
lies before the later prefix end, ``x.y <= suffix_x.suffix_y + max(|prefix_x|, |prefix_y|)``,
which discards almost every candidate before the survivors are scored exactly. A prefix share
below 1 enlarges the (cheap, multi-threaded) candidate product but makes that bound bite: on
50,000 think-tank claims at distance 0.75 it cut the pairs to score from 22 million to 0.35
million. The frequent terms ("russia", "ukraine") that would make the product quadratic rarely
enter it, so no ``max_df`` cut is needed for speed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from analysis.claims.cluster import cluster_exact, cosine_distances_dense, first_appearance_labels, kept_indptr, row_dots, row_runs
from analysis.claims.columns import SIMILARITY_TOLERANCE
from analysis.claims.rules import PairRules
from analysis.heap import release_free_heap
from analysis.tfidf import index_dtype_for, term_counts


PARTITION_ENTRIES = 1 << 19
"""Suffix entries in one partition of the similarity graph's rows: the part of the suffix transposed
at a time (12 bytes an entry, beside 4 bytes a term for its pointers). The whole suffix's transpose,
a near copy of the matrix, was the claims stage's peak on one long article (docs/PROFILING.md)."""


def similarity_graph(
    matrix: sparse.csr_matrix,
    *,
    min_similarity: float,
    max_block_work: float = 2.5e5,
    prefix_share: float = 0.8,
    n_jobs: int = 1,
    partition_entries: int = PARTITION_ENTRIES,
) -> sparse.csr_matrix:
    """Upper-triangular sparse matrix of every pair of rows with cosine similarity >= ``min_similarity``.

    Rows must be L2-normalised. Exact (no pair is missed or invented): candidates come from the
    prefix-filtered suffix product, are pruned with an upper bound and the survivors scored exactly
    (see the module docstring). ``prefix_share`` (0 < share <= 1) caps each row's left-out prefix at
    a norm of ``prefix_share * min_similarity``: a smaller share makes the candidate product larger
    but lets the bound discard almost every candidate before exact scoring.

    The rows are cut into partitions of about ``partition_entries`` suffix entries; one partition's
    suffix is transposed at a time, and the rows up to the partition's end are multiplied with it,
    so each pair (row < col) is a candidate of the one partition that holds its col: no
    transpose of the whole suffix is held, and the pairs below the diagonal, which the whole
    transpose made and threw away, are not made outside the partition. Those rows are processed in
    blocks whose candidate product is estimated to stay under ``max_block_work`` entries, so memory
    stays near-linear in rows plus kept pairs (a block's candidates and their temporaries take
    some 50 bytes each, so the default budget holds a block to about 12 MB; at 10^7, then at 10^6,
    the block was the claims stage's peak on one long article, and on the think-tank claims the
    smaller blocks were no slower, measured in the commits that set it); ``n_jobs`` threads work on blocks at
    once (scipy's sparse product releases the GIL). Each pair's similarity is computed from its two
    rows alone, so the result (pairs and floats) depends neither on the partitions, the blocks nor
    ``n_jobs``.
    """
    if not 0 < prefix_share <= 1:
        raise ValueError(f"prefix_share must lie in (0, 1], got {prefix_share}")
    n_rows = matrix.shape[0]
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    matrix.sort_indices()
    # The suffix is kept as a mask over the matrix's entries: each partition's transpose is built
    # straight from them and each block's rows are cut when the block runs. A whole suffix beside
    # its transpose (and a running sum over every entry for the work estimate) was the similarity
    # graph's peak on one long article, where at a low cut nearly every entry is in the suffix
    # (docs/PROFILING.md).
    prefix_norm, in_prefix = _prefix_mask(matrix, prefix_share * min_similarity)
    in_suffix = ~in_prefix
    del in_prefix
    release_free_heap()  # the frequency rank's and the prefix split's temporaries, freed before the transposes
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for part_start, part_stop in row_runs(kept_indptr(matrix.indptr, in_suffix), partition_entries):
        suffix_t = _suffix_transposed(matrix, in_suffix, rows=(part_start, part_stop))
        # A row's share of the candidate product: how many of the partition's rows hold each of its
        # suffix terms (in the pointers' integer type: made float a chunk at a time by _row_work).
        work = _row_work(matrix, in_suffix, np.diff(suffix_t.indptr), stop=part_stop)  # only for block bounds: rounding is harmless
        blocks = list(_blocks(work, max_block_work))
        del work
        pieces += Parallel(n_jobs=min(n_jobs, len(blocks)) or 1, backend="threading")(
            delayed(_block_edges)(matrix, in_suffix, suffix_t, prefix_norm, start, stop, part_start, min_similarity) for start, stop in blocks
        )
        del suffix_t
    rows = np.concatenate([piece[0] for piece in pieces] + [np.zeros(0, dtype=np.int64)])
    cols = np.concatenate([piece[1] for piece in pieces] + [np.zeros(0, dtype=np.int64)])
    sims = np.concatenate([piece[2] for piece in pieces] + [np.zeros(0)])
    return sparse.csr_matrix((sims, (rows, cols)), shape=(n_rows, n_rows))


def frequency_rank(doc_freq: np.ndarray) -> np.ndarray:
    """Each term's place when terms are ordered most frequent first (ties by index): the prefix order.

    In the smallest index type that holds the counts and the ranks (:func:`index_dtype_for`): as
    int64, the counts, their negation and the ranks were four arrays over the vocabulary (1.45
    million terms on a 20 MB article) at the prefix split's peak (docs/PROFILING.md)."""
    doc_freq = np.asarray(doc_freq)
    index_dtype = index_dtype_for(max(len(doc_freq), int(doc_freq.max()) if len(doc_freq) else 0))
    negated = doc_freq.astype(index_dtype)
    np.negative(negated, out=negated)
    order = np.argsort(negated, kind="stable")
    del negated
    term_rank = np.empty(len(doc_freq), dtype=index_dtype)
    term_rank[order] = np.arange(len(doc_freq), dtype=index_dtype)
    return term_rank


def split_prefix(matrix: sparse.csr_matrix, min_similarity: float, term_rank: np.ndarray, *, prefix_share: float = 0.8) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Some rows' prefix norms and suffixes, terms ordered by ``term_rank`` (:func:`frequency_rank` of
    the whole corpus's document frequencies): what :func:`similarity_graph` computes for all rows,
    for a partition of them (:func:`cross_edges`)."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    matrix.sort_indices()
    return _split_prefix(matrix, prefix_share * min_similarity, term_rank=term_rank)


def cross_edges(
    left: sparse.csr_matrix,
    right: sparse.csr_matrix,
    left_split: tuple[np.ndarray, sparse.csr_matrix],
    right_split: tuple[np.ndarray, sparse.csr_matrix],
    *,
    min_similarity: float,
    same: bool,
    max_block_work: float = 2.5e5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (left row, right row, similarity) between two sets of rows with cosine similarity at
    least ``min_similarity``, from their :func:`split_prefix` parts; with ``same`` (``left`` is
    ``right``), only left row < right row. A block of :func:`similarity_graph` between two
    partitions of the claims: the same pairs and, each pair's similarity computed from the same two
    rows as there, the same floats (the prefix filter is exact whatever the term order, and the
    order is the corpus's in both)."""
    left, right = sparse.csr_matrix(left, dtype=np.float64), sparse.csr_matrix(right, dtype=np.float64)
    left.sort_indices()
    right.sort_indices()
    left_prefix, left_suffix = left_split
    right_prefix, right_suffix = right_split
    suffix_t = right_suffix.T.tocsr()
    suffix_df = np.diff(suffix_t.indptr).astype(np.float64)
    summed = np.concatenate(([0.0], np.cumsum(suffix_df[left_suffix.indices])))
    work = summed[left_suffix.indptr[1:]] - summed[left_suffix.indptr[:-1]]
    del summed
    pieces = [(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))]
    for start, stop in _blocks(work, max_block_work):
        rows, cols = _bounded_candidates(left_suffix[start:stop], suffix_t, start, 0, left_prefix, right_prefix, min_similarity, upper=same)
        sims = _pair_dots(left, right, rows, cols)
        keep = sims >= min_similarity - SIMILARITY_TOLERANCE
        pieces.append((rows[keep], cols[keep], sims[keep]))
    return tuple(np.concatenate([piece[k] for piece in pieces]) for k in range(3))  # type: ignore[return-value]


def _pair_dots(left: sparse.csr_matrix, right: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, chunk: int = 1 << 15) -> np.ndarray:
    """``left[rows[k]] . right[cols[k]]``, computed as :func:`row_dots` computes it within one matrix."""
    out = np.zeros(len(rows))
    for begin in range(0, len(rows), chunk):
        end = begin + chunk
        out[begin:end] = np.asarray(left[rows[begin:end]].multiply(right[cols[begin:end]]).sum(axis=1)).ravel()
    return out


def _split_prefix(
    matrix: sparse.csr_matrix, max_prefix_norm: float, *, chunk: int = 1 << 18, term_rank: np.ndarray | None = None
) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Each row's prefix norm and its suffix: the part of the row left in the candidate product.

    Terms are ordered most frequent first (ties by index; or by ``term_rank``); a row's prefix is its longest run of
    leading terms whose squared norm stays below ``max_prefix_norm ** 2``. Only the prefix's norm
    is needed (the bound), so the prefix itself is never built, and rows are split about ``chunk``
    entries at a time: at once, the sort keys and running sums of every entry were the largest
    allocation of the claims stage on one long article.
    """
    prefix_norm, in_prefix = _prefix_mask(matrix, max_prefix_norm, chunk=chunk, term_rank=term_rank)
    kept = ~in_prefix
    del in_prefix
    suffix = sparse.csr_matrix((matrix.data[kept], matrix.indices[kept], kept_indptr(matrix.indptr, kept)), shape=matrix.shape)
    return prefix_norm, suffix


def _prefix_mask(
    matrix: sparse.csr_matrix, max_prefix_norm: float, *, chunk: int = 1 << 18, term_rank: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's prefix norm, and which of the matrix's stored entries lie in their row's prefix
    (:func:`_split_prefix`: the suffix is the rest)."""
    n_rows, n_terms = matrix.shape
    if term_rank is None:
        term_rank = frequency_rank(term_counts(matrix.indices, n_terms))
    rank_bits = max(int(n_terms - 1).bit_length(), 1)
    in_prefix = np.empty(matrix.nnz, dtype=bool)
    prefix_squares = np.zeros(n_rows)
    for first_row, stop_row in row_runs(matrix.indptr, chunk):
        begin, end = int(matrix.indptr[first_row]), int(matrix.indptr[stop_row])
        lengths = np.diff(matrix.indptr[first_row : stop_row + 1])
        row_of = np.repeat(np.arange(stop_row - first_row, dtype=np.int64), lengths)
        # One integer key (row in the high bits, term rank below, unique within a row) sorts several
        # times faster than a two-key lexsort of millions of entries.
        order = np.argsort((row_of << rank_bits) | term_rank[matrix.indices[begin:end]], kind="stable")
        squares = matrix.data[begin:end] ** 2
        running = np.cumsum(squares[order])
        row_start_total = np.repeat(np.concatenate(([0.0], running))[matrix.indptr[first_row:stop_row] - begin], lengths)
        chunk_prefix = np.empty(end - begin, dtype=bool)
        chunk_prefix[order] = (running - row_start_total) < max_prefix_norm**2
        in_prefix[begin:end] = chunk_prefix
        # summed in column order, as the sparse row sum of the prefix's squares was
        prefix_squares[first_row:stop_row] = np.bincount(row_of, weights=np.where(chunk_prefix, squares, 0.0), minlength=stop_row - first_row)
    return np.sqrt(prefix_squares), in_prefix


def _suffix_rows(matrix: sparse.csr_matrix, in_suffix: np.ndarray, start: int, stop: int) -> sparse.csr_matrix:
    """Rows ``start:stop`` of the suffix (the entries ``in_suffix`` marks), as :func:`_split_prefix`'s
    suffix holds them: the same entries in the same order."""
    begin, end = int(matrix.indptr[start]), int(matrix.indptr[stop])
    kept = in_suffix[begin:end]
    indptr = np.concatenate(([0], np.cumsum(kept, dtype=np.int64)))[matrix.indptr[start : stop + 1] - begin]
    return sparse.csr_matrix(
        (matrix.data[begin:end][kept], matrix.indices[begin:end][kept], indptr.astype(matrix.indptr.dtype)), shape=(stop - start, matrix.shape[1])
    )


def _suffix_transposed(matrix: sparse.csr_matrix, in_suffix: np.ndarray, *, rows: tuple[int, int] | None = None) -> sparse.csr_matrix:
    """The transpose (terms x rows) of the suffix of rows ``rows`` (first, stop; default all),
    ``suffix[first:stop].T.tocsr()``: its columns are the rows numbered from ``first``, each term's
    rows ascending, 32-bit indices where they fit.

    Made by scipy from those rows' suffix (:func:`_suffix_rows`), a copy of one partition of rows
    (:data:`PARTITION_ENTRIES`): scipy's transpose keeps one array over the vocabulary (its
    pointers, which it counts and fills in place). Of the whole suffix, that copy beside its
    transpose was the similarity graph's peak on one long article, and numpy's fill of the whole
    transpose in chunks, which followed it, kept two arrays over the vocabulary and each chunk's
    sort beside it (docs/PROFILING.md)."""
    first, stop = rows if rows is not None else (0, matrix.shape[0])
    return _suffix_rows(matrix, in_suffix, first, stop).T.tocsr()


def _row_work(matrix: sparse.csr_matrix, in_suffix: np.ndarray, suffix_df: np.ndarray, *, stop: int | None = None, chunk: int = 1 << 18) -> np.ndarray:
    """Each row's (up to ``stop``) share of the candidate product: the summed ``suffix_df`` of its
    suffix terms, about ``chunk`` entries at a time."""
    n_rows = matrix.shape[0] if stop is None else stop
    work = np.zeros(n_rows)
    for first, run_stop in row_runs(matrix.indptr[: n_rows + 1], chunk):
        begin, end = int(matrix.indptr[first]), int(matrix.indptr[run_stop])
        row_of = np.repeat(np.arange(run_stop - first, dtype=np.int64), np.diff(matrix.indptr[first : run_stop + 1]))
        weights = np.where(in_suffix[begin:end], suffix_df[matrix.indices[begin:end]], 0.0)
        work[first:run_stop] = np.bincount(row_of, weights=weights, minlength=run_stop - first)
    return work


def _blocks(work: np.ndarray, max_block_work: float) -> Iterable[tuple[int, int]]:
    """Consecutive row ranges whose summed work stays under the budget (at least one row each)."""
    bounds = [0]
    cumulative = np.cumsum(work)
    while bounds[-1] < len(work):
        base = cumulative[bounds[-1] - 1] if bounds[-1] else 0.0
        stop = int(np.searchsorted(cumulative, base + max_block_work, side="right"))
        bounds.append(min(max(stop, bounds[-1] + 1), len(work)))
    return zip(bounds[:-1], bounds[1:])


def _block_edges(
    matrix: sparse.csr_matrix,
    in_suffix: np.ndarray,
    suffix_t: sparse.csr_matrix,
    prefix_norm: np.ndarray,
    start: int,
    stop: int,
    first_col: int,
    min_similarity: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (row, col > row, similarity) between one block of rows (their suffix entries marked by
    ``in_suffix``) and the partition of rows from ``first_col`` whose suffix ``suffix_t`` transposes,
    scored exactly and pruned (:func:`_bounded_candidates`)."""
    rows, cols = _bounded_candidates(_suffix_rows(matrix, in_suffix, start, stop), suffix_t, start, first_col, prefix_norm, prefix_norm, min_similarity, upper=True)
    sims = row_dots(matrix, rows, cols)
    keep = sims >= min_similarity - SIMILARITY_TOLERANCE
    return rows[keep], cols[keep], sims[keep]


def _bounded_candidates(
    left_suffix: sparse.csr_matrix,
    right_suffix_t: sparse.csr_matrix,
    first_row: int,
    first_col: int,
    left_prefix: np.ndarray,
    right_prefix: np.ndarray,
    min_similarity: float,
    *,
    upper: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (row, col) of a block of suffix rows (rows ``first_row`` on) and a transposed suffix
    (its rows numbered ``first_col`` on) whose upper bound on the similarity reaches the cut; with
    ``upper``, only row < col (both numbered alike). The candidate step of :func:`similarity_graph`
    and :func:`cross_edges`: the prefix norms are indexed by those numbers.

    Bound: with terms in frequency order, every shared term outside both suffixes lies before the
    later of the two prefix ends, so x.y <= suffix_x.suffix_y + max(|prefix_x|, |prefix_y|).
    """
    candidates = left_suffix @ right_suffix_t
    rows = np.repeat(np.arange(first_row, first_row + left_suffix.shape[0], dtype=np.int64), np.diff(candidates.indptr))
    # The upper triangle first, then the bound computed in place: the block's temporaries are what
    # the claims stage's peak memory is made of on one long article.
    if upper:
        rows -= first_col  # compared in the partition's numbering: no shifted copy of the columns
        keep = candidates.indices > rows
        rows += first_col
        rows, cols, bound = rows[keep], candidates.indices[keep].astype(np.int64), candidates.data[keep]
        del keep
    else:
        cols, bound = candidates.indices.astype(np.int64), candidates.data
    del candidates
    cols += first_col
    bound += np.maximum(left_prefix[rows], right_prefix[cols])
    keep = bound >= min_similarity - SIMILARITY_TOLERANCE
    del bound
    return rows[keep], cols[keep]


def cluster_large(
    matrix: sparse.csr_matrix,
    *,
    distance_threshold: float,
    linkage: str = "average",
    max_component_exact: int = 5000,
    graph: sparse.csr_matrix | None = None,
    split_giant: bool = False,
    split_step: float = 0.05,
    n_jobs: int = 1,
    rules: PairRules | None = None,
    clusterer: PieceClusterer | None = None,
) -> tuple[np.ndarray, int]:
    """Clusters from the threshold graph: connected components, then exact clustering inside each.

    Returns first-appearance labels and the number of components larger than
    ``max_component_exact`` (0 means the result equals :func:`cluster_exact`). Such a component is
    kept whole (one single-linkage cluster) by default; with ``split_giant`` it is cut into pieces
    by raising the graph's similarity cut in steps of ``split_step`` (distance) until every piece
    fits, and each piece is then clustered exactly at ``distance_threshold``: an approximation
    (no merge across pieces) described in the module docstring.
    ``graph`` may be a precomputed :func:`similarity_graph` at this or a looser threshold, with
    ``rules`` already applied (:meth:`PairRules.filter_graph`); built here, it is filtered here.
    ``clusterer`` clusters the pieces of more than two claims (default :func:`cluster_pieces`, here).
    """
    if split_step <= 0:
        raise ValueError(f"split_step must be positive, got {split_step}")
    min_similarity = 1.0 - distance_threshold
    if graph is None:
        graph = similarity_graph(matrix, min_similarity=min_similarity, n_jobs=n_jobs)
        if rules is not None:
            graph = rules.filter_graph(graph)
    else:
        graph = _prune_graph(graph, min_similarity)
    _, components = connected_components(graph, directed=False)
    size_of = np.bincount(components)[components]
    labels = np.full(matrix.shape[0], -1, dtype=np.int64)
    # Components of one or two claims (nearly all of them on a real corpus) in one vectorised step:
    # a pair is one cluster iff its distance is under the threshold, as in the exact path.
    single = np.flatnonzero(size_of == 1)
    labels[single] = np.arange(len(single))
    paired = np.flatnonzero(size_of == 2)
    paired = paired[np.argsort(components[paired], kind="stable")]
    first, second = paired[0::2], paired[1::2]
    merged = 1.0 - row_dots(matrix, first, second) < distance_threshold
    labels[first] = len(single) + 2 * np.arange(len(first))
    labels[second] = labels[first] + np.where(merged, 0, 1)
    next_label = len(single) + 2 * len(first)
    n_giant = 0
    ordered: list[tuple[np.ndarray, np.ndarray | None]] = []  # each piece, with its labels unless clustered exactly
    for members in groups_of(components, np.flatnonzero(size_of > 2)):
        pieces = [members]
        if len(members) > max_component_exact:
            n_giant += 1
            if split_giant:
                pieces = split_component(graph, members, min_similarity, max_component_exact, split_step)
        for piece in pieces:
            small = len(piece) <= 2 or len(piece) > max_component_exact
            ordered.append((piece, small_component_labels(matrix, piece, distance_threshold) if small else None))
    del graph
    # the pieces to cluster exactly are independent: ``clusterer`` may send them elsewhere (the Dask
    # engine's workers); labels are numbered afterwards in the same order either way
    exact = [piece for piece, sub in ordered if sub is None]
    clustered = iter((clusterer or cluster_pieces)(matrix, exact, distance_threshold=distance_threshold, linkage=linkage, rules=rules))
    for piece, sub in ordered:
        sub = next(clustered) if sub is None else sub
        labels[piece] = sub + next_label
        next_label += int(sub.max()) + 1
    return first_appearance_labels(labels), n_giant


PieceClusterer = Callable[..., list[np.ndarray]]
"""Called as :func:`cluster_pieces` is: ``(matrix, pieces, *, distance_threshold, linkage, rules)``."""


def cluster_pieces(
    matrix: sparse.csr_matrix, pieces: list[np.ndarray], *, distance_threshold: float, linkage: str, rules: PairRules | None
) -> list[np.ndarray]:
    """Exact cluster labels of each piece (claim rows of ``matrix``, in the rules' numbering), one
    piece after another: the graph path's per-component clustering."""
    return [cluster_exact(matrix[piece], distance_threshold=distance_threshold, linkage=linkage, rules=rules, rows=piece) for piece in pieces]


def groups_of(group_of: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """``rows`` split by ``group_of[rows]``, groups in id order, rows ascending within each."""
    if not len(rows):
        return []
    order = rows[np.argsort(group_of[rows], kind="stable")]
    return np.split(order, np.flatnonzero(np.diff(group_of[order])) + 1)


def split_component(
    graph: sparse.csr_matrix, members: np.ndarray, min_similarity: float, max_size: int, split_step: float
) -> list[np.ndarray]:
    """Pieces of an oversized component: its edges cut at ever stricter similarity until each piece fits.

    ``graph`` is indexed by rows of the full matrix, ``members`` are such rows; a piece still too
    large when the cut passes 1.0 is returned whole.
    """
    stricter = min_similarity + split_step
    if len(members) <= max_size or stricter > 1.0:
        return [members]
    _, parts = connected_components(_prune_graph(graph[members][:, members], stricter), directed=False)
    pieces: list[np.ndarray] = []
    for local in groups_of(parts, np.arange(len(members))):
        pieces += split_component(graph, members[local], stricter, max_size, split_step)
    return pieces


def small_component_labels(matrix: sparse.csr_matrix, members: np.ndarray, distance_threshold: float) -> np.ndarray:
    """Labels for a component of 1-2 claims (merged iff their distance is under the threshold) or an oversized one (whole)."""
    if len(members) == 2:
        distance = cosine_distances_dense(matrix[members])[0, 1]
        return np.array([0, 0 if distance < distance_threshold else 1])
    return np.zeros(len(members), dtype=np.int64)


def _prune_graph(graph: sparse.csr_matrix, min_similarity: float) -> sparse.csr_matrix:
    pruned = graph.tocoo()
    keep = pruned.data >= min_similarity - SIMILARITY_TOLERANCE
    return sparse.csr_matrix((pruned.data[keep], (pruned.row[keep], pruned.col[keep])), shape=graph.shape)


def cluster_claims(
    matrix: sparse.csr_matrix,
    *,
    distance_threshold: float,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    graph: sparse.csr_matrix | None = None,
    split_giant: bool = False,
    n_jobs: int = 1,
    rules: PairRules | None = None,
    tree: np.ndarray | None = None,
    clusterer: PieceClusterer | None = None,
) -> tuple[np.ndarray, str]:
    """Cluster labels (first-appearance order) and the method used: ``exact``, ``graph``, ``graph+whole`` or ``graph+split``.

    ``graph+whole`` means at least one graph component was larger than ``max_claims_exact`` and
    was kept as one cluster (single linkage inside it) rather than clustered exactly;
    ``graph+split`` means such a component was cut at stricter thresholds (``split_giant``).
    ``tree``: on the exact path, the claims' :func:`~analysis.claims.cluster.linkage_tree`, cut
    rather than built again. ``clusterer``: see :func:`cluster_large`.
    """
    if matrix.shape[0] <= max_claims_exact:
        return cluster_exact(matrix, distance_threshold=distance_threshold, linkage=linkage, rules=rules, tree=tree), "exact"
    labels, n_giant = cluster_large(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_component_exact=max_claims_exact,
        graph=graph,
        split_giant=split_giant,
        n_jobs=n_jobs,
        rules=rules,
        clusterer=clusterer,
    )
    if not n_giant:
        return labels, "graph"
    return labels, "graph+split" if split_giant else "graph+whole"


def compare_methods(
    matrix: sparse.csr_matrix,
    *,
    distance_threshold: float,
    linkage: str = "average",
    max_component_exact: int | None = None,
    split_giant: bool = False,
    rules: PairRules | None = None,
    tree: np.ndarray | None = None,
) -> float:
    """Adjusted Rand index between the exact and the graph path on the same claims (1.0 = identical).

    By default no component is too large, so the graph path is exact and the score measures only
    float noise. A smaller ``max_component_exact`` with ``split_giant`` measures the approximation
    of splitting giant components; without ``split_giant`` it measures keeping them whole.
    """
    from sklearn.metrics import adjusted_rand_score

    exact = cluster_exact(matrix, distance_threshold=distance_threshold, linkage=linkage, rules=rules, tree=tree)
    large, _ = cluster_large(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_component_exact=max(matrix.shape[0], 1) if max_component_exact is None else max_component_exact,
        split_giant=split_giant,
        rules=rules,
    )
    if len(exact) < 2:
        return 1.0
    return float(adjusted_rand_score(exact, large))
