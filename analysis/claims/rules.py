"""Pairs of claims that may never join one cluster, whatever their cosine similarity.

TF-IDF cosine measures shared wording, and shared wording is not always a shared claim. Below the
same-statement decision's cosine (:data:`analysis.claims.same_statement.MIN_SIMILARITY`, or at every
cosine when a run switches the decision off), three hand rules veto a pair, and no cluster holds a vetoed pair (under average or complete linkage: its distance is
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

From that cosine on, the decision (:mod:`analysis.claims.same_statement`) vetoes the pairs it
judges not to state the same thing, and three narrow forms of the rules stay beside it
(:meth:`PairRules._learned_veto`): the one-phrase test of the shared-term rule, the numbers rule
with figures compared within :data:`FIGURE_TOLERANCE`, and the negation rule's denial test (one
claim negated, each holding every content word of the other).

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

from analysis.claims.cluster import DIFFERENT_STATEMENTS, KEPT_APART, compact_columns, kept_indptr, row_dots
from analysis.claims.same_statement import SIGNALS, ClaimItems, SameStatementModel, signals_between
from analysis.claims.vectorise import fold_text
from analysis.lexicons import load_lexicon

ONE_PHRASE_SHARE = 0.5
"""Two claims whose shared words form one phrase ("the Nato secretary general, Jens Stoltenberg")
join only if that phrase holds at least this share of the shorter claim's content words: a long
shared run is a reworded claim (MSRP paraphrases), a short one a shared name with a title."""

ONE_PHRASE_MAX_WORDS = 3
"""The one-phrase rule concerns short phrases ("second largest city"); a longer shared run such as
"real-world combat experience" is kept (a seed claim pair shares just that)."""

SAME_STATEMENT_CHUNK = 256
"""Pairs the same-statement decision takes at a time: their claims' items (some 600 character
n-grams and 100 words and runs of words each, as Python strings: about 60 KB a claim) live for one
chunk only, so a chunk holds a few tens of MB at most, however many pairs a graph has."""

FIGURE_TOLERANCE = 0.2
"""Where the same-statement decision decides, two figures less than this share of the larger apart are
read as one figure rounded or updated ("about 10,000" and "9,600"; a toll of 18 that is 20 by
evening): the numbers rule keeps apart only claims whose figures lie further apart ("5 soldiers"
and "7 soldiers"; 5,000 dead and 4)."""

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
        same_statement: SameStatementModel | None = None,
    ) -> None:
        longest = term_words.shape[1] if term_words.ndim == 2 else 1
        # words per term as int8 (an n-gram range's upper end is a few words): an int64 count per term
        # was an array over the vocabulary (1.45 million terms on a 20 MB article) at the rules' peak
        n_words = (term_words >= 0).sum(axis=1, dtype=np.int8) if len(term_words) else np.zeros(0, dtype=np.int8)
        unigram_terms = np.asarray(terms[n_words == 1], dtype=object) if len(terms) else np.array([], dtype=object)
        self._setup(
            texts, matrix, n_words, unigram_terms, word_term, min_shared_terms, numbers, negations,
            all_unigrams=not longest, same_statement=same_statement,
        )  # fmt: skip

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
        same_statement: SameStatementModel | None = None,
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
            claim_words=claim_words, same_statement=same_statement,
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
        same_statement: SameStatementModel | None = None,
    ) -> None:
        self.texts = _row_texts(texts)
        self.same_statement = same_statement
        # the TF-IDF rows (whole, or the columns two claims share: the same products) for the cosine
        # from which the same-statement decision takes over from the hand rules
        self._vectors = matrix
        self.min_shared_terms = min_shared_terms
        self.numbers = numbers
        self.negations = negations
        self.figure_tolerance = FIGURE_TOLERANCE
        """The numbers rule's tolerance where the decision decides (validation scores others on one object)."""
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
        self._learned_decisions: dict[tuple[int, int], int] = {}

    def subset(self, rows: np.ndarray) -> PairRules:
        """The rules for the claim rows ``rows`` alone, renumbered 0, 1, ... in that order: any pair
        of them is vetoed exactly as here (what a Dask worker gets with a batch of components).

        The unigram columns stay the corpus's, so a name is looked up as it is here."""
        rows = np.asarray(rows, dtype=np.int64)
        part = object.__new__(PairRules)
        part.texts = [self.texts[row] for row in rows.tolist()]
        part.min_shared_terms, part.numbers, part.negations = self.min_shared_terms, self.numbers, self.negations
        part.same_statement, part._vectors, part.figure_tolerance = self.same_statement, self._vectors[rows], self.figure_tolerance
        part._unigrams, part._bigrams, part._n_words = self._unigrams[rows], self._bigrams[rows], self._n_words[rows]
        part._unigram_terms, part._unigram_column, part.word_term = self._unigram_terms, None, self.word_term
        part._name_columns, part._number_ids, part._number_vocabulary, part._negated = {}, {}, {}, {}
        part._learned_decisions = {}
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
        return self._hand_rules_active or self.same_statement is not None

    @property
    def _hand_rules_active(self) -> bool:
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

        From the same-statement decision's cosine on, it decides alone (:meth:`_different_statements`);
        below it, the hand rules (:meth:`_hand_veto`).
        """
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        veto = np.zeros(len(rows), dtype=bool)
        if not len(rows) or not self.active:
            return veto
        if self.same_statement is None:
            return self._hand_veto(rows, cols)
        cosine = row_dots(self._vectors, rows, cols)
        learned = cosine >= self.same_statement.min_similarity
        veto[learned] = self._learned_veto(rows[learned], cols[learned], cosine[learned]) > 0
        hand = np.flatnonzero(~learned)
        veto[hand] = self._hand_veto(rows[hand], cols[hand])
        return veto

    def _learned_veto(self, rows: np.ndarray, cols: np.ndarray, cosine: np.ndarray) -> np.ndarray:
        """The veto codes of pairs at or above the same-statement decision's cosine (0 for none):
        :data:`KEPT_APART` by the negation rule's denial test, the shared-term rule's one-phrase
        test, or the numbers rule with figures compared within :data:`FIGURE_TOLERANCE`;
        otherwise :data:`DIFFERENT_STATEMENTS` where the decision judges them so."""
        different, denied = self._different_statements(rows, cols, cosine)
        apart = denied | self._one_phrase_veto(rows, cols)
        if self.numbers:
            still = np.flatnonzero(~apart)
            apart[still] = self._figures_apart(rows[still], cols[still])
        return np.where(apart, KEPT_APART, np.where(different, DIFFERENT_STATEMENTS, 0)).astype(np.int8)

    def _different_statements(self, rows: np.ndarray, cols: np.ndarray, cosine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each pair: whether the same-statement decision judges it two statements, and whether
        one denies the other in the same words (the negation rule's denial test), ``SAME_STATEMENT_CHUNK``
        pairs at a time (each chunk's claims hashed from their texts, then dropped)."""
        different, denied = np.zeros(len(rows), dtype=bool), np.zeros(len(rows), dtype=bool)
        for begin in range(0, len(rows), SAME_STATEMENT_CHUNK):
            end = begin + SAME_STATEMENT_CHUNK
            members, local = np.unique(np.concatenate([rows[begin:end], cols[begin:end]]), return_inverse=True)
            items = ClaimItems.of([self.texts[row] for row in members.tolist()])
            half = len(local) // 2
            signals = signals_between(items, local[:half], local[half:], cosine[begin:end])
            different[begin:end] = ~self.same_statement.same(signals)  # type: ignore[union-attr]
            if self.negations:
                denied[begin:end] = _denial(signals)
        return different, denied

    def _figures_apart(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The numbers rule where the same-statement decision decides: both claims state figures and
        each states one that no figure of the other lies within ``figure_tolerance`` (:data:`FIGURE_TOLERANCE`) of.

        Each claim's figures are read for this call alone: kept per claim, they were a Python tuple
        for every claim of a large corpus's graph through the rest of the stage."""
        apart = np.zeros(len(rows), dtype=bool)
        figures: dict[int, tuple[float, ...]] = {}
        for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist())):
            for claim in (row, col):
                if claim not in figures:
                    figures[claim] = tuple(sorted({float(number) for number in NUMBER.findall(fold_text(self.texts[claim]))}))
            mine, theirs = figures[row], figures[col]
            if mine and theirs and mine != theirs:
                apart[k] = _has_lone_figure(mine, theirs, self.figure_tolerance) and _has_lone_figure(theirs, mine, self.figure_tolerance)
        return apart

    def _one_phrase_veto(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The shared-term rule's one-phrase part (:func:`_one_phrase`), which stays on where the
        same-statement decision decides: MSRP's pairs, all from one story, seldom share a single
        short phrase alone, so the model has not learned that a shared place or title is no claim."""
        if not (self.min_shared_terms > 1 and self._unigrams.shape[1] > 0) or not len(rows):
            return np.zeros(len(rows), dtype=bool)
        words = row_dots(self._unigrams, rows, cols)
        bigrams = row_dots(self._bigrams, rows, cols) if self._bigrams.shape[1] else np.zeros(len(rows))
        return _one_phrase(words, bigrams, np.minimum(self._n_words[rows], self._n_words[cols]))

    def _hand_veto(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The hand rules' veto of each pair. The cheap tests run first; a claim's text is read only
        for pairs they leave open."""
        veto = np.zeros(len(rows), dtype=bool)
        if not len(rows) or not self._hand_rules_active:
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
        return (words - named < self.min_shared_terms) | _one_phrase(words, bigrams, shorter)

    def veto_block(self, members: np.ndarray, *, block_cells: int = 1 << 21) -> np.ndarray:
        """Square int8 matrix over ``members`` (claim rows): 0 where nothing vetoes the pair (and on the
        diagonal), :data:`~analysis.claims.cluster.KEPT_APART` where a rule keeps it apart,
        :data:`~analysis.claims.cluster.DIFFERENT_STATEMENTS` where the same-statement decision judges
        it two statements (a cluster may then still hold both, through the claims close to each).

        Computed with matrix products over the members, not pair by pair, a band of rows at a time
        (about ``block_cells`` pairs): the dense products of all members at once were five n x n
        float arrays, over 1 GB for the 5,000 claims of the exact path. The pairs at or above the
        same-statement decision's cosine are then decided as :meth:`veto_pairs` decides them
        (:meth:`_learned_block`).
        """
        members = np.asarray(members, dtype=np.int64)
        n = len(members)
        veto = np.zeros((n, n), dtype=np.int8)
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
            hand = np.zeros((band.stop - band.start, n), dtype=bool)
            if shared_rule:
                words = (block[band] @ block_t).toarray()
                bigrams = (pairs[band] @ pairs_t).toarray() if pairs_t is not None else np.zeros_like(words)
                named = (names[band] @ block_t).toarray() + (block[band] @ names_t).toarray() - (names[band] @ names_t).toarray()
                hand |= self._too_little_shared(words, bigrams, np.minimum(n_words[band, None], n_words[None, :]), named)
            if self.numbers:
                hand |= _different_numbers(count[band, None], count[None, :], (numbers[band] @ numbers_t).toarray())
            if self.negations:
                hand |= negated[band, None] != negated[None, :]
            veto[band] = np.where(hand, KEPT_APART, 0)
        if self.same_statement is not None:
            self._learned_block(members, veto)
        np.fill_diagonal(veto, 0)
        return veto

    def _learned_block(self, members: np.ndarray, veto: np.ndarray) -> None:
        """Overwrite in ``veto`` (over ``members``) the pairs at or above the same-statement decision's
        cosine with :meth:`_learned_veto`, the function the pair-by-pair path calls: both paths decide
        those pairs alike. They are found from the sparse product of the members' rows (a
        component's few close pairs, not its every cell), and each decision is kept for the sweep,
        which asks about the same components at every threshold."""
        (vectors,) = compact_columns(self._vectors[members])
        close = sparse.triu(vectors @ vectors.T.tocsr(), k=1).tocoo()
        keep = close.data >= self.same_statement.min_similarity  # type: ignore[union-attr]
        first, second, cosine = close.row[keep], close.col[keep], close.data[keep]
        if not len(first):
            return
        rows, cols = members[first], members[second]
        decided = np.array([self._learned_decisions.get((row, col), -1) for row, col in zip(rows.tolist(), cols.tolist())], dtype=np.int8)
        new = np.flatnonzero(decided < 0)
        if len(new):
            found = self._learned_veto(rows[new], cols[new], cosine[new])
            decided[new] = found
            self._learned_decisions.update(zip(zip(rows[new].tolist(), cols[new].tolist()), found.tolist()))
        veto[first, second] = veto[second, first] = decided

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


def _one_phrase(words: np.ndarray, bigrams: np.ndarray, shorter: np.ndarray) -> np.ndarray:
    """All two claims share is one phrase (every shared word joined to the next by a shared bigram) of
    at most ``ONE_PHRASE_MAX_WORDS`` words covering less than ``ONE_PHRASE_SHARE`` of the shorter
    claim's content words: "Kharkiv, Ukraine's second-largest city"."""
    return (words > 0) & (words <= ONE_PHRASE_MAX_WORDS) & (words - bigrams <= 1) & (words < ONE_PHRASE_SHARE * shorter)


_NEGATION_DIFFERS, _CONTENT_MIN = SIGNALS.index("negation_differs"), SIGNALS.index("content_min")


def _denial(signals: np.ndarray) -> np.ndarray:
    """The negation rule where the same-statement decision decides: one claim is negated, the other
    not, and each holds every content word of the other ("the troops were (not) deployed"). A looser
    difference in negation ("declined to comment" and "had no comment") is the decision's to weigh."""
    return (signals[..., _NEGATION_DIFFERS] > 0) & (signals[..., _CONTENT_MIN] >= 1)


def _has_lone_figure(mine: tuple[float, ...], theirs: tuple[float, ...], tolerance: float) -> bool:
    """Whether some figure of ``mine`` has none of ``theirs`` within ``tolerance`` of the larger."""
    return any(all(abs(x - y) > tolerance * max(abs(x), abs(y)) for y in theirs) for x in mine)


def _different_numbers(count_a: np.ndarray, count_b: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Both state numbers and neither's set of numbers lies inside the other's."""
    return (count_a > 0) & (count_b > 0) & (shared < np.minimum(count_a, count_b))


def _pair_dots(left: sparse.csr_matrix, right: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``left[rows[k]] . right[cols[k]]`` for each k."""
    return np.asarray(left[rows].multiply(right[cols]).sum(axis=1)).ravel() if len(rows) else np.zeros(0)

