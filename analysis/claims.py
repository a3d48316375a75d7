"""Which claims recur across sources: TF-IDF sentence vectors, clustering, coverage.

A *claim* is a sentence that can assert something (headings and fragments are set aside and
counted). Claims are vectorised with TF-IDF over word uni- and bigrams after a light
normalisation (:func:`normalise_for_matching`) and grouped by agglomerative clustering on
cosine distance with a distance threshold.

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

scikit-learn is imported inside the functions that use it: the notebooks import this module for
its table helpers, and each report's kernel would otherwise spend a second loading it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from analysis.lexicons import load_lexicon
from analysis.tfidf import MappedTokenizer, Vectorised, fit_transform

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

DECIMALS = 4
"""Floats in the output tables are rounded to this many decimals so they diff cleanly."""

SIMILARITY_TOLERANCE = 1e-9
"""Slack when comparing a similarity to the threshold, so float noise in sparse sums never drops an edge."""

CLAIM_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "cluster_id", "text", "similarity_to_representative"]
CLUSTER_COLUMNS = [
    "cluster_id", "label", "representative", "n_claims", "n_docs", "doc_ids", "genres",
    "representative_doc_id", "representative_sentence_id",
]  # fmt: skip
COVERAGE_COLUMNS = ["cluster_id", "doc_id", "genre", "n_claims"]
SET_ASIDE_COLUMNS = ["doc_id", "sentence_id", "char_start", "char_end", "reason", "text"]
SWEEP_COLUMNS = [
    "distance_threshold", "n_claims", "n_clusters", "n_multi_doc_clusters", "n_singletons", "largest_cluster", "silhouette",
    "method", "graph_path_agreement",
]  # fmt: skip
FRAMING_COLUMNS = ["n_hedges", "hedge_terms", "attribution", "attribution_source", "mode"]

WORD = re.compile(r"\w+(?:['’]\w+)*")
"""A word for the ``too_short`` rule; the same pattern analysis/corpus.py counts words with."""

_PUNCTUATION = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    }
)  # fmt: skip
# Digit groups: "10,000", "10 000" (after thin spaces became spaces) and "1,000,000". The first group
# has 1-3 digits and no digit, comma or point before it, so "2023, 100" and "1.234" are left alone.
_GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[, ]\d{3})+(?!\d|[.,]\d)")
_MAYBE_GROUPED = re.compile(r"\d[, ]\d{3}")
# US -ize/-yze to UK -ise/-yse, only with a stem of 3+ letters so "size", "prize", "seize" are kept.
_IZE = re.compile(r"([a-z]{3,}?[iy])z(e|es|ed|ing|ation|ations|er|ers)")
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
"""scikit-learn's default token: two or more word characters."""
_WORD_RUN = re.compile(r"\w+")


@cache
def spelling_variants() -> dict[str, str]:
    """The variant -> canonical map of ``lexicons/spelling_variants.txt``."""
    pairs = [entry.split() for entry in load_lexicon("spelling_variants")]
    bad = [" ".join(pair) for pair in pairs if len(pair) != 2 or not all(re.fullmatch(r"\w\w+", word) for word in pair)]
    if bad:
        raise ValueError(f"spelling_variants.txt: each line must be 'variant canonical', two words of letters or digits, got {bad}")
    return dict(sorted((variant, canonical) for variant, canonical in pairs))


def fold_text(text: str) -> str:
    """Lower-case text with curly quotes, dashes and odd spaces made plain and digit groups
    ("10,000", "10 000") written without separators: the folds that cross word boundaries."""
    text = text.lower()
    if not text.isascii() or "`" in text:  # every other mark to fold is outside ASCII
        text = text.translate(_PUNCTUATION)
    # The cheap test first: most sentences hold no digit group, and this runs on every claim.
    if _MAYBE_GROUPED.search(text):
        text = _GROUPED_NUMBER.sub(lambda match: match.group().replace(",", "").replace(" ", ""), text)
    return text


@cache
def canonical_word(word: str) -> str:
    """A lower-case word's canonical spelling: the spelling-variant lexicon, then US -ize/-yze to UK -ise/-yse."""
    word = spelling_variants().get(word, word)
    match = _IZE.fullmatch(word)
    return match.expand(r"\1s\2") if match else word


def normalise_for_matching(text: str) -> str:
    """Lower-case text with spelling, quote and number-format variants folded together.

    What the claims' TF-IDF sees, so "Zelenskyy"/"Zelensky", "defense"/"defence",
    "mobilized"/"mobilised", "10,000"/"10000"/"10 000" and curly/straight quotes meet:
    :func:`fold_text`, then every word through :func:`canonical_word`. (The vectoriser applies the
    second step to its tokens, :func:`make_vectorizer`.) Character offsets are not preserved.
    """
    return _WORD_RUN.sub(lambda match: canonical_word(match.group()), fold_text(text))


# --------------------------------------------------------------------------- claims selection


def select_claims(sentences: pd.DataFrame, *, min_words: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split sentences into claims and set-aside rows.

    Reasons, first match wins: ``heading`` (``is_heading`` true), ``too_short`` (fewer than
    ``min_words`` words). Returns ``(claims, set_aside)``, both sorted by doc_id, sentence_id;
    ``set_aside`` has a ``reason`` column (count it with ``value_counts``).
    """
    frame = _sorted_sentences(sentences)
    n_words = frame["text"].map(lambda text: len(WORD.findall(text)))
    reason = pd.Series("", index=frame.index, dtype=object)
    reason[n_words < min_words] = "too_short"
    reason[frame["is_heading"].astype(bool)] = "heading"
    kept = frame[reason == ""].reset_index(drop=True)
    set_aside = frame[reason != ""].assign(reason=reason[reason != ""])
    return kept, set_aside[SET_ASIDE_COLUMNS].reset_index(drop=True)


def _sorted_sentences(sentences: pd.DataFrame) -> pd.DataFrame:
    frame = sentences.copy()
    frame["doc_id"] = frame["doc_id"].astype(str)
    frame["sentence_id"] = frame["sentence_id"].astype(int)
    if "is_heading" not in frame:
        frame["is_heading"] = False
    return frame.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- TF-IDF


def make_vectorizer(
    *,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    stop_words: str | None = "english",
    normalise: bool = True,
) -> TfidfVectorizer:
    """The TF-IDF vectoriser of the claims stage: L2-normalised rows over lower-cased text, with
    spelling, quote and number-format variants folded first (:func:`normalise_for_matching`)
    unless ``normalise`` is false.

    The folding is split where it acts: :func:`fold_text` as the preprocessor, and
    :func:`canonical_word` on each token, so :func:`analysis.tfidf.fit_transform` maps each
    distinct word once rather than running the variant patterns over every claim.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        preprocessor=fold_text if normalise else str.lower,
        tokenizer=MappedTokenizer(TOKEN_PATTERN, canonical_word) if normalise else None,
        token_pattern=None if normalise else TOKEN_PATTERN,
        ngram_range=tuple(ngram_range),
        min_df=min_df,
        max_df=max_df,
        sublinear_tf=sublinear_tf,
        stop_words=stop_words,
        norm="l2",
        dtype=np.float64,
    )


def vectorise(texts: Sequence[str], vectorizer: TfidfVectorizer) -> Vectorised:
    """The vectoriser's TF-IDF claim × term matrix (sorted indices), its term names (sorted, as
    scikit-learn indexes them) and each term's word ids, by :func:`analysis.tfidf.fit_transform`.

    An input with no usable term at all (every word a stop word) gives a matrix with no columns
    rather than scikit-learn's "empty vocabulary" error.
    """
    try:
        fitted = fit_transform(vectorizer, list(texts))
    except ValueError as error:
        if "empty vocabulary" not in str(error) and "no terms remain" not in str(error):
            raise
        longest = vectorizer.ngram_range[1]
        return Vectorised(sparse.csr_matrix((len(texts), 0)), np.array([], dtype=object), np.zeros((0, longest), dtype=np.int64))
    fitted.matrix.sort_indices()
    return fitted


# --------------------------------------------------------------------------- clustering


def cosine_distances_dense(matrix: sparse.csr_matrix) -> np.ndarray:
    """Full cosine distance matrix of L2-normalised rows, symmetric, zero diagonal, within [0, 2]."""
    matrix = _compact_columns(sparse.csr_matrix(matrix))
    similarity = (matrix @ matrix.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    distance = (distance + distance.T) / 2  # sparse sums may differ in the last bit between (i, j) and (j, i)
    np.fill_diagonal(distance, 0.0)
    return distance


def _compact_columns(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """The same rows over only the columns they use: a few claims' product no longer costs O(vocabulary)."""
    used, indices = np.unique(matrix.indices, return_inverse=True)
    return sparse.csr_matrix((matrix.data, indices.ravel(), matrix.indptr), shape=(matrix.shape[0], len(used)))


def cluster_exact(matrix: sparse.csr_matrix, *, distance_threshold: float, linkage: str = "average") -> np.ndarray:
    """Agglomerative clustering on cosine distance, labels in first-appearance order.

    The tree and cut of scikit-learn's ``AgglomerativeClustering(metric="precomputed",
    distance_threshold=...)``, which builds the tree with scipy's ``linkage`` and undoes every
    merge at or above the threshold; scipy is called directly because the graph path clusters
    thousands of small components, where the wrapper's per-call checks cost more than the
    clustering (a test holds the two equal). Distances come from the sparse TF-IDF product, without
    densifying the claim × vocabulary matrix.
    """
    from scipy.cluster.hierarchy import linkage as linkage_tree

    n_rows = matrix.shape[0]
    if n_rows < 2:
        return np.zeros(n_rows, dtype=np.int64)
    upper = np.triu_indices(n_rows, k=1)
    tree = linkage_tree(cosine_distances_dense(matrix)[upper], method=linkage)
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


def first_appearance_labels(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0, 1, 2, ... in the order their first member appears."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse.ravel()]


def similarity_graph(
    matrix: sparse.csr_matrix,
    *,
    min_similarity: float,
    max_block_work: float = 1e7,
    prefix_share: float = 0.8,
    n_jobs: int = 1,
) -> sparse.csr_matrix:
    """Upper-triangular sparse matrix of every pair of rows with cosine similarity >= ``min_similarity``.

    Rows must be L2-normalised. Exact (no pair is missed or invented): candidates come from the
    prefix-filtered suffix product, are pruned with an upper bound and the survivors scored exactly
    (see the module docstring). ``prefix_share`` (0 < share <= 1) caps each row's left-out prefix at
    a norm of ``prefix_share * min_similarity``: a smaller share makes the candidate product larger
    but lets the bound discard almost every candidate before exact scoring. Rows are processed in
    blocks whose candidate product is estimated to stay under ``max_block_work`` entries, so memory
    stays near-linear in rows plus kept pairs; ``n_jobs`` threads work on blocks at once (scipy's
    sparse product releases the GIL) and the result does not depend on it or on the blocking.
    """
    if not 0 < prefix_share <= 1:
        raise ValueError(f"prefix_share must lie in (0, 1], got {prefix_share}")
    n_rows = matrix.shape[0]
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    matrix.sort_indices()
    prefix, suffix = _split_prefix(matrix, prefix_share * min_similarity)
    prefix_norm = np.sqrt(np.asarray(prefix.multiply(prefix).sum(axis=1)).ravel())
    suffix_t = suffix.T.tocsr()
    # A row's share of the candidate product: how many rows hold each of its suffix terms.
    suffix_df = np.diff(suffix_t.indptr).astype(np.float64)
    work = np.bincount(np.repeat(np.arange(n_rows), np.diff(suffix.indptr)), weights=suffix_df[suffix.indices], minlength=n_rows)
    blocks = list(_blocks(work, max_block_work))
    pieces = Parallel(n_jobs=min(n_jobs, len(blocks)) or 1, backend="threading")(
        delayed(_block_edges)(matrix, suffix, suffix_t, prefix_norm, start, stop, min_similarity) for start, stop in blocks
    )
    rows = np.concatenate([piece[0] for piece in pieces] + [np.zeros(0, dtype=np.int64)])
    cols = np.concatenate([piece[1] for piece in pieces] + [np.zeros(0, dtype=np.int64)])
    sims = np.concatenate([piece[2] for piece in pieces] + [np.zeros(0)])
    return sparse.csr_matrix((sims, (rows, cols)), shape=(n_rows, n_rows))


def _split_prefix(matrix: sparse.csr_matrix, max_prefix_norm: float) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Each row split into its prefix (left out of the candidate product) and its suffix.

    Terms are ordered most frequent first (ties by index); a row's prefix is its longest run of
    leading terms whose squared norm stays below ``max_prefix_norm ** 2``.
    """
    n_rows, n_terms = matrix.shape
    lengths = np.diff(matrix.indptr)
    doc_freq = np.bincount(matrix.indices, minlength=n_terms)
    term_rank = np.empty(n_terms, dtype=np.int64)
    term_rank[np.argsort(-doc_freq, kind="stable")] = np.arange(n_terms)
    row_of = np.repeat(np.arange(n_rows, dtype=np.int64), lengths)
    # One integer key (row in the high bits, term rank below, unique within a row) sorts several
    # times faster than a two-key lexsort of millions of entries.
    rank_bits = max(int(n_terms - 1).bit_length(), 1)
    order = np.argsort((row_of << rank_bits) | term_rank[matrix.indices], kind="stable")
    running = np.cumsum(matrix.data[order] ** 2)
    row_start_total = np.repeat(np.concatenate(([0.0], running))[matrix.indptr[:-1]], lengths)
    in_prefix = np.empty(matrix.nnz, dtype=bool)
    in_prefix[order] = (running - row_start_total) < max_prefix_norm**2
    prefix, suffix = matrix.copy(), matrix.copy()
    prefix.data = np.where(in_prefix, prefix.data, 0.0)
    suffix.data = np.where(in_prefix, 0.0, suffix.data)
    prefix.eliminate_zeros()
    suffix.eliminate_zeros()
    return prefix, suffix


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
    suffix: sparse.csr_matrix,
    suffix_t: sparse.csr_matrix,
    prefix_norm: np.ndarray,
    start: int,
    stop: int,
    min_similarity: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (row, col > row, similarity) of one block of rows, scored exactly and pruned.

    Bound: with terms in frequency order, every shared term outside both suffixes lies before the
    later of the two prefix ends, so x.y <= suffix_x.suffix_y + max(|prefix_x|, |prefix_y|).
    """
    candidates = suffix[start:stop] @ suffix_t
    rows = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(candidates.indptr))
    cols = candidates.indices.astype(np.int64)
    keep = (cols > rows) & (candidates.data + np.maximum(prefix_norm[rows], prefix_norm[cols]) >= min_similarity - SIMILARITY_TOLERANCE)
    rows, cols = rows[keep], cols[keep]
    del candidates, keep
    sims = _row_dots(matrix, rows, cols)
    keep = sims >= min_similarity - SIMILARITY_TOLERANCE
    return rows[keep], cols[keep], sims[keep]


def _row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, chunk: int = 200_000) -> np.ndarray:
    """Exact dot products ``matrix[rows[k]] . matrix[cols[k]]``, in chunks so gathered rows stay small."""
    out = np.zeros(len(rows))
    for begin in range(0, len(rows), chunk):
        end = begin + chunk
        product = matrix[rows[begin:end]].multiply(matrix[cols[begin:end]])
        out[begin:end] = np.asarray(product.sum(axis=1)).ravel()
    return out


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
) -> tuple[np.ndarray, int]:
    """Clusters from the threshold graph: connected components, then exact clustering inside each.

    Returns first-appearance labels and the number of components larger than
    ``max_component_exact`` (0 means the result equals :func:`cluster_exact`). Such a component is
    kept whole (one single-linkage cluster) by default; with ``split_giant`` it is cut into pieces
    by raising the graph's similarity cut in steps of ``split_step`` (distance) until every piece
    fits, and each piece is then clustered exactly at ``distance_threshold``: an approximation
    (no merge across pieces) described in the module docstring.
    ``graph`` may be a precomputed :func:`similarity_graph` at this or a looser threshold.
    """
    if split_step <= 0:
        raise ValueError(f"split_step must be positive, got {split_step}")
    min_similarity = 1.0 - distance_threshold
    if graph is None:
        graph = similarity_graph(matrix, min_similarity=min_similarity, n_jobs=n_jobs)
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
    merged = 1.0 - _row_dots(matrix, first, second) < distance_threshold
    labels[first] = len(single) + 2 * np.arange(len(first))
    labels[second] = labels[first] + np.where(merged, 0, 1)
    next_label = len(single) + 2 * len(first)
    n_giant = 0
    for members in _groups(components, np.flatnonzero(size_of > 2)):
        pieces = [members]
        if len(members) > max_component_exact:
            n_giant += 1
            if split_giant:
                pieces = _split_component(graph, members, min_similarity, max_component_exact, split_step)
        for piece in pieces:
            if len(piece) <= 2 or len(piece) > max_component_exact:
                sub = _small_component_labels(matrix, piece, distance_threshold)
            else:
                sub = cluster_exact(matrix[piece], distance_threshold=distance_threshold, linkage=linkage)
            labels[piece] = sub + next_label
            next_label += int(sub.max()) + 1
    return first_appearance_labels(labels), n_giant


def _groups(group_of: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """``rows`` split by ``group_of[rows]``, groups in id order, rows ascending within each."""
    if not len(rows):
        return []
    order = rows[np.argsort(group_of[rows], kind="stable")]
    return np.split(order, np.flatnonzero(np.diff(group_of[order])) + 1)


def _split_component(
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
    for local in _groups(parts, np.arange(len(members))):
        pieces += _split_component(graph, members[local], stricter, max_size, split_step)
    return pieces


def _small_component_labels(matrix: sparse.csr_matrix, members: np.ndarray, distance_threshold: float) -> np.ndarray:
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
) -> tuple[np.ndarray, str]:
    """Cluster labels (first-appearance order) and the method used: ``exact``, ``graph``, ``graph+whole`` or ``graph+split``.

    ``graph+whole`` means at least one graph component was larger than ``max_claims_exact`` and
    was kept as one cluster (single linkage inside it) rather than clustered exactly;
    ``graph+split`` means such a component was cut at stricter thresholds (``split_giant``).
    """
    if matrix.shape[0] <= max_claims_exact:
        return cluster_exact(matrix, distance_threshold=distance_threshold, linkage=linkage), "exact"
    labels, n_giant = cluster_large(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_component_exact=max_claims_exact,
        graph=graph,
        split_giant=split_giant,
        n_jobs=n_jobs,
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
) -> float:
    """Adjusted Rand index between the exact and the graph path on the same claims (1.0 = identical).

    By default no component is too large, so the graph path is exact and the score measures only
    float noise. A smaller ``max_component_exact`` with ``split_giant`` measures the approximation
    of splitting giant components; without ``split_giant`` it measures keeping them whole.
    """
    from sklearn.metrics import adjusted_rand_score

    exact = cluster_exact(matrix, distance_threshold=distance_threshold, linkage=linkage)
    large, _ = cluster_large(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_component_exact=max(matrix.shape[0], 1) if max_component_exact is None else max_component_exact,
        split_giant=split_giant,
    )
    if len(exact) < 2:
        return 1.0
    return float(adjusted_rand_score(exact, large))


# --------------------------------------------------------------------------- cluster description


def rank_clusters(labels: np.ndarray, doc_ids: np.ndarray) -> np.ndarray:
    """Renumber clusters by documents carrying them (desc), claims (desc), then first claim position.

    Rows must be sorted by doc_id, sentence_id, so cluster 0 is the most widely carried claim
    and ties fall to the cluster whose first claim comes first.
    """
    frame = pd.DataFrame({"label": labels, "doc_id": doc_ids, "position": np.arange(len(labels))})
    summary = frame.groupby("label").agg(
        n_docs=("doc_id", "nunique"), n_claims=("doc_id", "size"), first=("position", "min")
    )
    summary = summary.sort_values(["n_docs", "n_claims", "first"], ascending=[False, False, True], kind="stable")
    new_id = pd.Series(np.arange(len(summary)), index=summary.index)
    return new_id.loc[labels].to_numpy()


def _lookup(rows_matrix: sparse.csr_matrix, labels: np.ndarray, matrix: sparse.csr_matrix) -> np.ndarray:
    """For each row i of ``matrix``: dot product with row ``labels[i]`` of ``rows_matrix``, in linear time."""
    rows_matrix = sparse.csr_matrix(rows_matrix)
    rows_matrix.sort_indices()
    n_terms = matrix.shape[1]
    table_rows = np.repeat(np.arange(rows_matrix.shape[0], dtype=np.int64), np.diff(rows_matrix.indptr))
    table_keys = table_rows * n_terms + rows_matrix.indices
    row_of = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    keys = labels[row_of].astype(np.int64) * n_terms + matrix.indices
    position = np.clip(np.searchsorted(table_keys, keys), 0, max(len(table_keys) - 1, 0))
    found = table_keys[position] == keys if len(table_keys) else np.zeros(len(keys), dtype=bool)
    values = np.where(found, rows_matrix.data[position] if len(table_keys) else 0.0, 0.0)
    return np.bincount(row_of, weights=matrix.data * values, minlength=matrix.shape[0])


def medoids(matrix: sparse.csr_matrix, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each cluster's medoid row (max mean cosine similarity to its cluster) and each row's similarity to it.

    Uses cluster sum vectors: a row's summed similarity to its cluster is its dot product with
    the cluster's sum, so this is linear in the number of non-zeros. Ties go to the first row.
    """
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    indicator = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_clusters, len(labels)))
    sums = indicator @ matrix
    score = np.round(_lookup(sums, labels, matrix), 10)  # rounding makes float-noise ties fall to the first row
    order = np.lexsort((np.arange(len(labels)), -score, labels))
    first_of_cluster = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    medoid_rows = order[first_of_cluster]
    similarity = _lookup(matrix[medoid_rows], labels, matrix)
    return medoid_rows, similarity


def cluster_labels(
    matrix: sparse.csr_matrix, labels: np.ndarray, terms: np.ndarray, term_words: np.ndarray, *, n_terms: int = 4
) -> list[str]:
    """Top centroid terms of each cluster, " / "-joined; a term whose words are a subset or superset
    of a term already chosen ("troops" beside "troops sent") is skipped.

    Vectorised over clusters: candidates are taken rank by rank for all clusters at once, with
    each term's words as integer ids (``term_words``, from :func:`vectorise`), so a corpus of 300k
    clusters costs a few array passes.
    """
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    indicator = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_clusters, len(labels)))
    sums = indicator @ matrix
    sums.sort_indices()
    sums = sums.tocoo()
    order = _by_row_then_weight(sums.row, sums.data)
    rows, cols = sums.row[order].astype(np.int64), sums.col[order].astype(np.int64)
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    n_candidates = 3 * n_terms  # enough candidates to survive the overlap filter
    keep = rank < n_candidates
    rows, cols, rank = rows[keep], cols[keep], rank[keep]
    candidate = np.full((n_clusters, n_candidates), -1, dtype=np.int64)
    candidate[rows, rank] = cols
    words = np.full(candidate.shape + (term_words.shape[1],), -1, dtype=np.int64)
    words[candidate >= 0] = term_words[candidate[candidate >= 0]]
    chosen = np.full((n_clusters, n_terms), -1, dtype=np.int64)
    chosen_words = np.full((n_clusters, n_terms, words.shape[-1]), -1, dtype=np.int64)
    n_chosen = np.zeros(n_clusters, dtype=np.int64)
    for r in range(n_candidates):
        open_rows = np.flatnonzero((candidate[:, r] >= 0) & (n_chosen < n_terms))
        these = words[open_rows, r]
        clash = np.zeros(len(open_rows), dtype=bool)
        for slot in range(n_terms):
            other = chosen_words[open_rows, slot]
            clash |= (slot < n_chosen[open_rows]) & (_word_subset(these, other) | _word_subset(other, these))
        take = open_rows[~clash]
        chosen[take, n_chosen[take]] = candidate[take, r]
        chosen_words[take, n_chosen[take]] = these[~clash]
        n_chosen[take] += 1
    text = np.asarray(terms, dtype=object)
    return [" / ".join(text[row[row >= 0]]) for row in chosen]


def _by_row_then_weight(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Order of entries by row, then weight rounded to 10 decimals (largest first), then position.

    Entries come in column order within each row, and terms are indexed alphabetically by
    scikit-learn, so weight ties fall to the term first by name. One stable sort of an integer key
    (row in the high bits) when it fits in 63 bits; a three-key lexsort otherwise.
    """
    scaled = np.rint(weights * 1e10).astype(np.int64) if len(weights) else np.zeros(0, dtype=np.int64)
    weight_bits = int(scaled.max(initial=0)).bit_length()
    if weight_bits + int(rows.max(initial=0)).bit_length() <= 62:
        key = (rows.astype(np.int64) << weight_bits) + (scaled.max(initial=0) - scaled)
        return np.argsort(key, kind="stable")
    return np.lexsort((np.arange(len(rows)), -scaled, rows))


def _word_subset(words: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Row-wise: every word id of ``words`` (-1 = none) occurs in ``other``; False where ``words`` is empty."""
    found = (words[:, :, None] == other[:, None, :]).any(axis=2) | (words < 0)
    return found.all(axis=1) & (words >= 0).any(axis=1)


# --------------------------------------------------------------------------- sweep


def threshold_sweep(
    matrix: sparse.csr_matrix,
    doc_ids: np.ndarray,
    thresholds: Sequence[float],
    *,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    silhouette_sample: int = 5000,
    seed: int = 0,
    split_giant: bool = False,
    large_max_threshold: float = 1.0,
    n_jobs: int = 1,
    graph: sparse.csr_matrix | None = None,
) -> pd.DataFrame:
    """For each distance threshold: clusters, clusters spanning >= 2 documents, singletons, silhouette.

    ``graph_path_agreement`` is the adjusted Rand index between the sparse-graph path that large
    corpora take and the exact path, on the same claims (1.0: identical clusters); it is computed
    where the exact path runs (up to ``max_claims_exact`` claims) and empty above.

    Silhouette uses cosine distance; it is NaN when undefined (fewer than 2 clusters, or every
    claim its own cluster). Above ``silhouette_sample`` claims it is estimated on a fixed-seed
    sample. On the large path one graph is built at the loosest threshold and pruned for the others;
    thresholds above ``large_max_threshold`` are left out there, because the graph's cost grows
    steeply with the threshold (the exact path sweeps them all). ``split_giant`` and ``n_jobs`` are
    passed to :func:`cluster_claims`; ``graph`` may be a :func:`similarity_graph` at the loosest
    swept threshold or looser, built once and shared with the stage's own clustering.
    """
    rows = []
    thresholds = sorted(set(float(t) for t in thresholds))
    if matrix.shape[0] > max_claims_exact:
        thresholds = [t for t in thresholds if t <= large_max_threshold]
        if thresholds and graph is None:
            graph = similarity_graph(matrix, min_similarity=1.0 - max(thresholds), n_jobs=n_jobs)
    for threshold in thresholds:
        labels, method = cluster_claims(
            matrix,
            distance_threshold=threshold,
            linkage=linkage,
            max_claims_exact=max_claims_exact,
            graph=graph,
            split_giant=split_giant,
        )
        # Where the exact path runs, check the large-corpus path against it on the same claims.
        agreement = compare_methods(matrix, distance_threshold=threshold, linkage=linkage) if method == "exact" else np.nan
        rows.append(
            {
                "distance_threshold": threshold,
                "method": method,
                "graph_path_agreement": agreement,
                **_sweep_row(matrix, labels, doc_ids, silhouette_sample, seed),
            }
        )
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS).round(DECIMALS)


def _sweep_row(matrix: sparse.csr_matrix, labels: np.ndarray, doc_ids: np.ndarray, sample: int, seed: int) -> dict:
    from sklearn.metrics import silhouette_score

    frame = pd.DataFrame({"label": labels, "doc_id": doc_ids})
    sizes = frame.groupby("label")["doc_id"].agg(["size", "nunique"])
    n_clusters = len(sizes)
    silhouette = np.nan
    if 2 <= n_clusters <= len(labels) - 1:
        size = sample if len(labels) > sample else None
        silhouette = float(silhouette_score(matrix, labels, metric="cosine", sample_size=size, random_state=seed))
    return {
        "n_claims": len(labels),
        "n_clusters": n_clusters,
        "n_multi_doc_clusters": int((sizes["nunique"] >= 2).sum()),
        "n_singletons": int((sizes["size"] == 1).sum()),
        "largest_cluster": int(sizes["size"].max()) if n_clusters else 0,
        "silhouette": silhouette,
    }


def suggest_threshold(sweep: pd.DataFrame, *, max_share: float = 0.02) -> tuple[float, str]:
    """The swept threshold with the most cross-source clusters whose largest cluster stays claim-sized.

    Cross-source clusters are what the stage is for, and they grow with the threshold until
    clusters start to chain unrelated sentences. A cluster holding more than ``max_share`` of all
    claims is taken as the sign of that (a topic, not a claim), so thresholds producing one are
    passed over. Ties go to the higher silhouette, then the stricter threshold. Silhouette alone
    is not used: with mostly singleton clusters it rises with the threshold and has no peak.
    Returns the threshold and a one-sentence justification computed from the sweep.
    """
    if sweep.empty:
        raise ValueError("empty sweep: no threshold to suggest")
    allowed = sweep[sweep["largest_cluster"] <= np.maximum(2, max_share * sweep["n_claims"])]
    pool = allowed if not allowed.empty else sweep.nsmallest(1, "distance_threshold")
    ranked = pool.assign(_sil=pool["silhouette"].fillna(-np.inf)).sort_values(
        ["n_multi_doc_clusters", "_sil", "distance_threshold"], ascending=[False, False, True], kind="stable"
    )
    best = ranked.iloc[0]
    reason = (
        f"distance {best.distance_threshold:g} gives the most cross-source clusters "
        f"({int(best.n_multi_doc_clusters)} of {int(best.n_clusters)}) while no cluster holds more than "
        f"{max_share:.0%} of the {int(best.n_claims)} claims (largest {int(best.largest_cluster)}; "
        f"silhouette {best.silhouette:.3f})"
    )
    return float(best.distance_threshold), reason


# --------------------------------------------------------------------------- the stage


def build_claim_tables(
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    min_words: int = 6,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    sublinear_tf: bool = True,
    stop_words: str | None = "english",
    normalise: bool = True,
    distance_threshold: float = 0.75,
    linkage: str = "average",
    max_claims_exact: int = 5000,
    sweep_thresholds: Sequence[float] = (0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9),
    n_label_terms: int = 4,
    split_giant: bool = False,
    large_sweep_max_threshold: float = 1.0,
    n_jobs: int = 1,
) -> dict[str, pd.DataFrame]:
    """The claims stage: ``claims``, ``clusters``, ``coverage``, ``claims_set_aside``, ``threshold_sweep``.

    - ``claims``: one row per clustered sentence (doc_id, sentence_id, char_start, char_end,
      cluster_id, text, similarity_to_representative), sorted by doc_id, sentence_id.
    - ``clusters``: cluster_id (0 = carried by most documents), label, representative (medoid
      text), n_claims, n_docs, doc_ids and genres ("|"-joined, sorted), representative_doc_id,
      representative_sentence_id.
    - ``coverage``: long format, one row per (cluster, document) with at least one claim:
      cluster_id, doc_id, genre, n_claims. :func:`coverage_matrix` pivots it for a heatmap.
    - ``claims_set_aside``: doc_id, sentence_id, char_start, char_end, reason (heading,
      too_short, no_content_terms: every word a stop word or cut by min_df/max_df), text.
    - ``threshold_sweep``: see :func:`threshold_sweep` (``large_sweep_max_threshold`` is its
      ``large_max_threshold``).

    ``split_giant`` only matters above ``max_claims_exact`` claims (see :func:`cluster_large`).
    ``n_jobs`` is the threads for the similarity graph (:func:`similarity_graph`) and, above 1,
    runs the sweep beside the cluster descriptions; it never changes the tables.
    """
    claims, set_aside = select_claims(sentences, min_words=min_words)
    vectorizer = make_vectorizer(
        ngram_range=ngram_range, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, stop_words=stop_words, normalise=normalise
    )
    matrix, terms, term_words = vectorise(claims["text"].tolist(), vectorizer)
    empty = np.diff(matrix.indptr) == 0
    if empty.any():
        no_terms = claims[empty].assign(reason="no_content_terms")[SET_ASIDE_COLUMNS]
        set_aside = pd.concat([set_aside, no_terms]).sort_values(["doc_id", "sentence_id"], kind="stable")
        claims, matrix = claims[~empty].reset_index(drop=True), matrix[~empty]
    doc_ids = claims["doc_id"].to_numpy()
    graph = None
    if matrix.shape[0] > max_claims_exact:
        # One graph at the loosest threshold needed serves the clustering and the whole sweep.
        swept = [float(t) for t in sweep_thresholds if float(t) <= large_sweep_max_threshold]
        graph = similarity_graph(matrix, min_similarity=1.0 - max([distance_threshold, *swept]), n_jobs=n_jobs)
    labels, _ = cluster_claims(
        matrix,
        distance_threshold=distance_threshold,
        linkage=linkage,
        max_claims_exact=max_claims_exact,
        graph=graph,
        split_giant=split_giant,
        n_jobs=n_jobs,
    )
    labels = rank_clusters(labels, doc_ids) if len(labels) else labels
    sweep_settings = {
        "linkage": linkage, "max_claims_exact": max_claims_exact, "split_giant": split_giant,
        "large_max_threshold": large_sweep_max_threshold, "n_jobs": n_jobs, "graph": graph,
    }  # fmt: skip
    # The sweep and the cluster descriptions are independent; with a second core the sweep runs
    # beside them (its numpy, scipy and BLAS work releases the interpreter lock).
    with ThreadPoolExecutor(max_workers=1) as pool:
        sweep = pool.submit(threshold_sweep, matrix, doc_ids, sweep_thresholds, **sweep_settings) if n_jobs > 1 else None
        genres = _genre_map(documents)
        claims_table, clusters = describe_clusters(claims, matrix, labels, terms, term_words, genres, n_label_terms=n_label_terms)
        swept = sweep.result() if sweep else threshold_sweep(matrix, doc_ids, sweep_thresholds, **sweep_settings)
    return {
        "claims": claims_table,
        "clusters": clusters,
        "coverage": coverage_table(claims_table, genres),
        "claims_set_aside": set_aside.reset_index(drop=True),
        "threshold_sweep": swept,
    }


def _genre_map(documents: pd.DataFrame) -> dict[str, str]:
    if "genre" not in documents:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["genre"].fillna("").astype(str)))


def describe_clusters(
    claims: pd.DataFrame,
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    genres: dict[str, str],
    *,
    n_label_terms: int = 4,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claims`` and ``clusters`` tables for ranked cluster labels."""
    if len(labels) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS), pd.DataFrame(columns=CLUSTER_COLUMNS)
    medoid_rows, similarity = medoids(matrix, labels)
    claims_table = claims.assign(cluster_id=labels, similarity_to_representative=np.round(similarity, DECIMALS))[CLAIM_COLUMNS]
    n_clusters = len(medoid_rows)
    carried = claims_table[["cluster_id", "doc_id"]].drop_duplicates()
    carried_genres = carried.assign(genre=carried["doc_id"].map(genres).fillna(""))[["cluster_id", "genre"]]
    carried_genres = carried_genres[carried_genres["genre"] != ""].drop_duplicates()
    representative = claims.iloc[medoid_rows]
    clusters = pd.DataFrame(
        {
            "cluster_id": np.arange(n_clusters),
            "label": cluster_labels(matrix, labels, terms, term_words, n_terms=n_label_terms),
            "representative": representative["text"].to_numpy(),
            "n_claims": np.bincount(labels, minlength=n_clusters),
            "n_docs": np.bincount(carried["cluster_id"], minlength=n_clusters),
            "doc_ids": _joined_by_cluster(carried, "doc_id", n_clusters),
            "genres": _joined_by_cluster(carried_genres, "genre", n_clusters),
            "representative_doc_id": representative["doc_id"].to_numpy(),
            "representative_sentence_id": representative["sentence_id"].to_numpy(),
        }
    )
    return claims_table.reset_index(drop=True), clusters


def _joined_by_cluster(frame: pd.DataFrame, column: str, n_clusters: int) -> np.ndarray:
    """Each cluster's distinct ``column`` values, sorted and "|"-joined ("" for none).

    Clusters with one value (most of them on a large corpus) take it directly; only the rest are
    joined group by group.
    """
    frame = frame.sort_values(["cluster_id", column], kind="stable")
    joined = np.full(n_clusters, "", dtype=object)
    ids = frame["cluster_id"].to_numpy()
    single = np.bincount(ids, minlength=n_clusters)[ids] == 1
    joined[ids[single]] = frame[column].to_numpy()[single]
    several = frame[~single].groupby("cluster_id", sort=True)[column].agg("|".join)
    joined[several.index.to_numpy()] = several.to_numpy()
    return joined


def coverage_table(claims: pd.DataFrame, genres: dict[str, str]) -> pd.DataFrame:
    """Long coverage: one row per (cluster_id, doc_id) with its genre and number of claims."""
    counts = claims.groupby(["cluster_id", "doc_id"], sort=True).size().rename("n_claims").reset_index()
    counts["genre"] = counts["doc_id"].map(lambda doc_id: genres.get(doc_id, ""))
    return counts[COVERAGE_COLUMNS]


def coverage_matrix(coverage: pd.DataFrame, documents: pd.DataFrame, *, min_docs: int = 2) -> pd.DataFrame:
    """Wide clusters × documents counts for a heatmap: clusters carried by >= ``min_docs`` documents.

    Index cluster_id, one column per doc_id of ``documents`` (in doc_id order, zeros where a
    document does not carry the cluster).
    """
    n_docs = coverage.groupby("cluster_id")["doc_id"].nunique()
    kept = coverage[coverage["cluster_id"].isin(n_docs[n_docs >= min_docs].index)]
    doc_ids = sorted(documents["doc_id"].astype(str))
    wide = kept.pivot_table(index="cluster_id", columns="doc_id", values="n_claims", aggfunc="sum", fill_value=0)
    return wide.reindex(columns=doc_ids, fill_value=0).astype(int).sort_index()


# --------------------------------------------------------------------------- ledger


def claim_ledger(
    claims: pd.DataFrame,
    clusters: pd.DataFrame,
    documents: pd.DataFrame,
    framing_sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every variant of each cross-source cluster, side by side with its source, genre and framing.

    One row per claim in a cluster carried by two or more documents, sorted by cluster_id,
    doc_id, sentence_id: cluster_id, label, doc_id, genre, sentence_id, char_start, char_end,
    text, similarity_to_representative, is_representative, then whichever of n_hedges,
    hedge_terms, attribution, attribution_source, mode ``framing_sentences`` has (joined on
    doc_id + sentence_id).
    """
    cross = clusters[clusters["n_docs"] >= 2]
    ledger = claims.merge(cross[["cluster_id", "label", "representative_doc_id", "representative_sentence_id"]], on="cluster_id")
    ledger["is_representative"] = (ledger["doc_id"] == ledger["representative_doc_id"]) & (
        ledger["sentence_id"] == ledger["representative_sentence_id"]
    )
    ledger["genre"] = ledger["doc_id"].map(_genre_map(documents)).fillna("")
    columns = ["cluster_id", "label", "doc_id", "genre", "sentence_id", "char_start", "char_end", "text"]
    ledger = ledger[columns + ["similarity_to_representative", "is_representative"]]
    if framing_sentences is not None:
        extra = [column for column in FRAMING_COLUMNS if column in framing_sentences]
        framing = framing_sentences[["doc_id", "sentence_id", *extra]].assign(
            doc_id=lambda frame: frame["doc_id"].astype(str), sentence_id=lambda frame: frame["sentence_id"].astype(int)
        )
        ledger = ledger.merge(framing, on=["doc_id", "sentence_id"], how="left")
    return ledger.sort_values(["cluster_id", "doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


def solo_claims(claims: pd.DataFrame, clusters: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims only one source carries: one row per single-document cluster, sorted by doc_id, cluster_id.

    Columns: doc_id, genre, cluster_id, n_claims, label, sentence_id (of the representative),
    representative.
    """
    solo = clusters[clusters["n_docs"] == 1].rename(
        columns={"representative_doc_id": "doc_id", "representative_sentence_id": "sentence_id"}
    )
    solo = solo.assign(genre=solo["doc_id"].map(_genre_map(documents)).fillna(""))
    columns = ["doc_id", "genre", "cluster_id", "n_claims", "label", "sentence_id", "representative"]
    return solo[columns].sort_values(["doc_id", "cluster_id"], kind="stable").reset_index(drop=True)
