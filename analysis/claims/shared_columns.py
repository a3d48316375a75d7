"""The claims' TF-IDF matrix held in two parts: the terms two claims can share, and the rest.

A term that occurs in one claim only (document frequency 1, a hapax) never adds to the dot product
of two different claims: the other claim has no entry in its column. So every pairwise product the
large path computes (the similarity graph's candidates and scores, the veto rules' shared words and
bigrams, the off-diagonal cosine products of a component clustered exactly) is the same, pair for
pair and float for float, on the matrix without those columns: scipy sums a product over the
entries two rows share, in column order, and dropping columns neither row shares leaves those
entries and their order as they were. Rows without their hapax entries have a norm of at most 1,
which is all the prefix filter's bound needs (:mod:`analysis.claims.graph`).

On one long article most terms are hapaxes (on the bench's 20 MB article 1.31 of 1.45 million terms,
40% of the entries: mostly bigrams), and the graph's, the rules' and the sweep's arrays over the
vocabulary and the entries shrink with them. What reads a claim's own vector whole (the silhouette,
which normalises rows again; the cluster descriptions' sums, medoids and labels) gets it back exactly
from the two parts (:meth:`SharedColumns.rows`, :meth:`SharedColumns.whole`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from analysis.claims.cluster import kept_indptr
from analysis.tfidf import term_counts


RENUMBER_CHUNK = 1 << 18
"""Entries whose column numbers :meth:`SharedColumns.whole` maps back at a time."""


class SharedColumns:
    """A CSR matrix split into ``shared`` (the entries of the columns used by two or more rows, those
    columns renumbered 0, 1, ... in order; ``shared_columns`` maps them back) and the entries of the
    columns used by one row, each row's entries of both kept in the row's order: :meth:`whole` and
    :meth:`rows` give back the matrix's rows array for array.

    Together the two parts hold the matrix's entries once, plus one byte an entry marking which part
    holds it: the matrix itself need not be kept beside them."""

    def __init__(self, matrix: sparse.csr_matrix) -> None:
        matrix = sparse.csr_matrix(matrix)
        self.shape: tuple[int, int] = matrix.shape
        self.dtype = matrix.dtype
        is_shared = term_counts(matrix.indices, matrix.shape[1]) > 1
        self.shared_columns = np.flatnonzero(is_shared).astype(matrix.indices.dtype)
        # a running count in the indices' own type numbers the shared columns (64-bit counts over
        # the vocabulary are what the graph's and the rules' peaks were made of)
        new_column = np.cumsum(is_shared, dtype=matrix.indices.dtype)
        new_column -= 1
        self._in_hapax = ~is_shared[matrix.indices]
        del is_shared
        in_shared = ~self._in_hapax
        self._indptr = matrix.indptr.copy()
        self.shared = sparse.csr_matrix(
            (matrix.data[in_shared], new_column[matrix.indices[in_shared]], kept_indptr(matrix.indptr, in_shared)),
            shape=(matrix.shape[0], len(self.shared_columns)),
        )
        del in_shared, new_column
        self._hapax = sparse.csr_matrix(
            (matrix.data[self._in_hapax], matrix.indices[self._in_hapax], kept_indptr(matrix.indptr, self._in_hapax)), shape=matrix.shape
        )

    @property
    def n_hapax_entries(self) -> int:
        """Entries in columns that one row alone uses."""
        return int(self._hapax.nnz)

    def rows(self, rows: np.ndarray) -> sparse.csr_matrix:
        """``matrix[rows]`` of the matrix split, exactly (same entries, same order within each row)."""
        rows = np.asarray(rows, dtype=np.int64)
        shared, hapax = self.shared[rows], self._hapax[rows]
        lengths = (self._indptr[rows + 1] - self._indptr[rows]).astype(np.int64)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        # each chosen row's entries, at their places in the whole matrix
        places = np.repeat(self._indptr[rows].astype(np.int64) - indptr[:-1], lengths) + np.arange(indptr[-1])
        return self._merged(shared, hapax, self._in_hapax[places], indptr.astype(self._indptr.dtype), len(rows))

    def whole(self) -> sparse.csr_matrix:
        """The matrix split, exactly; the parts are released as they are copied (this object is empty
        after, and the shared part's column array is reused: a reference kept to ``shared`` is not
        valid after): each part's values are freed once the whole's values hold them, before the whole's
        columns are made (held to the end, the parts beside the whole and its temporaries were the
        rebuild's peak, above the descriptions' start on one long article)."""
        in_hapax, indptr = self._in_hapax, self._indptr
        hapax_data, hapax_indices = self._hapax.data, self._hapax.indices
        shared_data, shared_indices = self.shared.data, self.shared.indices
        self.shared = self._hapax = self._in_hapax = self._indptr = None  # type: ignore[assignment]
        in_shared = ~in_hapax
        data = np.empty(len(in_hapax), dtype=self.dtype)
        data[in_hapax] = hapax_data
        data[in_shared] = shared_data
        del hapax_data, shared_data
        indices = np.empty(len(in_hapax), dtype=self.shared_columns.dtype)
        indices[in_hapax] = hapax_indices
        del hapax_indices, in_hapax
        # the shared columns' own numbers, in place a chunk at a time: no second array of them (numpy's
        # take makes its indices 64-bit, a copy twice the size, when given them all at once)
        for begin in range(0, len(shared_indices), RENUMBER_CHUNK):
            chunk = slice(begin, begin + RENUMBER_CHUNK)
            shared_indices[chunk] = self.shared_columns[shared_indices[chunk]]
        indices[in_shared] = shared_indices
        del shared_indices, in_shared
        return sparse.csr_matrix((data, indices, indptr), shape=self.shape)

    def _merged(self, shared: sparse.csr_matrix, hapax: sparse.csr_matrix, in_hapax: np.ndarray, indptr: np.ndarray, n_rows: int) -> sparse.csr_matrix:
        """Rows whose entries ``in_hapax`` marks as the hapax part's, the others the shared part's, in order."""
        data = np.empty(len(in_hapax), dtype=self.dtype)
        data[in_hapax] = hapax.data
        data[~in_hapax] = shared.data
        indices = np.empty(len(in_hapax), dtype=self.shared_columns.dtype)
        indices[in_hapax] = hapax.indices
        indices[~in_hapax] = self.shared_columns[shared.indices]
        return sparse.csr_matrix((data, indices, indptr), shape=(n_rows, self.shape[1]))
