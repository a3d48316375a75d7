"""scikit-learn's TF-IDF matrix of many short texts, counted with array operations.

``TfidfVectorizer.fit_transform`` counts terms in a Python loop (a dictionary look-up for every
token and every n-gram), then walks the vocabulary twice more to sort it by name and to apply
``min_df``/``max_df``, and ``get_feature_names_out`` sorts it once more. On the 284k claims of the
think-tank corpus (2 million terms) that bookkeeping cost about 12 of the 22 seconds spent
vectorising (docs/PROFILING.md).

:func:`fit_transform` returns, bit for bit, the matrix and term names of
``vectorizer.fit_transform(texts)`` and ``vectorizer.get_feature_names_out()``
(tests/test_tfidf.py compares them on the seed and fixture corpora and on generated texts):

- each text is preprocessed and tokenised by the vectoriser's own functions, and stop words are
  its own list;
- tokens become integer ids (pandas ``factorize``), an n-gram is the id of its first n-1 words
  extended by the id of the next word, and the count of each (text, term) pair is one
  ``numpy.unique``;
- terms are numbered by first appearance, as scikit-learn's vocabulary is, and renumbered in
  alphabetical order. That order is the order of the terms' word tuples, because the space that
  joins the words sorts before every word character, so only the distinct words are sorted as
  strings;
- texts are counted a chunk at a time (:data:`COUNT_CHUNK`), the vocabulary merged as they come;
- the weighting (idf, sublinear tf, L2 norm) is scikit-learn's ``TfidfTransformer``'s, fitted as
  ``TfidfVectorizer`` fits it, its steps repeated here (:func:`_fitted_idf`, :func:`_weighted`)
  so that no step makes an array over every entry at once; scikit-learn's own normalisation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from numbers import Integral
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd
from scipy import sparse

from analysis.heap import release_free_heap

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer


class TermNames:
    """Term names in column order, joined from their words only when asked for.

    A 1-2-gram vocabulary holds millions of terms, nearly all seen once, and the stage reads the
    names of a few (cluster labels, unigrams for the veto rules): as strings they were the largest
    object the vectoriser kept (29 MB of the 46 MB it held on a 5 MB article). Indexing with an
    integer gives one name; with a slice, integer array or boolean mask, an object array of names;
    ``numpy.asarray`` (or ``list``) gives all of them, as ``get_feature_names_out`` would.
    """

    def __init__(self, words: np.ndarray, term_words: np.ndarray) -> None:
        self.words = np.asarray(words, dtype=object)
        self.term_words = term_words

    def __len__(self) -> int:
        return len(self.term_words)

    def __getitem__(self, key: int | slice | np.ndarray | list) -> str | np.ndarray:
        if isinstance(key, (int, np.integer)):
            return str(_joined(self.words, self.term_words[[key]])[0])
        selected = self.term_words[key]
        return _joined(self.words, selected) if len(selected) else np.array([], dtype=object)

    def __iter__(self) -> Iterator[str]:
        return iter(self[:].tolist())

    def __array__(self, dtype: object = None, copy: bool | None = None) -> np.ndarray:
        names = self[:]
        return names if dtype is None else names.astype(dtype)

    def subset(self, columns: np.ndarray) -> TermNames:
        """The names of ``columns`` only, still unjoined."""
        return TermNames(self.words, self.term_words[columns])


class Vectorised(NamedTuple):
    """A fitted TF-IDF: the texts x terms matrix, the term names, and each term's words."""

    matrix: sparse.csr_matrix
    terms: TermNames
    """Term names in column order (alphabetical), as ``get_feature_names_out`` gives them (joined on demand)."""
    term_words: np.ndarray
    """Word ids of each term's words (terms x the n-gram range's upper end, -1 padded): equal ids, equal words."""


def fit_transform(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> Vectorised:
    """``vectorizer.fit_transform(texts)`` and ``vectorizer.get_feature_names_out()``, computed
    faster, with the word ids of each term (the counter has them; splitting the names again cost
    seconds on a large corpus).

    Raises the ``ValueError`` scikit-learn raises for an empty vocabulary ("empty vocabulary",
    "After pruning, no terms remain"), and for settings this counter does not reproduce
    (an analyzer other than "word", a fixed vocabulary, ``max_features``, file input).
    """
    _check_supported(vectorizer)
    counts, words, term_words = _count_terms(vectorizer, texts)
    frequency = term_counts(counts.indices, counts.shape[1])  # each term's document frequency (one entry per text)
    counts, kept = _limit_terms(vectorizer, counts, frequency)
    if kept is not None:
        term_words, frequency = term_words[kept], frequency[kept]
    if vectorizer.binary:
        counts.data.fill(1)
    idf = _fitted_idf(frequency, counts.shape[0], counts.dtype, smooth_idf=vectorizer.smooth_idf) if vectorizer.use_idf else None
    del frequency
    matrix = _weighted(counts, idf, sublinear_tf=vectorizer.sublinear_tf, norm=vectorizer.norm)
    return Vectorised(matrix, TermNames(words, term_words), term_words)


def _fitted_idf(frequency: np.ndarray, n_samples: int, dtype: np.dtype, *, smooth_idf: bool) -> np.ndarray:
    """``TfidfTransformer(smooth_idf=...).fit(counts).idf_`` from the counts' document ``frequency``
    (int64, as scikit-learn's ``bincount`` gives it), step for step and so bit for bit. scikit-learn
    counts the frequencies again with a ``bincount`` of every entry's column, cast to 64 bits: a
    copy of the matrix's indices (26 MB on a 20 MB article), the vectoriser's peak once the rest
    was counted in chunks."""
    dtype = dtype if dtype in (np.float64, np.float32) else np.float64
    df = frequency.astype(dtype, copy=False)
    df += float(smooth_idf)
    n_samples += int(smooth_idf)
    idf = np.full_like(df, fill_value=n_samples, dtype=dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


WEIGHT_CHUNK = 1 << 20
"""Entries :func:`_weighted` multiplies by their terms' IDF at once."""


def _weighted(counts: sparse.csr_matrix, idf: np.ndarray | None, *, sublinear_tf: bool, norm: str | None) -> sparse.csr_matrix:
    """``TfidfTransformer.transform(counts, copy=False)`` with the transformer's settings and its
    fitted ``idf`` (None: no IDF), step for step and so bit for bit, with each entry's IDF looked up
    :data:`WEIGHT_CHUNK` entries at a time: scikit-learn's ``X.data *= idf_[X.indices]`` made every
    entry's IDF at once, 8 bytes an entry beside the matrix (the TF-IDF's last peak on a long article)."""
    from sklearn.preprocessing import normalize

    if counts.dtype not in (np.float64, np.float32):
        counts = counts.astype(np.float64)  # as scikit-learn's validation converts them
    data = counts.data
    if sublinear_tf:
        np.log(data, data)
        data += 1.0
    if idf is not None:
        for begin in range(0, len(data), WEIGHT_CHUNK):
            data[begin : begin + WEIGHT_CHUNK] *= idf[counts.indices[begin : begin + WEIGHT_CHUNK]]
    if norm is not None:
        counts = normalize(counts, norm=norm, copy=False)
    return sparse.csr_matrix(counts)


def _check_supported(vectorizer: TfidfVectorizer) -> None:
    unsupported = {
        "analyzer": vectorizer.analyzer != "word",
        "vocabulary": vectorizer.vocabulary is not None,
        "max_features": vectorizer.max_features is not None,
        "input": vectorizer.input != "content",
    }
    named = [name for name, bad in unsupported.items() if bad]
    if named:
        raise ValueError(f"analysis.tfidf.fit_transform does not reproduce TfidfVectorizer with a custom {', '.join(named)}")


def count_terms(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The CountVectorizer matrix (texts x terms, alphabetical columns), the distinct words and each term's word ids.

    Within each row the entries are stored in the order the terms were first seen (text by text,
    each text's unigrams then its bigrams), not by column: the order in which scikit-learn's
    weighting sums each row's squares for its L2 norm, so what a partitioned count must reproduce
    to give the same floats (:mod:`analysis.claims.partitioned`). Raises "empty vocabulary" as
    scikit-learn does.
    """
    return _count_terms(vectorizer, texts)


def _count_terms(
    vectorizer: TfidfVectorizer, texts: Sequence[str], *, chunk: int | None = None
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The CountVectorizer matrix (texts x terms, alphabetical columns), the distinct words and each term's word ids.

    Texts are counted :data:`COUNT_CHUNK` (or ``chunk``) at a time, each chunk's terms numbered in
    the whole input's first-seen order by a vocabulary merged as the chunks come
    (:class:`_TermTable`); only that vocabulary, the words and the rows counted so far outlive a
    chunk. Counted whole, a long article's per-token streams and the hash tables over its million
    terms were the TF-IDF counting's peak (docs/PROFILING.md). The words are numbered by first
    appearance, the terms by first sighting and each row's entries stored in that order, as one
    count of every text does: every id, row and count is the same, whatever the chunk.
    """
    chunk = COUNT_CHUNK if chunk is None else chunk
    stop_words = vectorizer.get_stop_words()
    min_n, max_n = vectorizer.ngram_range
    words = _WordTable(vectorizer, stop_words)
    table = _TermTable(max_n)
    row_lengths, indices, counts = [], [], []
    for start in range(0, len(texts), chunk):
        part = texts[start : start + chunk]
        word_of_token, text_of_token = words.tokens(part)
        row_length, term, count = _count_chunk(word_of_token, text_of_token, len(part), len(words.words), min_n, max_n, table)
        del word_of_token, text_of_token
        row_lengths.append(row_length)
        indices.append(term)
        counts.append(count)
        del row_length, term, count
        release_free_heap()  # the chunk's temporaries: the next chunk's, a little larger as the vocabulary grows, do not fit in them
    if not table.n_terms:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    n_terms = table.n_terms
    word_tuples = table.tuples()
    del table
    distinct_words = np.asarray(words.words, dtype=object)
    alphabetical = np.empty(n_terms, dtype=index_dtype_for(n_terms))
    alphabetical[_alphabetical_order(distinct_words, word_tuples)] = np.arange(n_terms, dtype=alphabetical.dtype)
    lengths = np.concatenate(row_lengths)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    del lengths, row_lengths
    index_dtype = index_dtype_for(max(int(indptr[-1]), n_terms))
    # each chunk's rows moved into the matrix's arrays and freed in turn: the whole concatenation, and
    # then its renumbered or widened copy beside it, were the counting's peak on one long article
    columns = _filled(indices, int(indptr[-1]), index_dtype, alphabetical)
    data = _filled(counts, int(indptr[-1]), vectorizer.dtype)
    matrix = sparse.csr_matrix((data, columns, indptr.astype(index_dtype)), shape=(len(texts), n_terms))
    del data, columns
    term_words = np.empty_like(word_tuples)
    term_words[alphabetical] = word_tuples
    del word_tuples, alphabetical
    release_free_heap()  # the chunks' rows, the vocabulary's tables and the sort: the IDF's arrays came on top of them
    return matrix, distinct_words, term_words


def _filled(pieces: list[np.ndarray], total: int, dtype: type, mapping: np.ndarray | None = None) -> np.ndarray:
    """``np.concatenate(pieces)`` as ``dtype`` (each value through ``mapping``, an array indexed by
    value, when given), the list emptied as its pieces are copied: no concatenated copy is made
    beside the result, and each piece is freed once it is in it."""
    out = np.empty(total, dtype=dtype)
    begin = 0
    pieces.reverse()  # popped from the end, in their order
    while pieces:
        piece = pieces.pop()
        out[begin : begin + len(piece)] = piece if mapping is None else mapping[piece]
        begin += len(piece)
        del piece
    return out


COUNT_CHUNK = 1 << 13
"""Texts :func:`_count_terms` counts at once: a chunk's tokens, n-gram pieces and hash tables are a
chunk's, not the whole input's (on a 20 MB article, 115,837 claims, 15 chunks)."""


class _WordTable:
    """The words of the texts counted so far, numbered by first appearance (after the tokenizer's
    word map), with which of them are stop words: what :func:`_word_ids` numbers at once for every
    text, grown a chunk at a time."""

    def __init__(self, vectorizer: TfidfVectorizer, stop_words: frozenset[str] | None) -> None:
        self.vectorizer = vectorizer
        self.stop_words = list(stop_words) if stop_words else []
        self.ids: dict[str, int] = {}
        self.words: list[str] = []
        self.is_stop = np.zeros(0, dtype=bool)

    def tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The texts' tokens as (word id, text number within ``texts``), stop words left out."""
        word_of_token, text_of_token, local_words = _word_ids(self.vectorizer, texts)
        first_new = len(self.words)
        local = np.empty(len(local_words), dtype=np.int64)
        for place, word in enumerate(local_words.tolist()):  # the chunk's distinct words, in their first-seen order
            known = self.ids.get(word)
            if known is None:
                known = self.ids[word] = len(self.words)
                self.words.append(word)
            local[place] = known
        new_words = self.words[first_new:]
        stop = pd.Index(new_words, dtype=object).isin(self.stop_words) if self.stop_words and new_words else np.zeros(len(new_words), dtype=bool)
        self.is_stop = np.concatenate([self.is_stop, stop])
        word_of_token = local[word_of_token].astype(index_dtype_for(len(self.words)))
        if self.stop_words:
            kept = ~self.is_stop[word_of_token]
            word_of_token, text_of_token = word_of_token[kept], text_of_token[kept]
        return word_of_token, text_of_token


class _TermTable:
    """The terms seen so far, numbered by first sighting: their word tuples in that order, and a
    sorted key of each tuple with its number, through which a chunk's terms find theirs.

    A key is one integer where the tuples hold at most two words (the first word's id in the high
    bits, the second's plus one in the low), else the tuple itself as a record (compared field by
    field); either sorts and searches as numpy does integers. Sorted arrays, not a hash table: on
    1.4 million terms 12 bytes each (an int64 key and an int32 number) where ``pd.factorize``'s
    tables took about 50 MB."""

    def __init__(self, max_n: int) -> None:
        self.max_n = max_n
        self.keys: np.ndarray | None = None
        self.numbers = np.zeros(0, dtype=np.int32)
        self.pieces: list[np.ndarray] = []
        self.n_terms = 0

    def key(self, tuples: np.ndarray) -> np.ndarray:
        if self.max_n <= 2:
            key = tuples[:, 0].astype(np.int64) << 32
            if tuples.shape[1] > 1:
                key |= tuples[:, 1].astype(np.int64) + 1
            return key
        tuples = np.ascontiguousarray(tuples)
        return tuples.view(np.dtype([(f"w{i}", tuples.dtype) for i in range(tuples.shape[1])])).ravel()

    def numbered(self, tuples: np.ndarray) -> np.ndarray:
        """The number of each term of ``tuples`` (distinct terms, in the chunk's first-seen order),
        the unseen ones numbered next in that order (the whole input's first-seen order, since
        chunks come in text order)."""
        key = self.key(tuples)
        if self.keys is None:
            self.keys = key[:0].copy()
        # searched in key order: numpy's search of sorted needles walks the table once instead of
        # jumping about it for each (a third of the counting's time on a 20 MB article otherwise)
        by_key = np.argsort(key, kind="stable")
        place = np.empty(len(key), dtype=np.int64)
        place[by_key] = np.searchsorted(self.keys, key[by_key])
        found = place < len(self.keys)
        found[found] = self.keys[place[found]] == key[found]
        number = np.empty(len(key), dtype=np.int64)
        number[found] = self.numbers[place[found]]
        new = np.flatnonzero(~found)
        number[new] = self.n_terms + np.arange(len(new))
        if len(new):
            if self.n_terms + len(new) >= np.iinfo(self.numbers.dtype).max:
                self.numbers = self.numbers.astype(np.int64)
            by_key = by_key[~found[by_key]]  # the new terms, in key order
            # inserted before their places, in key order: the keys stay sorted
            self.keys = np.insert(self.keys, place[by_key], key[by_key])
            self.numbers = np.insert(self.numbers, place[by_key], number[by_key].astype(self.numbers.dtype))
            self.pieces.append(tuples[new])
            self.n_terms += len(new)
        return number

    def tuples(self) -> np.ndarray:
        """Every term's word tuple, by number."""
        return np.concatenate(self.pieces) if self.pieces else np.zeros((0, self.max_n), dtype=np.int32)


def _count_chunk(
    word_of_token: np.ndarray, text_of_token: np.ndarray, n_texts: int, n_words: int, min_n: int, max_n: int, table: _TermTable
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One chunk's rows: each text's number of entries, each entry's term number in ``table``
    (which it grows) and its count (int32); a row's entries in the order its terms were first seen."""
    grams = _ngrams(word_of_token, text_of_token, n_words, min_n, max_n)
    if not grams:
        return np.zeros(n_texts, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    word_tuples = np.vstack([tuples for _, _, tuples in grams])
    grams = [(text, ids) for text, ids, _ in grams]  # each n's word tuples are in word_tuples now: not kept twice
    # scikit-learn reads each text's unigrams, then its bigrams, ...; its term ids follow that stream.
    # Each piece's texts ascend, so the stream in text order (what a stable argsort of the pieces
    # concatenated gives) is each text's entries of every piece in turn: every entry's place is
    # counted, not sorted. The concatenated stream, its argsort (int64) and both streams gathered
    # by it were the TF-IDF counting's peak on a long article (docs/PROFILING.md).
    per_piece = [np.bincount(text, minlength=n_texts) for text, _ in grams]
    per_text = np.sum(per_piece, axis=0, dtype=np.int64) if per_piece else np.zeros(n_texts, dtype=np.int64)
    total = int(per_text.sum())
    stream_term = np.empty(total, dtype=index_dtype_for(len(word_tuples)))
    # where each text's next entry goes: after its entries of the pieces already placed
    next_slot = np.zeros(n_texts, dtype=np.int64)
    np.cumsum(per_text[:-1], out=next_slot[1:])
    while grams:
        text, ids = grams.pop(0)
        in_piece = per_piece.pop(0)
        # an entry's place: its text's next slot plus its rank among the piece's entries of that text
        shift = next_slot.copy()
        shift[1:] -= np.cumsum(in_piece[:-1])
        for begin in range(0, len(text), STREAM_CHUNK):
            end = min(begin + STREAM_CHUNK, len(text))
            place = shift[text[begin:end]]
            place += np.arange(begin, end, dtype=np.int64)
            stream_term[place] = ids[begin:end]
            del place
        next_slot += in_piece
        del text, ids, in_piece, shift
    del next_slot
    first_seen, seen = pd.factorize(stream_term)
    del stream_term
    # the chunk's terms, in its first-seen order, numbered in the whole input's
    number = table.numbered(word_tuples[np.asarray(seen)])
    del word_tuples, seen
    n_terms = table.n_terms
    # each entry's text, in the stream's order: the texts ascending, each repeated for its entries;
    # with the term's number, one key per entry, sorted: rows in order, within a row the terms in
    # the order first seen (numbers are given in that order)
    keys = np.repeat(np.arange(n_texts, dtype=np.int64), per_text)
    del per_text
    keys *= n_terms
    keys += number[first_seen]
    del first_seen, number
    handed = [keys]
    del keys  # handed over: _sorted_counts frees the keys once it has taken the distinct ones
    pairs, counts = _sorted_counts(handed, np.int32)
    # pairs are sorted (text, then first sighting): each text's run starts at its first key
    bounds = np.searchsorted(pairs, np.arange(n_texts + 1, dtype=np.int64) * n_terms)
    pairs %= n_terms  # the pair's term, in place
    # kept until every chunk is counted: the terms 32-bit where they fit, the counts in the
    # smallest type that holds them (nearly always one byte; made the vectoriser's type at the end)
    terms = pairs.astype(index_dtype_for(n_terms))
    del pairs
    return np.diff(bounds), terms, counts.astype(np.min_scalar_type(int(counts.max(initial=0))))


STREAM_CHUNK = 1 << 20
"""Entries of an n-gram piece placed in the text-ordered stream at once (:func:`_count_terms`): the
places are int64, so a whole piece's at once were another 8 bytes for every occurrence."""


def _sorted_counts(handed: list[np.ndarray], dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """``numpy.unique(keys, return_counts=True)``, the counts as ``dtype``, with ``keys`` sorted in
    place: ``unique`` sorts a copy and keeps an index and a count array of every distinct key
    beside it (int64 each), which was the TF-IDF counting's peak on one long article.

    The keys are handed over as a one-item list, which is emptied: this function then holds the
    only reference and frees the keys once the distinct ones are taken, before the run starts and
    counts are made (the keys of every (text, term) occurrence beside those three arrays were the
    counting's peak on a 20 MB article)."""
    keys = handed.pop()
    if not len(keys):
        return keys.copy(), np.zeros(0, dtype=dtype)
    keys.sort()
    total = len(keys)
    new = np.empty(total, dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    distinct = keys[new]
    del keys
    starts = np.flatnonzero(new)
    del new
    counts = np.empty(len(starts), dtype=dtype)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1], casting="unsafe")
    counts[-1] = total - starts[-1]
    return distinct, counts


def _joined(words: np.ndarray, word_tuples: np.ndarray) -> np.ndarray:
    """Term names: the words of each row of ``word_tuples`` (-1 padded) joined by spaces, as scikit-learn joins n-grams."""
    if not len(word_tuples):
        return np.array([], dtype=object)
    names = words[word_tuples[:, 0]].copy()
    for column in word_tuples.T[1:]:
        more = column >= 0
        # one new string per name (``a + " " + b`` on arrays made a whole array of "a " first)
        names[more] = _space_joined(names[more], words[column[more]])
    return names


_space_joined = np.frompyfunc(lambda left, right: f"{left} {right}", 2, 1)


def _alphabetical_order(words: np.ndarray, word_tuples: np.ndarray) -> np.ndarray:
    """The permutation that sorts ``names`` as Python sorts strings.

    When every word's characters sort after the joining space (true of any token of word
    characters), that is the order of the word tuples, shorter first on a tie, and only the
    distinct words are compared as strings; otherwise the names themselves are sorted.
    """
    if not len(words) or min(map(min, words)) <= " ":
        names = _joined(words, word_tuples)
        return np.array(sorted(range(len(names)), key=names.__getitem__), dtype=np.int64)
    word_rank = np.empty(len(words), dtype=word_tuples.dtype)
    word_rank[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(words))
    if word_tuples.shape[1] <= 2 and len(words) < 2**31 - 1:
        # one integer per term (the first word's rank high, the second's plus one low, 0 for none) in
        # place of numpy's lexsort of the ranks, which held the ranks, their reordered copy and its
        # own passes: the counting's peak on one long article. Terms are distinct, so the order is the same.
        key = word_rank[word_tuples[:, 0]].astype(np.int64) << 32
        if word_tuples.shape[1] == 2:
            second = word_tuples[:, 1]
            low = word_rank[np.maximum(second, 0)].astype(np.int64)
            low += 1
            low[second < 0] = 0
            key += low
            del low
        return np.argsort(key, kind="stable")
    ranked = np.where(word_tuples >= 0, word_rank[np.maximum(word_tuples, 0)], -1)
    return np.lexsort(ranked.T[::-1])


def _word_ids(vectorizer: TfidfVectorizer, texts: Sequence[str], *, chunk: int = 2_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every token of every text as (word id, text number), and the distinct words.

    Texts are tokenised a chunk at a time and each chunk's tokens become ids at once, so only one
    chunk's token strings are alive at a time (holding all of them doubled the peak memory). A
    :class:`MappedTokenizer`'s word map is applied once per distinct word.
    """
    tokenizer = vectorizer.tokenizer
    preprocess = vectorizer.build_preprocessor()
    tokenize = tokenizer.pattern.findall if isinstance(tokenizer, MappedTokenizer) else vectorizer.build_tokenizer()
    chunk_ids, chunk_words, lengths = [], [], []
    for start in range(0, len(texts), chunk):
        token_lists = [tokenize(preprocess(vectorizer.decode(text))) for text in texts[start : start + chunk]]
        sizes = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        tokens = np.fromiter(itertools.chain.from_iterable(token_lists), dtype=object, count=int(sizes.sum()))
        ids, distinct = pd.factorize(tokens)
        chunk_ids.append(ids.astype(np.int32))
        chunk_words.append(np.asarray(distinct, dtype=object))
        lengths.append(sizes)
    all_words = np.concatenate(chunk_words) if chunk_words else np.array([], dtype=object)
    if isinstance(tokenizer, MappedTokenizer):
        all_words = np.array([tokenizer.word_map(word) for word in all_words], dtype=object)
    global_id, words = pd.factorize(all_words)
    offsets = np.cumsum([0] + [len(distinct) for distinct in chunk_words[:-1]])
    word_of_token = np.concatenate([global_id[offset + ids] for offset, ids in zip(offsets, chunk_ids)]) if chunk_ids else np.array([], dtype=np.int64)
    sizes = np.concatenate(lengths) if lengths else np.array([], dtype=np.int64)
    text_of_token = np.repeat(np.arange(len(texts), dtype=index_dtype_for(len(texts))), sizes)
    return word_of_token.astype(index_dtype_for(len(words))), text_of_token, np.asarray(words, dtype=object)


def index_dtype_for(bound: int) -> type:
    """int32 for ids and counts up to ``bound`` where they fit (half the memory of the token streams
    and of a sparse matrix's indices), else int64. Shared by every place that sizes index arrays."""
    return np.int32 if bound < np.iinfo(np.int32).max else np.int64


class MappedTokenizer:
    """A ``TfidfVectorizer`` tokenizer: the matches of a regular expression, each passed through a
    word map (a spelling variant to its canonical form, say).

    scikit-learn calls it on every text; :func:`fit_transform` finds the matches itself and maps
    each distinct word once, with the same result.
    """

    def __init__(self, pattern: str, word_map: Callable[[str], str]) -> None:
        self.pattern = re.compile(pattern)
        self.word_map = word_map

    def __call__(self, text: str) -> list[str]:
        word_map = self.word_map
        return [word_map(word) for word in self.pattern.findall(text)]


def _ngrams(
    word_of_token: np.ndarray, text_of_token: np.ndarray, n_words: int, min_n: int, max_n: int
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """For each n in [min_n, max_n] with at least one n-gram: (text of each occurrence, term id of
    each occurrence, word ids of each candidate term as rows, -1 padded to ``max_n``).

    Term ids run on from one n to the next (unigrams are the word ids), so they never collide;
    ids of words that never occur as a term (stop words) are simply never used.
    """
    grams = []
    starts = np.arange(len(word_of_token), dtype=index_dtype_for(len(word_of_token)))
    gram_at = word_of_token.astype(np.int64)  # id of the n-gram starting at each position of ``starts``
    # word ids as 32-bit where they fit: the terms' word ids are the vocabulary's largest array
    word_dtype = index_dtype_for(n_words)
    tuples = np.arange(n_words, dtype=word_dtype)[:, None]
    offset = 0
    for n in range(1, max_n + 1):
        if n > 1:
            inside = (starts + n - 1 < len(word_of_token)) & (
                text_of_token[np.minimum(starts + n - 1, len(word_of_token) - 1)] == text_of_token[starts]
            )
            starts, gram_at = starts[inside], gram_at[inside]
            del inside
            # word ids are < n_words, so (previous gram, next word) -> one integer key, made in place
            # (each 64-bit temporary over every occurrence was part of the counting's peak)
            gram_at *= n_words
            gram_at += word_of_token[starts + n - 1]
            extended, distinct = pd.factorize(gram_at)
            del gram_at
            distinct = np.asarray(distinct)
            tuples = np.column_stack([tuples[distinct // n_words], (distinct % n_words).astype(word_dtype)])
            del distinct
            gram_at = np.asarray(extended, dtype=np.int64)  # factorize's codes are already int64: not copied
            del extended
        if n >= min_n and len(gram_at):
            padded = np.pad(tuples, ((0, 0), (0, max_n - n)), constant_values=-1)
            # term ids as 32-bit where every id so far fits: the streams take them in that type
            ids = gram_at + offset
            grams.append((text_of_token[starts], ids.astype(index_dtype_for(offset + len(tuples)), copy=False), padded))
            del ids
            offset += len(tuples)
    return grams


def _limit_terms(vectorizer: TfidfVectorizer, counts: sparse.csr_matrix, frequency: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray | None]:
    """Apply ``min_df``/``max_df`` as CountVectorizer does (the terms' document ``frequency``, then one
    column selection); returns the counts and the kept columns (None: all of them)."""
    kept = kept_by_frequency(vectorizer, frequency, counts.shape[0])
    if kept.all():
        return counts, None
    columns = np.flatnonzero(kept)
    return counts[:, columns], columns


TERM_COUNT_CHUNK = 1 << 20
"""Entries :func:`term_counts` adds at once."""


def term_counts(indices: np.ndarray, n_terms: int, *, out: np.ndarray | None = None) -> np.ndarray:
    """``np.bincount(indices, minlength=n_terms)`` (int64), added to ``out`` when given, counted
    :data:`TERM_COUNT_CHUNK` entries at a time: ``bincount`` casts its input to 64 bits, a copy of a
    whole matrix's 32-bit column indices (26 MB on a 20 MB article, beside the vocabulary-sized
    counts), and a chunked ``bincount`` makes a vocabulary-sized array per chunk."""
    counts = np.zeros(n_terms, dtype=np.int64) if out is None else out
    for begin in range(0, len(indices), TERM_COUNT_CHUNK):
        np.add.at(counts, indices[begin : begin + TERM_COUNT_CHUNK], 1)
    return counts


def kept_by_frequency(vectorizer: TfidfVectorizer, frequency: np.ndarray, n_texts: int) -> np.ndarray:
    """Which terms ``min_df``/``max_df`` keep, given each term's document frequency among
    ``n_texts`` texts; raises scikit-learn's errors (limits crossed, no term left).

    Shared by :func:`fit_transform` and the Dask engine, which sums the frequencies of its
    partitions first (:mod:`analysis.claims.partitioned`)."""
    high = vectorizer.max_df if isinstance(vectorizer.max_df, Integral) else vectorizer.max_df * n_texts
    low = vectorizer.min_df if isinstance(vectorizer.min_df, Integral) else vectorizer.min_df * n_texts
    if high < low:
        raise ValueError("max_df corresponds to < documents than min_df")
    kept = (frequency <= high) & (frequency >= low)
    if len(kept) and not kept.any():
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    return kept
