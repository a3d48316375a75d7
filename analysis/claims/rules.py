"""Pairs of claims that may never join one cluster, whatever their cosine similarity.

TF-IDF cosine measures shared wording, and shared wording is not always a shared claim. Three rules
veto a pair, and no cluster holds a vetoed pair (under average or complete linkage: its distance is
:func:`analysis.claims.cluster.cannot_link_distance`, which no average over the pairs of two clusters
holding it can bring under a threshold):

- **one shared name or term**: the two claims share fewer than ``min_shared_terms`` content words
  that are neither part of a name (capitalised inside the sentence in either claim: "Jens
  Stoltenberg", "Nato", "Swedish") nor a title (``lexicons/source_titles.txt``: "secretary",
  "general", "minister"), or all they share is one phrase (each shared word joined to the next by a
  shared bigram) of at most three words covering less than half the shorter claim's content words
  ("Ukraine's second-largest city"): a cluster may not form on one shared name, title or term;
- **different numbers**: both state numbers and neither's numbers are a subset of the other's
  ("killed 5" against "killed 7");
- **negation**: one claim is negated (a word of ``lexicons/negations.txt``, or "no", "not",
  "never", any "n't") and the other is not.

Both clustering paths apply the same rules to every pair they compare (the graph's edges are
filtered, the dense distances of each component adjusted), so the graph path stays exact: a vetoed
pair is never an edge, and inside a component its distance keeps any cluster holding it above the
threshold, as on the exact path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.cluster import compact_columns, kept_indptr, row_dots
from analysis.claims.vectorise import fold_text
from analysis.lexicons import load_lexicon

ONE_PHRASE_SHARE = 0.5
"""Two claims whose shared words form one phrase ("the Nato secretary general, Jens Stoltenberg")
join only if that phrase holds at least this share of the shorter claim's content words: a long
shared run is a reworded claim (MSRP paraphrases), a short one a shared name with a title."""

ONE_PHRASE_MAX_WORDS = 3
"""The one-phrase rule concerns short phrases ("second largest city"); a longer shared run such as
"real-world combat experience" is kept (a seed claim pair shares just that)."""

NUMBER = re.compile(r"\d+(?:\.\d+)?")
"""A number as written, after :func:`fold_text` removed digit-group separators ("10,000" -> "10000")."""


_WORD = re.compile(r"\w+(?:['’]\w+)*")


@cache
def title_words() -> frozenset[str]:
    """Titles and roles that precede a name (``lexicons/source_titles.txt``): never what two claims share."""
    return frozenset(load_lexicon("source_titles"))


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
        texts: Sequence[str] | pd.Series,
        matrix: sparse.csr_matrix,
        terms: np.ndarray,
        term_words: np.ndarray,
        *,
        word_term: Callable[[str], str] = str.lower,
        min_shared_terms: int = 2,
        numbers: bool = True,
        negations: bool = True,
    ) -> None:
        longest = term_words.shape[1] if term_words.ndim == 2 else 1
        # words per term as int8 (an n-gram range's upper end is a few words): an int64 count per term
        # was an array over the vocabulary (1.45 million terms on a 20 MB article) at the rules' peak
        n_words = (term_words >= 0).sum(axis=1, dtype=np.int8) if len(term_words) else np.zeros(0, dtype=np.int8)
        unigram_terms = np.asarray(terms[n_words == 1], dtype=object) if len(terms) else np.array([], dtype=object)
        self._setup(texts, matrix, n_words, unigram_terms, word_term, min_shared_terms, numbers, negations, all_unigrams=not longest)

    @classmethod
    def for_columns(
        cls,
        texts: Sequence[str],
        matrix: sparse.csr_matrix,
        n_words: np.ndarray,
        unigram_terms: np.ndarray,
        *,
        word_term: Callable[[str], str] = str.lower,
        min_shared_terms: int = 2,
        numbers: bool = True,
        negations: bool = True,
        claim_words: np.ndarray | None = None,
    ) -> PairRules:
        """The rules from each column's number of words and the unigram columns' terms (in column
        order) instead of the whole vocabulary's names and word ids: what a Dask worker building a
        block of the similarity graph is given (a few MB where the names are hundreds).

        ``claim_words``: each claim's number of unigram terms, where ``matrix`` holds only some of
        its columns (the shared ones of :class:`~analysis.claims.shared_columns.SharedColumns`: a
        word in one claim alone is never shared, but it counts in the shorter claim's length that
        the one-phrase rule compares with); by default counted from ``matrix``."""
        rules = object.__new__(cls)
        rules._setup(
            texts, matrix, np.asarray(n_words), np.asarray(unigram_terms, dtype=object), word_term, min_shared_terms, numbers, negations,
            claim_words=claim_words,
        )  # fmt: skip
        return rules

    def _setup(
        self,
        texts: Sequence[str],
        matrix: sparse.csr_matrix,
        n_words: np.ndarray,
        unigram_terms: np.ndarray,
        word_term: Callable[[str], str],
        min_shared_terms: int,
        numbers: bool,
        negations: bool,
        *,
        all_unigrams: bool = False,
        claim_words: np.ndarray | None = None,
    ) -> None:
        self.texts = _row_texts(texts)
        self.min_shared_terms = min_shared_terms
        self.numbers = numbers
        self.negations = negations
        self._unigrams = _binary_columns(matrix, np.ones(matrix.shape[1], dtype=bool) if all_unigrams else n_words == 1)
        self._bigrams = _binary_columns(matrix, n_words == 2, compact=True)  # compared between these rows alone
        self._n_words = np.diff(self._unigrams.indptr) if claim_words is None else np.asarray(claim_words)
        self._unigram_terms = unigram_terms
        self._unigram_column: dict[str, int] | None = None
        self.word_term = word_term
        self._name_columns: dict[int, list[int]] = {}
        self._number_ids: dict[int, list[int]] = {}
        self._number_vocabulary: dict[str, int] = {}
        self._negated: dict[int, bool] = {}

    def subset(self, rows: np.ndarray) -> PairRules:
        """The rules for the claim rows ``rows`` alone, renumbered 0, 1, ... in that order: any pair
        of them is vetoed exactly as here (what a Dask worker gets with a batch of components).

        The unigram columns stay the corpus's, so a name is looked up as it is here."""
        rows = np.asarray(rows, dtype=np.int64)
        part = object.__new__(PairRules)
        part.texts = [self.texts[row] for row in rows.tolist()]
        part.min_shared_terms, part.numbers, part.negations = self.min_shared_terms, self.numbers, self.negations
        part._unigrams, part._bigrams, part._n_words = self._unigrams[rows], self._bigrams[rows], self._n_words[rows]
        part._unigram_terms, part._unigram_column, part.word_term = self._unigram_terms, None, self.word_term
        part._name_columns, part._number_ids, part._number_vocabulary, part._negated = {}, {}, {}, {}
        return part

    def _names(self, members: np.ndarray) -> sparse.csr_matrix:
        """For claim rows ``members``: binary rows over the unigram columns marking each claim's name
        and title words (a word capitalised after the claim's first word, or a title of the lexicon)."""
        if self._unigram_column is None:
            self._unigram_column = {term: column for column, term in enumerate(self._unigram_terms)}
        columns, titles = self._unigram_column, title_words()
        for row in members.tolist():
            if row not in self._name_columns:
                found = set()
                words = _WORD.findall(self.texts[row])
                capital = [position > 0 and word[0].isupper() for position, word in enumerate(words)]
                for position, word in enumerate(words):
                    # a lower-case particle inside a name ("Ursula von der Leyen") is part of it
                    inside = 0 < position < len(words) - 1 and word.islower() and capital[position - 1] and (
                        capital[position + 1] or (position + 2 < len(words) and words[position + 1].islower() and capital[position + 2])
                    )
                    if capital[position] or inside or word.lower() in titles:
                        column = columns.get(self.word_term(word), -1)
                        if column >= 0:
                            found.add(column)
                self._name_columns[row] = sorted(found)
        ids = [self._name_columns[row] for row in members.tolist()]
        indptr = np.cumsum([0] + [len(found) for found in ids])
        indices = np.fromiter((i for found in ids for i in found), dtype=np.int64, count=int(indptr[-1]))
        return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(members), self._unigrams.shape[1]))

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
        """For each pair (rows[k], cols[k]) of claim rows: whether a rule keeps them apart.

        The cheap tests run first; a claim's text is read only for pairs they leave open.
        """
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        veto = np.zeros(len(rows), dtype=bool)
        if not len(rows) or not self.active:
            return veto
        shared_rule = self.min_shared_terms > 1 and self._unigrams.shape[1] > 0
        if shared_rule:
            words = row_dots(self._unigrams, rows, cols)
            veto |= words < self.min_shared_terms
        open_pairs = np.flatnonzero(~veto)
        if not len(open_pairs):
            return veto
        rows_open, cols_open = rows[open_pairs], cols[open_pairs]
        members, local = np.unique(np.concatenate([rows_open, cols_open]), return_inverse=True)
        mine, theirs = local[: len(open_pairs)], local[len(open_pairs) :]
        flagged = np.zeros(len(open_pairs), dtype=bool)
        if self.numbers or self.negations:
            numbers, negated = self._features(members)
            if self.numbers:
                count = np.diff(numbers.indptr)
                flagged |= _different_numbers(count[mine], count[theirs], row_dots(numbers, mine, theirs))
            if self.negations:
                flagged |= negated[mine] != negated[theirs]
        if shared_rule:
            still = np.flatnonzero(~flagged)
            if len(still):
                names = self._names(members)
                unigrams = self._unigrams[members]
                a, b = mine[still], theirs[still]
                # shared words that are a name or title in either claim: |Na & Ub| + |Ua & Nb| - |Na & Nb|
                named = _pair_dots(names, unigrams, a, b) + _pair_dots(unigrams, names, a, b) - _pair_dots(names, names, a, b)
                pair_rows, pair_cols = rows_open[still], cols_open[still]
                bigrams = row_dots(self._bigrams, pair_rows, pair_cols) if self._bigrams.shape[1] else np.zeros(len(still))
                shorter = np.minimum(self._n_words[pair_rows], self._n_words[pair_cols])
                flagged[still] |= self._too_little_shared(words[open_pairs][still], bigrams, shorter, named)
        veto[open_pairs] = flagged
        return veto

    def _too_little_shared(self, words: np.ndarray, bigrams: np.ndarray, shorter: np.ndarray, named: np.ndarray) -> np.ndarray:
        """The shared-term rule: fewer than ``min_shared_terms`` shared words that are not names or
        titles, or one shared phrase of at most ``ONE_PHRASE_MAX_WORDS`` words (every shared word
        joined to the next by a shared bigram) covering less than ``ONE_PHRASE_SHARE`` of the
        shorter claim's content words."""
        one_phrase = (words > 0) & (words <= ONE_PHRASE_MAX_WORDS) & (words - bigrams <= 1) & (words < ONE_PHRASE_SHARE * shorter)
        return (words - named < self.min_shared_terms) | one_phrase

    def veto_block(self, members: np.ndarray, *, block_cells: int = 1 << 21) -> np.ndarray:
        """Square boolean matrix over ``members`` (claim rows): which pairs a rule keeps apart (diagonal false).

        Computed with matrix products over the members, not pair by pair, a band of rows at a time
        (about ``block_cells`` pairs): the dense products of all members at once were five n x n
        float arrays, over 1 GB for the 5,000 claims of the exact path.
        """
        members = np.asarray(members, dtype=np.int64)
        n = len(members)
        veto = np.zeros((n, n), dtype=bool)
        if n < 2 or not self.active:
            return veto
        shared_rule = self.min_shared_terms > 1 and self._unigrams.shape[1] > 0
        if shared_rule:
            block, names = compact_columns(self._unigrams[members], self._names(members))
            block_t, names_t = block.T.tocsr(), names.T.tocsr()
            pairs_t = None
            if self._bigrams.shape[1]:
                (pairs,) = compact_columns(self._bigrams[members])
                pairs_t = pairs.T.tocsr()
            n_words = self._n_words[members]
        if self.numbers or self.negations:
            numbers, negated = self._features(members)
            numbers_t, count = numbers.T.tocsr(), np.diff(numbers.indptr)
        step = max(1, block_cells // n)
        for start in range(0, n, step):
            band = slice(start, min(start + step, n))
            if shared_rule:
                words = (block[band] @ block_t).toarray()
                bigrams = (pairs[band] @ pairs_t).toarray() if pairs_t is not None else np.zeros_like(words)
                named = (names[band] @ block_t).toarray() + (block[band] @ names_t).toarray() - (names[band] @ names_t).toarray()
                veto[band] |= self._too_little_shared(words, bigrams, np.minimum(n_words[band, None], n_words[None, :]), named)
            if self.numbers:
                veto[band] |= _different_numbers(count[band, None], count[None, :], (numbers[band] @ numbers_t).toarray())
            if self.negations:
                veto[band] |= negated[band, None] != negated[None, :]
        np.fill_diagonal(veto, False)
        return veto

    def filter_graph(self, graph: sparse.csr_matrix) -> sparse.csr_matrix:
        """The similarity graph without its vetoed edges."""
        if not self.active or graph.nnz == 0:
            return graph
        coo = graph.tocoo()
        keep = ~self.veto_pairs(coo.row, coo.col)
        return sparse.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=graph.shape)


def _row_texts(texts: Sequence[str] | pd.Series | pd.api.extensions.ExtensionArray) -> Sequence[str]:
    """The claims' texts as the rules read them, one row at a time by position.

    A pandas text column is kept as its array (a Series by position, whatever its index), not
    turned into a list: the rules read the text of only the rows whose pairs they test, and a
    list of every claim as a Python string was a second copy of the claims' texts held through the
    similarity graph and the sweep (28 MB on a 20 MB article, whose texts pandas holds in Arrow).
    Any other sequence is kept as a list."""
    if isinstance(texts, pd.Series):
        return texts.array  # type: ignore[return-value]
    if isinstance(texts, (list, np.ndarray, pd.api.extensions.ExtensionArray)):
        return texts  # type: ignore[return-value]
    return list(texts)


def _binary_columns(matrix: sparse.csr_matrix, keep: np.ndarray, *, compact: bool = False) -> sparse.csr_matrix:
    """0/1 entries of ``matrix`` in the columns where ``keep`` is true, those columns renumbered in
    order; with ``compact``, where the columns outnumber the matrix's entries, numbered among the
    kept columns the matrix uses only (for columns whose numbers are compared within these rows
    alone, as the bigrams' are: the dot products between rows do not change).

    What ``matrix[:, columns]`` with ones gives, built from the kept entries alone: scipy's column
    selection passes through a copy of the whole matrix, on a long article the veto rules' peak. The
    new numbers come from a running count over the columns while the matrix has at least as many
    entries (the count's arrays are then no larger than the matrix's, and it is the faster way);
    with fewer, from the entries' columns alone: a batch of the Dask engine's graph path holds a few
    thousand rows over the corpus's millions of columns, and two int64 counts of those were its
    largest arrays (issue 14, dask14g).
    """
    matrix = sparse.csr_matrix(matrix)
    keep = np.asarray(keep, dtype=bool)
    kept = keep[matrix.indices]
    columns = matrix.indices[kept]
    if len(keep) <= matrix.nnz:
        # a running count in the matrix's own index type (64-bit counts over every entry and term
        # were the veto rules' peak on a long article)
        count = np.cumsum(keep, dtype=matrix.indices.dtype)
        count -= 1
        width = int(keep.sum())
        new_column = np.take(count, columns, out=columns)  # in place: the kept entries' columns are not read again
        del count
    elif compact:
        numbered, new_column = np.unique(columns, return_inverse=True)
        width = len(numbered)
    else:
        kept_columns = np.flatnonzero(keep)
        new_column, width = np.searchsorted(kept_columns, columns), len(kept_columns)
    indptr = kept_indptr(matrix.indptr, kept)
    indices = np.asarray(new_column).astype(matrix.indices.dtype, copy=False)
    del kept, columns, new_column
    # the ones as float32: counts of shared words stay exact (below 2**24) at half the memory
    return sparse.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr), shape=(matrix.shape[0], width))


def _different_numbers(count_a: np.ndarray, count_b: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Both state numbers and neither's set of numbers lies inside the other's."""
    return (count_a > 0) & (count_b > 0) & (shared < np.minimum(count_a, count_b))


def _pair_dots(left: sparse.csr_matrix, right: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``left[rows[k]] . right[cols[k]]`` for each k."""
    return np.asarray(left[rows].multiply(right[cols]).sum(axis=1)).ravel() if len(rows) else np.zeros(0)

