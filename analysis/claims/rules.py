"""Pairs of claims that may never join one cluster, whatever their cosine similarity.

TF-IDF cosine measures shared wording, and shared wording is not always a shared claim. Three rules
veto a pair (its distance becomes 1, the largest a non-negative TF-IDF pair can have):

- **one shared name or term**: the two claims share fewer than ``min_shared_terms`` content words,
  where two shared words that are also shared as one bigram count once ("Volodymyr Zelenskiy" is
  one term, not two): a cluster may not form on one shared name;
- **different numbers**: both state numbers and neither's numbers are a subset of the other's
  ("killed 5" against "killed 7");
- **negation**: one claim is negated (a word of ``lexicons/negations.txt``, or "no", "not",
  "never", any "n't") and the other is not.

Both clustering paths apply the same rules to every pair they compare (the graph's edges are
filtered, the dense distances of each component adjusted), so the graph path stays exact: a vetoed
pair has distance 1, never under a threshold, which lies below 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy import sparse

from analysis.claims.vectorise import fold_text
from analysis.lexicons import load_lexicon

NUMBER = re.compile(r"\d+(?:\.\d+)?")
"""A number as written, after :func:`fold_text` removed digit-group separators ("10,000" -> "10000")."""


@cache
def negation_pattern() -> re.Pattern[str]:
    """Negation words (``lexicons/negations.txt`` plus ``without``) and any "n't" ending, on folded text."""
    words = sorted({*load_lexicon("negations"), "without"}, key=len, reverse=True)
    return re.compile(r"n't\b|\b(?:" + "|".join(re.escape(word) for word in words) + r")\b")


class PairRules:
    """The veto rules for one set of claims (rows of the TF-IDF matrix), computed lazily per row.

    ``min_shared_terms`` 0 or 1 switches the shared-term rule off; ``numbers`` and ``negations``
    switch the other two.
    """

    def __init__(
        self,
        texts: Sequence[str],
        matrix: sparse.csr_matrix,
        term_words: np.ndarray,
        *,
        min_shared_terms: int = 2,
        numbers: bool = True,
        negations: bool = True,
    ) -> None:
        self.texts = list(texts)
        self.min_shared_terms = min_shared_terms
        self.numbers = numbers
        self.negations = negations
        longest = term_words.shape[1] if term_words.ndim == 2 else 1
        n_words = (term_words >= 0).sum(axis=1) if len(term_words) else np.zeros(0, dtype=np.int64)
        binary = sparse.csr_matrix(matrix, copy=True)
        binary.data = np.ones_like(binary.data)
        self._unigrams = binary[:, np.flatnonzero(n_words == 1)].tocsr() if longest else binary
        self._bigrams = binary[:, np.flatnonzero(n_words == 2)].tocsr()
        self._number_ids: dict[int, list[int]] = {}
        self._number_vocabulary: dict[str, int] = {}
        self._negated: dict[int, bool] = {}

    @property
    def active(self) -> bool:
        """Whether any rule can veto a pair."""
        return self.min_shared_terms > 1 or self.numbers or self.negations

    def _features(self, members: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
        """For claim rows ``members``: their numbers (binary rows over the numbers seen) and negation flags.

        Each claim's text is read once, the first time a pair asks for it.
        """
        negation = negation_pattern()
        vocabulary = self._number_vocabulary
        for row in members.tolist():
            if row not in self._negated:
                folded = fold_text(self.texts[row])
                self._negated[row] = bool(negation.search(folded))
                self._number_ids[row] = sorted({vocabulary.setdefault(found, len(vocabulary)) for found in NUMBER.findall(folded)})
        ids = [self._number_ids[row] for row in members.tolist()]
        indptr = np.cumsum([0] + [len(found) for found in ids])
        indices = np.fromiter((i for found in ids for i in found), dtype=np.int64, count=int(indptr[-1]))
        numbers = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(members), max(len(vocabulary), 1)))
        negated = np.fromiter((self._negated[row] for row in members.tolist()), dtype=bool, count=len(members))
        return numbers, negated

    def veto_pairs(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """For each pair (rows[k], cols[k]) of claim rows: whether a rule keeps them apart."""
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        veto = np.zeros(len(rows), dtype=bool)
        if not len(rows) or not self.active:
            return veto
        if self.min_shared_terms > 1 and self._unigrams.shape[1]:
            words = _row_dots(self._unigrams, rows, cols)
            bigrams = _row_dots(self._bigrams, rows, cols) if self._bigrams.shape[1] else 0.0
            veto |= _shared_terms(words, bigrams) < self.min_shared_terms
        if self.numbers or self.negations:
            members, local = np.unique(np.concatenate([rows, cols]), return_inverse=True)
            local_rows, local_cols = local[: len(rows)], local[len(rows) :]
            numbers, negated = self._features(members)
            if self.numbers:
                count = np.diff(numbers.indptr)
                shared = _row_dots(numbers, local_rows, local_cols)
                veto |= _different_numbers(count[local_rows], count[local_cols], shared)
            if self.negations:
                veto |= negated[local_rows] != negated[local_cols]
        return veto

    def veto_block(self, members: np.ndarray) -> np.ndarray:
        """Square boolean matrix over ``members`` (claim rows): which pairs a rule keeps apart (diagonal false).

        Computed with matrix products over the block, not pair by pair.
        """
        members = np.asarray(members, dtype=np.int64)
        n = len(members)
        veto = np.zeros((n, n), dtype=bool)
        if n < 2 or not self.active:
            return veto
        if self.min_shared_terms > 1 and self._unigrams.shape[1]:
            block = self._unigrams[members]
            words = (block @ block.T).toarray()
            bigrams = 0.0
            if self._bigrams.shape[1]:
                pairs = self._bigrams[members]
                bigrams = (pairs @ pairs.T).toarray()
            veto |= _shared_terms(words, bigrams) < self.min_shared_terms
        if self.numbers or self.negations:
            numbers, negated = self._features(members)
            if self.numbers:
                count = np.diff(numbers.indptr)
                veto |= _different_numbers(count[:, None], count[None, :], (numbers @ numbers.T).toarray())
            if self.negations:
                veto |= negated[:, None] != negated[None, :]
        np.fill_diagonal(veto, False)
        return veto

    def filter_graph(self, graph: sparse.csr_matrix) -> sparse.csr_matrix:
        """The similarity graph without its vetoed edges."""
        if not self.active or graph.nnz == 0:
            return graph
        coo = graph.tocoo()
        keep = ~self.veto_pairs(coo.row, coo.col)
        return sparse.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=graph.shape)


def _shared_terms(words: np.ndarray, bigrams: np.ndarray | float) -> np.ndarray:
    """Shared content words, where two shared words that are also one shared bigram (a two-word name
    such as "Volodymyr Zelenskiy") count once; three or more shared words count as they are.

    Counting every run of shared words once was measured and dropped: paraphrases share long runs
    (MSRP recall fell from 0.98 to 0.84, docs/validation/claims.md)."""
    two_word_name = (words == 2) & (np.asarray(bigrams) >= 1)
    return np.where(two_word_name, 1, words)


def _different_numbers(count_a: np.ndarray, count_b: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Both state numbers and neither's set of numbers lies inside the other's."""
    return (count_a > 0) & (count_b > 0) & (shared < np.minimum(count_a, count_b))


def _row_dots(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, *, chunk: int = 200_000) -> np.ndarray:
    """``matrix[rows[k]] . matrix[cols[k]]`` for each k, in chunks."""
    out = np.zeros(len(rows))
    for begin in range(0, len(rows), chunk):
        end = begin + chunk
        out[begin:end] = np.asarray(matrix[rows[begin:end]].multiply(matrix[cols[begin:end]]).sum(axis=1)).ravel()
    return out
