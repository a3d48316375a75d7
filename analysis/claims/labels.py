"""Naming and ordering clusters: ranks, medoid representatives, term labels and short labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.cluster import row_runs


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


DESCRIPTION_CHUNK = 1 << 16
"""Entries the descriptions' look-ups, medoid scores and label ranking read at a time. Each run's
half-dozen temporaries per entry are its memory: at 1 << 18 the runs held most of the matrix of an
article of 50,000 numbers (about 400,000 entries), the descriptions' peak there; the results do not
depend on it (runs of whole rows, or of whole clusters)."""


def _lookup(rows_matrix: sparse.csr_matrix, labels: np.ndarray, matrix: sparse.csr_matrix, *, chunk: int = DESCRIPTION_CHUNK) -> np.ndarray:
    """For each row i of ``matrix``: dot product with row ``labels[i]`` of ``rows_matrix``, in linear time.

    ``matrix`` is read in runs of whole rows of about ``chunk`` entries (each row's products summed
    in one pass, in column order, whatever the chunk): done at once, the half-dozen temporaries per
    entry were the claims stage's peak memory on one long article.
    """
    rows_matrix = sparse.csr_matrix(rows_matrix)
    rows_matrix.sort_indices()
    n_terms = matrix.shape[1]
    table_keys = np.repeat(np.arange(rows_matrix.shape[0], dtype=np.int64), np.diff(rows_matrix.indptr))
    table_keys *= n_terms
    table_keys += rows_matrix.indices
    out = np.zeros(matrix.shape[0])
    if not len(table_keys):
        return out
    for first, stop in row_runs(matrix.indptr, chunk):
        begin, end = int(matrix.indptr[first]), int(matrix.indptr[stop])
        row_of = np.repeat(np.arange(first, stop, dtype=np.int64), np.diff(matrix.indptr[first : stop + 1]))
        keys = labels[row_of].astype(np.int64) * n_terms + matrix.indices[begin:end]
        position = np.minimum(np.searchsorted(table_keys, keys), len(table_keys) - 1)
        found = table_keys[position] == keys
        weights = matrix.data[begin:end] * np.where(found, rows_matrix.data[position], 0.0)
        out[first:stop] = np.bincount(row_of - first, weights=weights, minlength=stop - first)
    return out


def cluster_sums(matrix: sparse.csr_matrix, labels: np.ndarray) -> sparse.csr_matrix:
    """Each cluster's summed TF-IDF vector (clusters x terms), the input of medoids and labels."""
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    indicator = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(n_clusters, len(labels)))
    return indicator @ matrix


class ClusterSums:
    """Each cluster's summed TF-IDF vector (:func:`cluster_sums`), made for some clusters at a time.

    On a long article nearly every claim is its own cluster, so the sums of all clusters at once
    are another copy of the whole matrix (with the product's temporaries, the cluster descriptions'
    peak memory). The sums of any set of clusters are the same rows, float for float, as the whole
    product's: each cluster's row adds its claims' rows in the same (ascending) order.
    """

    def __init__(self, matrix: sparse.csr_matrix, labels: np.ndarray) -> None:
        self.matrix = sparse.csr_matrix(matrix)
        self.labels = np.asarray(labels)
        self.n_clusters = int(self.labels.max()) + 1 if len(self.labels) else 0
        self._order = np.argsort(self.labels, kind="stable")  # rows by cluster, ascending within each
        self._bounds = np.searchsorted(self.labels[self._order], np.arange(self.n_clusters + 1))

    @property
    def shape(self) -> tuple[int, int]:
        return (self.n_clusters, self.matrix.shape[1])

    def block(self, first: int, stop: int) -> sparse.csr_matrix:
        """The sums of clusters ``first .. stop - 1``."""
        members = self._order[self._bounds[first] : self._bounds[stop]]
        return self._summed(self.labels[members] - first, members, stop - first)

    def runs(self, max_clusters: int, max_entries: int) -> list[tuple[int, int]]:
        """Consecutive cluster ranges ``(first, stop)`` of at most ``max_clusters`` clusters whose
        claims hold about ``max_entries`` entries (at least one cluster each)."""
        entries = np.bincount(self.labels, weights=np.diff(self.matrix.indptr), minlength=self.n_clusters)
        cumulative = np.cumsum(entries)
        runs, first = [], 0
        while first < self.n_clusters:
            base = cumulative[first - 1] if first else 0.0
            stop = int(np.searchsorted(cumulative, base + max_entries, side="right"))
            stop = min(max(stop, first + 1), first + max_clusters, self.n_clusters)
            runs.append((first, stop))
            first = stop
        return runs

    def of(self, clusters: np.ndarray) -> sparse.csr_matrix:
        """The sums of ``clusters`` (ascending cluster ids), one row each in that order."""
        clusters = np.asarray(clusters, dtype=np.int64)
        starts = self._bounds[clusters]
        sizes = self._bounds[clusters + 1] - starts
        local = np.repeat(np.arange(len(clusters)), sizes)
        members = self._order[np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes) + np.repeat(starts, sizes)]
        return self._summed(local, members, len(clusters))

    def _summed(self, local: np.ndarray, members: np.ndarray, n_rows: int) -> sparse.csr_matrix:
        indicator = sparse.csr_matrix((np.ones(len(members)), (local, np.arange(len(members)))), shape=(n_rows, len(members)))
        rows, columns = used_columns(self.matrix[members])
        summed = indicator @ rows
        # the product's columns back to the matrix's numbers (the order within each row is kept)
        return sparse.csr_matrix((summed.data, columns[summed.indices], summed.indptr), shape=(n_rows, self.matrix.shape[1]))

    def row_scores(self, *, max_entries: int = DESCRIPTION_CHUNK) -> np.ndarray:
        """Each row's dot product with its cluster's sum (what :func:`medoids` ranks rows by),
        clusters whose claims hold about ``max_entries`` entries at a time."""
        out = np.zeros(len(self.labels))
        for first, stop in self.runs(self.n_clusters, max_entries):
            members = self._order[self._bounds[first] : self._bounds[stop]]
            local, (rows, _) = self.labels[members] - first, used_columns(self.matrix[members])  # dots within the run's own columns
            indicator = sparse.csr_matrix((np.ones(len(members)), (local, np.arange(len(members)))), shape=(stop - first, len(members)))
            out[members] = _lookup(indicator @ rows, local, rows)
        return out

    def similarity_to(self, medoid_rows: np.ndarray, *, max_entries: int = DESCRIPTION_CHUNK) -> np.ndarray:
        """Each row's dot product with its cluster's medoid row (``medoid_rows``, one per cluster), as
        ``_lookup(matrix, medoid_rows[labels], matrix)`` computes it, clusters whose claims hold
        about ``max_entries`` entries at a time: the look-up table of every entry of the matrix at
        once was the medoids' peak on a long article."""
        out = np.zeros(len(self.labels))
        local = np.zeros(len(self.labels), dtype=np.int64)  # each member's place among its run's rows
        for first, stop in self.runs(self.n_clusters, max_entries):
            members = self._order[self._bounds[first] : self._bounds[stop]]
            rows = self.matrix[members]
            local[members] = np.arange(len(members))
            out[members] = _lookup(rows, local[medoid_rows[self.labels[members]]], rows)
        return out


def used_columns(rows: sparse.csr_matrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``rows`` without the columns none of them uses, the others renumbered in order, and the
    original number of each column kept.

    A sparse product (scipy's ``csr_matmat``) keeps two work arrays as long as its result has
    columns: over the whole vocabulary, 17 MB for 1.45 million terms (one long article) for every
    run of a few clusters, and scikit-learn's silhouette transposes its sample for every block of
    distances. Products, dot products and norms over the kept columns are the same, float for
    float, and their entries come in the same order: the columns keep their order, and the sums run
    over the same entries in the same sequence."""
    rows = sparse.csr_matrix(rows)
    columns, renumbered = np.unique(rows.indices, return_inverse=True)  # one sort: a search per entry took four times as long
    if len(columns) == rows.shape[1]:
        return rows, columns.astype(rows.indices.dtype)
    indices = renumbered.reshape(-1).astype(rows.indices.dtype)
    return sparse.csr_matrix((rows.data, indices, rows.indptr), shape=(rows.shape[0], len(columns))), columns.astype(rows.indices.dtype)


def medoids(matrix: sparse.csr_matrix, labels: np.ndarray, *, sums: sparse.csr_matrix | ClusterSums | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each cluster's medoid row (max mean cosine similarity to its cluster) and each row's similarity to it.

    Uses cluster sum vectors (``sums``, :func:`cluster_sums` or :class:`ClusterSums`, computed when
    not given): a row's summed similarity to its cluster is its dot product with the cluster's
    sum, so this is linear in the number of non-zeros. Ties go to the first row.
    """
    sums = cluster_sums(matrix, labels) if sums is None else sums
    summed = sums.row_scores() if isinstance(sums, ClusterSums) else _lookup(sums, labels, matrix)
    score = np.round(summed, 10)  # rounding makes float-noise ties fall to the first row
    order = np.lexsort((np.arange(len(labels)), -score, labels))
    first_of_cluster = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    medoid_rows = order[first_of_cluster]
    # each row against its medoid, looked up in the matrix itself (no copy of the medoids' rows)
    similarity = sums.similarity_to(medoid_rows) if isinstance(sums, ClusterSums) else _lookup(matrix, medoid_rows[labels], matrix)
    return medoid_rows, similarity


CLUSTER_BLOCK = 1 << 15
"""Clusters whose label terms :func:`cluster_labels` chooses at once."""


def cluster_labels(
    matrix: sparse.csr_matrix,
    labels: np.ndarray,
    terms: np.ndarray,
    term_words: np.ndarray,
    *,
    n_terms: int = 4,
    sums: sparse.csr_matrix | ClusterSums | None = None,
    chunk: int = DESCRIPTION_CHUNK,
) -> Iterator[str]:
    """Top centroid terms of each cluster, " / "-joined, one label per cluster in cluster order; a
    term whose words are a subset or superset of a term already chosen ("troops" beside "troops
    sent") is skipped.

    Vectorised over clusters: candidates are taken rank by rank for all clusters at once, with
    each term's words as integer ids (``term_words``, from :func:`vectorise`), so a corpus of 300k
    clusters costs a few array passes. ``sums`` are the clusters' summed vectors
    (:func:`cluster_sums`, computed when not given); they are ranked about ``chunk`` entries at a
    time, since sort keys for every entry at once were the stage's peak memory on a long article.
    The terms are chosen and named :data:`CLUSTER_BLOCK` clusters at a time (each cluster's
    choice is its own): the candidates' word ids of every cluster at once, and the names of every
    chosen term at once (a long article's clusters choose hundreds of thousands of distinct
    terms), were the cluster descriptions' peak on a long article. The labels are yielded a block at
    a time, so a caller that stores them as it goes (:func:`analysis.claims.tables.text_column`)
    never holds one Python string per cluster: on a long article, nearly one per claim.
    """
    if not isinstance(sums, ClusterSums):
        sums = sparse.csr_matrix(cluster_sums(matrix, labels) if sums is None else sums)
        sums.sort_indices()
    n_clusters = sums.shape[0]
    if isinstance(sums, ClusterSums):
        blocks = sums.runs(CLUSTER_BLOCK, chunk)  # the sums of about ``chunk`` entries' clusters at a time
    else:
        blocks = [(block, min(block + CLUSTER_BLOCK, n_clusters)) for block in range(0, n_clusters, CLUSTER_BLOCK)]
    for first, stop in blocks:
        if isinstance(sums, ClusterSums):
            part = sums.block(first, stop)
            part.sort_indices()
        else:
            part = sums[first:stop]
        chosen = _chosen_terms(part, term_words, n_terms, chunk)
        # only the chosen terms' names are joined (``terms`` may be :class:`analysis.tfidf.TermNames`)
        named = np.unique(chosen[chosen >= 0])
        text = np.asarray(terms[named], dtype=object) if len(named) else np.array([], dtype=object)
        position = np.searchsorted(named, chosen)
        yield from [" / ".join(text[position[row][chosen[row] >= 0]]) for row in range(len(chosen))]


def _chosen_terms(sums: sparse.csr_matrix, term_words: np.ndarray, n_terms: int, chunk: int) -> np.ndarray:
    """The label terms of each row of ``sums`` (sorted indices), ``n_terms`` columns, -1 for none."""
    n_clusters = sums.shape[0]
    n_candidates = 3 * n_terms  # enough candidates to survive the overlap filter
    candidate = np.full((n_clusters, n_candidates), -1, dtype=np.int64)
    for first, stop in row_runs(sums.indptr, chunk):
        part = sums[first:stop].tocoo()
        order = _by_row_then_weight(part.row, part.data)
        rows, cols = part.row[order].astype(np.int64), part.col[order].astype(np.int64)
        rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
        keep = rank < n_candidates
        candidate[first + rows[keep], rank[keep]] = cols[keep]
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
    return chosen


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


SHORT_LABEL_WORDS = 8
"""Words in a cluster's short label at most."""

_LABEL_WORD = re.compile(r"\w+(?:['’]\w+)*")


def short_labels(
    representatives: Sequence[str],
    sums: sparse.csr_matrix | ClusterSums,
    terms: np.ndarray,
    term_words: np.ndarray,
    word_weight: Callable[[str], str],
    *,
    n_words: int = SHORT_LABEL_WORDS,
    multi: np.ndarray | None = None,
) -> Iterator[str]:
    """A short label per cluster, in the representative claim's own words, yielded in cluster order
    as each is made (stored as they come, :func:`analysis.claims.tables.text_column`, no list of
    one string per cluster is held). ``representatives`` is read once, in order.

    For a cluster of several claims (``multi`` true), the run of at most ``n_words`` consecutive
    words of its representative with the largest summed weight in the cluster's summed TF-IDF
    vector (``sums``, one row per cluster), so the label holds the words its claims share; words
    without weight (stop words) are trimmed from both ends. A one-claim cluster takes its first
    ``n_words`` words (split on spaces, the cheap way: most clusters have one claim). An ellipsis marks words left out. ``word_weight`` maps a written word to the
    vectoriser's term (its folds and canonical spelling).
    """
    # words per term counted as int8 (a few words each): an int64 count over the vocabulary was part
    # of the descriptions' peak on a long article
    is_unigram = (np.asarray(term_words) >= 0).sum(axis=1, dtype=np.int8) == 1 if len(terms) else np.zeros(0, dtype=bool)
    unigram = dict(zip(np.asarray(terms[is_unigram], dtype=object).tolist(), np.flatnonzero(is_unigram).tolist()))
    multi = np.ones(len(representatives), dtype=bool) if multi is None else multi
    # only the clusters of several claims read their sums (:class:`ClusterSums`: those alone are made)
    sum_row = np.arange(len(representatives))
    if isinstance(sums, ClusterSums):
        several = np.flatnonzero(multi)
        sum_row[several] = np.arange(len(several))
        sums = sums.of(several)
    sums = sparse.csr_matrix(sums)
    for cluster, text in enumerate(representatives):
        if not multi[cluster]:
            words = text.split()
            yield " ".join(words[:n_words]) + ("…" if len(words) > n_words else "")
            continue
        spans = [match.span() for match in _LABEL_WORD.finditer(text)]
        if not spans:
            yield text.strip()
            continue
        if not multi[cluster] or len(spans) <= n_words:
            start, stop = 0, min(len(spans), n_words)
        else:
            row = sums[sum_row[cluster]]
            weights = dict(zip(row.indices.tolist(), row.data.tolist()))
            score = np.array([weights.get(unigram.get(word_weight(text[a:b]), -1), 0.0) for a, b in spans])
            window = np.convolve(score, np.ones(n_words), mode="valid")
            start = int(np.argmax(window))  # ties: the earliest run
            stop = start + n_words
            while stop - start > 1 and score[start] == 0:
                start += 1
            while stop - start > 1 and score[stop - 1] == 0:
                stop -= 1
        label = text[spans[start][0] : spans[stop - 1][1]]
        yield ("…" if start > 0 else "") + label + ("…" if stop < len(spans) else "")
