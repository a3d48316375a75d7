"""The claims' TF-IDF vectors built partition by partition, equal to the whole corpus's to the last bit.

The Dask engine (:mod:`analysis.engines.dask`) holds the corpus as partitions of whole articles.
The claims stage's vectoriser needs two corpus-wide facts, and nothing else crosses partitions:

1. each term's document frequency (for the IDF, ``min_df`` and ``max_df``), and
2. the order in which the whole corpus first saw each term.

The second is why this is more than a sum. :func:`analysis.tfidf.fit_transform` stores each row's
entries in first-seen order before scikit-learn's weighting sums their squares for the row's L2
norm; summed in another order, a norm can differ in its last bit, and a similarity at a threshold
with it. So each partition reports, per term, its document frequency and where it first saw the
term: the claim (doc_id, sentence_id, the claims' order) and the entry's place within that claim's
stored row. The first-seen order of the whole corpus is the order of these places, the earliest of
each term over all partitions: terms first seen in different claims are ordered by claim, and terms
first seen in one claim were first seen in one partition, which stored them in the corpus's order.

Steps (each a pure function):

1. :func:`count_part`: select the partition's claims, count its terms
   (:func:`analysis.tfidf.count_terms`), and :func:`term_stats` of them;
2. :func:`merge_term_stats` across partitions, then :func:`vocabulary`: the alphabetical
   vocabulary, the ``min_df``/``max_df`` cut, the IDF as scikit-learn computes it and each
   term's first-seen rank;
3. :func:`part_vectors`: the partition's rows over that vocabulary, weighted as
   ``TfidfTransformer`` weights them, and its claims without terms set aside;
4. :func:`join_parts`: the partitions' claims, set-aside sentences and rows in the corpus's order.

The Dask engine runs 1 and 3 per partition on the workers, but step 2 in alphabetical shards of
the term space (:mod:`analysis.claims.term_shards`), so that no worker holds every term; step 2
as written here is the whole-vocabulary form the shards are tested against, bit for bit
(``tests/test_dask_terms.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.claims.columns import SET_ASIDE_COLUMNS
from analysis.claims.select import select_claims
from analysis.tfidf import TermNames, count_terms, index_dtype_for, kept_by_frequency

STAT_COLUMNS = ["df", "first_doc", "first_sentence", "first_entry"]
"""Per term: document frequency, and the claim (doc_id, sentence_id) and stored entry where it was first seen."""

FIRST_SEEN = ["first_doc", "first_sentence", "first_entry"]


@dataclass
class ClaimPart:
    """One partition's claims and their raw term counts (first-seen storage order within rows)."""

    claims: pd.DataFrame
    set_aside: pd.DataFrame
    counts: sparse.csr_matrix
    names: np.ndarray
    """The partition's term names, in column order (alphabetical)."""


@dataclass
class Vocabulary:
    """The corpus-wide vocabulary after ``min_df``/``max_df``: what each partition's rows are built on."""

    names: pd.Index
    """Kept term names in column order (alphabetical, as scikit-learn orders them)."""
    idf: np.ndarray
    rank: np.ndarray
    """Each kept term's place in the corpus's first-seen order."""
    n_texts: int
    df: np.ndarray
    """Each kept term's document frequency (the similarity graph's prefix order)."""

    def part_terms(self, part: ClaimPart) -> PartTerms:
        """What :func:`part_vectors` reads of the vocabulary for one partition's terms."""
        column = self.names.get_indexer(pd.Index(part.names, dtype=object)) if len(part.names) else np.zeros(0, dtype=np.int64)
        kept = column >= 0
        rank = np.where(kept, self.rank[np.maximum(column, 0)] if len(self.rank) else 0, -1)
        idf = np.where(kept, self.idf[np.maximum(column, 0)] if len(self.idf) else 0.0, 0.0) if self.idf is not None else None
        return PartTerms(column.astype(np.int64), idf, rank.astype(np.int64), len(self.names))

    def rule_columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Each kept term's number of words, and the unigrams' names in column order: what the veto
        rules read of the vocabulary (:meth:`analysis.claims.rules.PairRules.for_columns`)."""
        n_words = (pd.Series(self.names, dtype=object).str.count(" ") + 1).to_numpy(dtype=np.int64) if len(self.names) else np.zeros(0, dtype=np.int64)
        return n_words, np.asarray(self.names[n_words == 1], dtype=object) if len(self.names) else np.array([], dtype=object)

    def terms(self, longest: int) -> tuple[TermNames, np.ndarray]:
        """:class:`~analysis.tfidf.TermNames` and word ids of the kept terms (equal ids, equal words;
        -1 padded to ``longest`` words), as :func:`analysis.claims.vectorise.vectorise` returns them."""
        return term_names(np.asarray(self.names, dtype=object), longest)


def term_names(names: np.ndarray, longest: int) -> tuple[TermNames, np.ndarray]:
    """:class:`~analysis.tfidf.TermNames` and word ids (equal ids, equal words; -1 padded to
    ``longest`` words) of some term names, as :func:`analysis.claims.vectorise.vectorise` returns them."""
    if not len(names):
        empty = np.zeros((0, longest), dtype=np.int64)
        return TermNames(np.array([], dtype=object), empty), empty
    split = pd.Series(names, dtype=object).str.split(" ", expand=True).reindex(columns=range(longest))
    ids, words = pd.factorize(split.to_numpy(dtype=object).ravel(), use_na_sentinel=True)
    term_words = ids.reshape(len(names), longest).astype(np.int32 if len(words) < np.iinfo(np.int32).max else np.int64)  # as vectorise's
    return TermNames(np.asarray(words, dtype=object), term_words), term_words


@dataclass
class PartTerms:
    """A partition's terms (aligned with :attr:`ClaimPart.names`) as the corpus's vocabulary sees them:
    the Dask engine joins them from the vocabulary's shards (:mod:`analysis.claims.term_shards`), so
    no worker needs the whole vocabulary to build a partition's rows."""

    column: np.ndarray
    """Each term's column in the corpus's (alphabetical) vocabulary, -1 where ``min_df``/``max_df`` cut it."""
    idf: np.ndarray | None
    """Each term's IDF (None without ``use_idf``)."""
    rank: np.ndarray
    """An order of the terms' first sightings in the corpus: only its order among one row's terms is read."""
    n_terms: int
    """The corpus's number of kept terms (the rows' width)."""

    @property
    def nbytes(self) -> int:
        return int(self.column.nbytes + self.rank.nbytes + (self.idf.nbytes if self.idf is not None else 0))


def count_part(sentences: pd.DataFrame, vectorizer: object, *, min_words: int) -> ClaimPart:
    """Step 1 on one partition: its claims (sorted by doc_id, sentence_id) and their term counts."""
    claims, set_aside = select_claims(sentences, min_words=min_words)
    try:
        counts, words, term_words = count_terms(vectorizer, claims["text"].tolist())
        names = np.asarray(TermNames(words, term_words), dtype=object)
    except ValueError as error:
        if "empty vocabulary" not in str(error):
            raise
        counts, names = sparse.csr_matrix((len(claims), 0)), np.array([], dtype=object)
    return ClaimPart(claims, set_aside, counts, names)


def first_sightings(counts: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each term's (column's) document frequency, and the row and the place among that row's stored
    entries where it is first seen; rows are in claim order, so a term's first stored entry is its
    first sighting."""
    n_terms = counts.shape[1]
    lengths = np.diff(counts.indptr)
    row_of = np.repeat(np.arange(counts.shape[0]), lengths)
    entry = np.arange(counts.nnz) - np.repeat(counts.indptr[:-1], lengths)
    first = np.full(n_terms, counts.nnz, dtype=np.int64)
    np.minimum.at(first, counts.indices, np.arange(counts.nnz))
    df = np.bincount(counts.indices, minlength=n_terms).astype(np.int64)
    if not n_terms:
        return df, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return df, row_of[first], entry[first]


def term_stats(part: ClaimPart) -> pd.DataFrame:
    """Each term of a partition (index: its name): document frequency and where it was first seen."""
    df, first_row, first_entry = first_sightings(part.counts)
    return pd.DataFrame(
        {
            "df": df,
            "first_doc": part.claims["doc_id"].to_numpy(dtype=object)[first_row],
            "first_sentence": part.claims["sentence_id"].to_numpy(dtype=np.int64)[first_row],
            "first_entry": first_entry,
        },
        index=pd.Index(part.names, dtype=object, name="term"),
    )


def merge_term_stats(*stats: pd.DataFrame) -> pd.DataFrame:
    """Step 2's reduction: term statistics of several partitions as one (frequencies summed, the
    earliest first sighting kept). Associative and commutative, so any tree of merges gives the same."""
    both = pd.concat(stats)
    if not len(both):
        return both
    frequency = both.groupby(level=0, sort=False)["df"].sum()
    earliest = both.sort_values(FIRST_SEEN, kind="stable")
    earliest = earliest[~earliest.index.duplicated(keep="first")].copy()
    earliest["df"] = frequency.reindex(earliest.index).to_numpy()
    return earliest.sort_index()


def vocabulary(stats: pd.DataFrame, vectorizer: object, n_texts: int) -> Vocabulary:
    """Step 2: the kept terms (alphabetical), their IDF as ``TfidfTransformer.fit`` computes it over
    ``n_texts`` claims, and their first-seen ranks."""
    stats = stats.sort_index()  # alphabetical: scikit-learn's column order
    kept = kept_by_frequency(vectorizer, stats["df"].to_numpy(), n_texts)
    order = np.lexsort([stats[column].to_numpy() for column in reversed(FIRST_SEEN)]) if len(stats) else np.zeros(0, dtype=np.int64)
    rank = np.empty(len(stats), dtype=np.int64)
    rank[order] = np.arange(len(stats))
    stats = stats[kept]
    rank = rank[kept]
    idf = inverse_document_frequency(stats["df"].to_numpy(), vectorizer, n_texts)
    return Vocabulary(pd.Index(stats.index, dtype=object), idf, rank, n_texts, stats["df"].to_numpy().astype(np.int64))


def inverse_document_frequency(df: np.ndarray, vectorizer: object, n_texts: int) -> np.ndarray | None:
    """Each kept term's IDF over ``n_texts`` claims as ``TfidfTransformer.fit`` computes it, step for
    step (the same float operations, so the same bits, whether the terms are the corpus's or a
    shard's); ``None`` when the vectoriser uses no IDF."""
    if not vectorizer.use_idf:
        return None
    frequency = df.astype(np.float64) + float(vectorizer.smooth_idf)
    idf = np.full_like(frequency, fill_value=n_texts + int(vectorizer.smooth_idf), dtype=np.float64)
    idf /= frequency
    np.log(idf, out=idf)
    idf += 1.0
    return idf


def part_vectors(part: ClaimPart, terms: PartTerms | Vocabulary, vectorizer: object) -> tuple[pd.DataFrame, pd.DataFrame, sparse.csr_matrix]:
    """Step 3 on one partition: its claims with terms, its set-aside sentences (with the claims
    left without a term, reason ``no_content_terms``) and the claims' TF-IDF rows (sorted indices),
    from the corpus's view of its terms (a :class:`Vocabulary` is read for the partition's terms only)."""
    from sklearn.preprocessing import normalize

    if isinstance(terms, Vocabulary):
        terms = terms.part_terms(part)
    counts = part.counts
    keep = terms.column[counts.indices] >= 0
    lengths = np.diff(counts.indptr)
    row_of = np.repeat(np.arange(counts.shape[0], dtype=np.int64), lengths)[keep]
    term_of = counts.indices[keep]
    indices = terms.column[term_of]
    data = counts.data[keep]
    # within each row, the corpus's first-seen order: the order the whole corpus's row was stored in
    order = np.lexsort((terms.rank[term_of], row_of))
    row_of, indices, data, term_of = row_of[order], indices[order], data[order], term_of[order]
    indptr = np.zeros(counts.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(row_of, minlength=counts.shape[0]), out=indptr[1:])
    index_dtype = index_dtype_for(max(terms.n_terms, int(indptr[-1])))
    matrix = sparse.csr_matrix(
        (data.astype(vectorizer.dtype), indices.astype(index_dtype), indptr.astype(index_dtype)), shape=(counts.shape[0], terms.n_terms)
    )
    # TfidfTransformer.transform, step for step
    if vectorizer.binary:
        matrix.data.fill(1)
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
    if terms.idf is not None:
        matrix.data *= terms.idf[term_of]  # each entry's term's IDF, as idf[column] is
    if vectorizer.norm is not None and matrix.shape[0]:  # (normalize refuses a partition without claims)
        matrix = normalize(matrix, norm=vectorizer.norm, copy=False)
    matrix = sparse.csr_matrix(matrix)
    matrix.sort_indices()
    claims, set_aside = part.claims, part.set_aside
    empty = np.diff(matrix.indptr) == 0
    if empty.any():
        no_terms = claims[empty].assign(reason="no_content_terms")[SET_ASIDE_COLUMNS]
        set_aside = pd.concat([set_aside, no_terms]).sort_values(["doc_id", "sentence_id"], kind="stable")
        claims, matrix = claims[~empty].reset_index(drop=True), matrix[~empty]
    return claims, set_aside.reset_index(drop=True), matrix


def join_parts(pieces: Sequence[tuple[pd.DataFrame, pd.DataFrame, sparse.csr_matrix]], n_terms: int) -> tuple[pd.DataFrame, pd.DataFrame, sparse.csr_matrix]:
    """Step 4: the partitions' claims, set-aside sentences and rows as the whole corpus's, in its
    order (doc_id, sentence_id: partitions hold whole articles but need not follow one another)."""
    claims = pd.concat([piece[0] for piece in pieces], ignore_index=True)
    set_aside = pd.concat([piece[1] for piece in pieces], ignore_index=True)
    matrices = [piece[2] for piece in pieces if piece[2].shape[0]]
    matrix = sparse.vstack(matrices, format="csr") if matrices else sparse.csr_matrix((0, n_terms))
    order = corpus_order(claims)
    claims = claims.iloc[order].reset_index(drop=True)
    matrix = sparse.csr_matrix(matrix[order]) if len(order) else sparse.csr_matrix((0, n_terms))
    set_aside = set_aside.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
    return claims, set_aside, matrix


def row_positions(keys: Sequence[pd.DataFrame]) -> list[np.ndarray]:
    """For each partition's claims (doc_id, sentence_id, as :func:`part_vectors` leaves them), their
    row numbers in the corpus's matrix (:func:`join_parts`): the rows a block of the similarity graph
    between two partitions names."""
    joined = pd.concat([frame[["doc_id", "sentence_id"]] for frame in keys], ignore_index=True)
    position = np.empty(len(joined), dtype=np.int64)
    position[corpus_order(joined)] = np.arange(len(joined))
    return np.split(position, np.cumsum([len(frame) for frame in keys])[:-1]) if keys else []


def corpus_order(claims: pd.DataFrame) -> np.ndarray:
    """The order of rows by doc_id (as strings), then sentence_id: the claims' order in the stage."""
    return np.lexsort((claims["sentence_id"].to_numpy(dtype=np.int64), _string_rank(claims["doc_id"])))


def _string_rank(values: pd.Series) -> np.ndarray:
    """Each string's rank among the distinct values, in Python's string order (as ``sort_values`` sorts them)."""
    codes, uniques = pd.factorize(values.astype(str))
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[np.argsort(np.asarray(uniques, dtype=object), kind="stable")] = np.arange(len(uniques))
    return rank[codes]


VECTORISER_SETTINGS = ("ngram_range", "min_df", "max_df", "sublinear_tf", "stop_words", "normalise")
"""The keys of :func:`~analysis.claims.tables.stage_settings` that make the vectoriser."""


def split_settings(settings: dict[str, object]) -> tuple[dict[str, object], int, dict[str, object]]:
    """:func:`~analysis.claims.tables.stage_settings` split by where each part acts: the vectoriser's
    keyword arguments (:func:`~analysis.claims.vectorise.make_vectorizer`), ``min_words`` (the claim
    selection) and the rest (:func:`~analysis.claims.tables.claim_tables_from_vectors`, which also
    takes ``normalise``)."""
    vectoriser = {key: settings[key] for key in VECTORISER_SETTINGS}
    rest = {key: value for key, value in settings.items() if key not in VECTORISER_SETTINGS and key != "min_words"}
    return vectoriser, int(settings["min_words"]), {**rest, "normalise": settings["normalise"]}
