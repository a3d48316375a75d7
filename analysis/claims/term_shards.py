"""The claims' term statistics and vocabulary split into alphabetical shards, so that no one task
of the Dask engine holds every term of the corpus (issue 14).

:mod:`analysis.claims.partitioned` builds each partition's TF-IDF rows over the corpus's vocabulary:
every term's document frequency and where the corpus first saw it, merged over the partitions. Here
the term space is cut into shards by alphabetical range (boundaries from a sample of the partitions'
terms), each shard's statistics merged on its own, and each partition told, by each shard, the
column, IDF, first sighting and frequency rank of its own terms only. Since shards are alphabetical
ranges, a shard's columns are the kept terms before it plus its own place: the local engine's
alphabetical columns. Terms travel as pyarrow string arrays (bytes and offsets, no Python object per
term); pyarrow orders strings by their UTF-8 bytes, which is Python's order of the strings.

Steps (each a pure function; the Dask engine runs them in tasks, :mod:`analysis.engines.dask_claims`):

1. :func:`shard_sample` of each partition's names, :func:`shard_boundaries` of the pooled samples;
2. :func:`split_term_stats` of each partition: its statistics, one :class:`TermShard` per shard;
3. :func:`merge_shards` per shard (a tree of merges), then :func:`shard_vocabulary`: the kept terms,
   IDF and where each falls in the corpus's frequency order among its shard;
4. :func:`frequency_offsets` from each shard's :meth:`ShardVocabulary.histogram` (a few integers);
5. :func:`lookup_terms` of each partition's names in each shard, joined by :func:`part_terms` into
   what :func:`analysis.claims.partitioned.part_vectors` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from analysis.claims.partitioned import ClaimPart, PartTerms, Vocabulary, first_sightings, inverse_document_frequency
from analysis.tfidf import kept_by_frequency

SAMPLE_SIZE = 256
"""Names each partition contributes to the choice of shard boundaries."""


def _strings(values: object) -> pa.Array:
    """Python strings (or a pyarrow array of them) as a pyarrow string array."""
    return values if isinstance(values, pa.Array) else pa.array(np.asarray(values, dtype=object), type=pa.string())


def _own_slice(array: pa.Array, start: int, length: int) -> pa.Array:
    """``array[start:start + length]`` in buffers of its own. A pyarrow slice is a view whose pickle
    carries the parent's whole buffers (Arrow GH-26685), so a shard's piece of a partition's names
    sent to another worker would carry every name of the partition."""
    return array.take(pa.array(np.arange(start, start + length, dtype=np.int64)))


def _numpy(array: pa.Array, fill: object = None) -> np.ndarray:
    if fill is not None:
        array = pc.fill_null(array, fill)
    return array.to_numpy(zero_copy_only=False)


@dataclass
class TermShard:
    """Term statistics of one alphabetical shard (of one partition, or merged): names ascending and distinct."""

    names: pa.Array
    df: np.ndarray
    first_doc: pa.Array
    first_sentence: np.ndarray
    first_entry: np.ndarray

    @property
    def nbytes(self) -> int:
        return int(self.names.nbytes + self.df.nbytes + self.first_doc.nbytes + self.first_sentence.nbytes + self.first_entry.nbytes)

    def __len__(self) -> int:
        return len(self.names)


@dataclass
class ShardVocabulary:
    """One shard's kept terms (ascending), their document frequency, IDF (None without ``use_idf``),
    first sighting, and each term's place among the shard's terms of equal frequency (column order)."""

    names: pa.Array
    df: np.ndarray
    idf: np.ndarray | None
    first_doc: pa.Array
    first_sentence: np.ndarray
    first_entry: np.ndarray
    within: np.ndarray
    n_terms_before_cut: int

    @property
    def nbytes(self) -> int:
        arrays = [self.df, self.first_sentence, self.first_entry, self.within] + ([self.idf] if self.idf is not None else [])
        return int(self.names.nbytes + self.first_doc.nbytes + sum(array.nbytes for array in arrays))

    def __len__(self) -> int:
        return len(self.names)

    def histogram(self) -> tuple[int, np.ndarray, np.ndarray]:
        """The kept terms' count, their distinct frequencies and how many terms have each."""
        values, counts = np.unique(self.df, return_counts=True)
        return len(self.names), values, counts


@dataclass
class TermLookup:
    """What one shard knows of some of a partition's terms (aligned with them): column (-1: cut by
    ``min_df``/``max_df``), IDF, first sighting and place in the corpus's frequency order."""

    column: np.ndarray
    idf: np.ndarray | None
    first_doc: pa.Array
    first_sentence: np.ndarray
    first_entry: np.ndarray
    frequency_rank: np.ndarray

    @property
    def nbytes(self) -> int:
        arrays = [self.column, self.first_sentence, self.first_entry, self.frequency_rank] + ([self.idf] if self.idf is not None else [])
        return int(self.first_doc.nbytes + sum(array.nbytes for array in arrays))


@dataclass
class ColumnValues:
    """Values of some columns (ascending), indexed by column like a full array would be: a
    partition's terms' frequency ranks, what :func:`analysis.claims.graph.split_prefix` reads."""

    columns: np.ndarray
    values: np.ndarray

    def __getitem__(self, columns: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.columns, columns)
        if len(at) and (at.max() >= len(self.columns) or not np.array_equal(self.columns[at], columns)):
            raise KeyError("ColumnValues: a column asked for is not among the columns held")
        return self.values[at]

    @property
    def nbytes(self) -> int:
        return int(self.columns.nbytes + self.values.nbytes)


def shard_sample(names: np.ndarray, size: int = SAMPLE_SIZE) -> np.ndarray:
    """Up to ``size`` of a partition's names (ascending), evenly spaced: its share of the boundaries' sample."""
    if len(names) <= size:
        return np.asarray(names, dtype=object)
    return np.asarray(names, dtype=object)[np.linspace(0, len(names) - 1, size).round().astype(np.int64)]


def shard_boundaries(samples: Sequence[np.ndarray], n_shards: int) -> np.ndarray:
    """At most ``n_shards - 1`` distinct ascending names cutting the pooled samples into equal
    parts: shard ``s`` holds the terms from boundary ``s - 1`` (included) to boundary ``s`` (excluded)."""
    pooled = np.unique(np.concatenate([np.asarray(sample, dtype=object) for sample in samples] + [np.array([], dtype=object)]))
    if n_shards <= 1 or not len(pooled):
        return np.array([], dtype=object)
    cuts = (np.arange(1, n_shards) * len(pooled)) // n_shards
    return np.unique(pooled[cuts])


def shard_cuts(names: np.ndarray | pa.Array, boundaries: np.ndarray) -> np.ndarray:
    """Where ascending ``names`` split into the shards: ``names[cuts[s]:cuts[s + 1]]`` is shard ``s``'s
    (a name equal to a boundary starts the shard above it)."""
    names = np.asarray(names, dtype=object) if not isinstance(names, pa.Array) else _numpy(names)
    inner = np.searchsorted(names, boundaries, side="left") if len(boundaries) else np.zeros(0, dtype=np.int64)
    return np.concatenate(([0], inner, [len(names)])).astype(np.int64)


def split_names(part: ClaimPart, boundaries: np.ndarray) -> list[pa.Array]:
    """A partition's names, one pyarrow string array per shard."""
    names = _strings(part.names)
    cuts = shard_cuts(part.names, boundaries)
    return [_own_slice(names, int(start), int(stop - start)) for start, stop in zip(cuts[:-1], cuts[1:])]


def split_term_stats(part: ClaimPart, boundaries: np.ndarray) -> list[TermShard]:
    """Each term's document frequency and first sighting in a partition (as
    :func:`analysis.claims.partitioned.term_stats`), one :class:`TermShard` per shard."""
    df, first_row, entries = first_sightings(part.counts)
    docs = _strings(part.claims["doc_id"].astype(str).to_numpy(dtype=object)[first_row])
    sentences = part.claims["sentence_id"].to_numpy(dtype=np.int64)[first_row]
    names = split_names(part, boundaries)
    cuts = shard_cuts(part.names, boundaries)
    return [
        TermShard(names[s], df[a:b], _own_slice(docs, int(a), int(b - a)), sentences[a:b], entries[a:b])
        for s, (a, b) in enumerate(zip(cuts[:-1], cuts[1:]))
    ]


def merge_shards(*shards: TermShard) -> TermShard:
    """One shard's statistics of several partitions as one (frequencies summed, the earliest first
    sighting kept): one sort of the rows by name and first sighting. Associative and commutative."""
    names = pa.concat_arrays([shard.names for shard in shards]) if shards else pa.array([], type=pa.string())
    if len(shards) == 1 or not len(names):
        return shards[0] if shards else TermShard(names, np.zeros(0, np.int64), pa.array([], pa.string()), np.zeros(0, np.int64), np.zeros(0, np.int64))
    table = pa.table({
        "name": names, "doc": pa.concat_arrays([shard.first_doc for shard in shards]),
        "sentence": np.concatenate([shard.first_sentence for shard in shards]), "entry": np.concatenate([shard.first_entry for shard in shards]),
    })  # fmt: skip
    df = np.concatenate([shard.df for shard in shards])
    del names
    order = pc.sort_indices(table, sort_keys=[("name", "ascending"), ("doc", "ascending"), ("sentence", "ascending"), ("entry", "ascending")])
    table = table.take(order)
    df = df[order.to_numpy()]
    del order
    sorted_names = table.column("name").combine_chunks()
    starts = np.ones(len(sorted_names), dtype=bool)
    starts[1:] = _numpy(pc.not_equal(sorted_names.slice(1), sorted_names.slice(0, len(sorted_names) - 1)))
    starts = np.flatnonzero(starts)
    first = pa.array(starts)
    return TermShard(
        sorted_names.take(first), np.add.reduceat(df, starts).astype(np.int64), table.column("doc").combine_chunks().take(first),
        table.column("sentence").to_numpy()[starts].astype(np.int64), table.column("entry").to_numpy()[starts].astype(np.int64),
    )  # fmt: skip


def shard_vocabulary(shard: TermShard, vectorizer: object, n_texts: int) -> ShardVocabulary:
    """A shard's kept terms and their IDF, as :func:`analysis.claims.partitioned.vocabulary` computes
    them for the whole corpus (the same float operations per term). A shard with no kept term is
    empty here; the caller raises scikit-learn's error when every shard is (:func:`check_kept`)."""
    try:
        kept = kept_by_frequency(vectorizer, shard.df, n_texts)
    except ValueError as error:
        if "no terms remain" not in str(error):
            raise
        kept = np.zeros(len(shard), dtype=bool)
    df = shard.df[kept]
    idf = inverse_document_frequency(df, vectorizer, n_texts)
    # each term's place among the shard's terms of its frequency, in column order
    by_frequency = np.argsort(df, kind="stable")
    group_start = np.searchsorted(df[by_frequency], df[by_frequency], side="left")
    within = np.empty(len(df), dtype=np.int64)
    within[by_frequency] = np.arange(len(df)) - group_start
    mask = pa.array(kept)
    return ShardVocabulary(
        shard.names.filter(mask), df, idf, shard.first_doc.filter(mask), shard.first_sentence[kept], shard.first_entry[kept], within, len(shard)
    )  # fmt: skip


def check_kept(n_terms_before_cut: int, n_kept: int) -> None:
    """scikit-learn's error when ``min_df``/``max_df`` leave no term of a non-empty vocabulary."""
    if n_terms_before_cut and not n_kept:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")


def frequency_offsets(histograms: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each shard's distinct frequencies, the terms that come before its terms of that frequency
    in the corpus's frequency order (:func:`analysis.claims.graph.frequency_rank`: most frequent
    first, ties by column): every shard's more frequent terms, and earlier shards' equally frequent."""
    values = np.unique(np.concatenate([v for v, _ in histograms] + [np.zeros(0, dtype=np.int64)]))
    totals = np.zeros(len(values), dtype=np.int64)
    for shard_values, counts in histograms:
        totals[np.searchsorted(values, shard_values)] += counts
    more_frequent = np.cumsum(totals[::-1])[::-1] - totals
    earlier = np.zeros(len(values), dtype=np.int64)
    offsets = []
    for shard_values, counts in histograms:
        at = np.searchsorted(values, shard_values)
        offsets.append((shard_values, more_frequent[at] + earlier[at]))
        earlier[at] += counts
    return offsets


def lookup_terms(vocab: ShardVocabulary, names: pa.Array, column_offset: int, offsets: tuple[np.ndarray, np.ndarray]) -> TermLookup:
    """The shard's facts on a partition's ``names`` in it (the join on the worker): the columns start
    at ``column_offset`` (the kept terms of the shards before), frequency ranks from ``offsets``."""
    at = _numpy(pc.index_in(names, value_set=vocab.names), fill=-1).astype(np.int64)
    found = at >= 0
    hit = at[found]
    column = np.where(found, at + column_offset, -1)
    rank = np.full(len(at), -1, dtype=np.int64)
    rank[found] = offsets[1][np.searchsorted(offsets[0], vocab.df[hit])] + vocab.within[hit]
    take = pa.array(np.where(found, at, 0)) if len(vocab) else None
    idf = None
    if vocab.idf is not None:
        idf = np.zeros(len(at))
        idf[found] = vocab.idf[hit]
    sentence, entry = np.full(len(at), -1, dtype=np.int64), np.full(len(at), -1, dtype=np.int64)
    sentence[found], entry[found] = vocab.first_sentence[hit], vocab.first_entry[hit]
    docs = vocab.first_doc.take(take) if take is not None else pa.array([""] * len(at), type=pa.string())
    return TermLookup(column, idf, docs, sentence, entry, rank)


def part_terms(lookups: Sequence[TermLookup], n_terms: int, use_idf: bool) -> PartTerms:
    """A partition's lookups (one per shard, in shard order: its names' order) as the columns, IDF and
    first-seen ranks :func:`analysis.claims.partitioned.part_vectors` reads."""
    column = np.concatenate([lookup.column for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    idf = np.concatenate([lookup.idf for lookup in lookups] + [np.zeros(0)]) if use_idf else None
    docs = pa.concat_arrays([lookup.first_doc for lookup in lookups]) if lookups else pa.array([], type=pa.string())
    sentence = np.concatenate([lookup.first_sentence for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    entry = np.concatenate([lookup.first_entry for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    # the corpus's first-seen order among this partition's terms: only the order within a row counts
    doc_rank = _numpy(pc.rank(docs, sort_keys="ascending", tiebreaker="dense")).astype(np.int64) if len(docs) else np.zeros(0, dtype=np.int64)
    order = np.lexsort((entry, sentence, doc_rank))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return PartTerms(column, idf, rank, n_terms)


def column_ranks(lookups: Sequence[TermLookup]) -> ColumnValues:
    """A partition's kept columns (ascending) and their places in the corpus's frequency order."""
    column = np.concatenate([lookup.column for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    rank = np.concatenate([lookup.frequency_rank for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    kept = column >= 0
    return ColumnValues(column[kept], rank[kept])


@dataclass
class ColumnNames:
    """Some columns of the vocabulary (ascending) and their terms' names: a partition's own, what the
    cluster descriptions of its rows (or of a batch's, from the partitions it draws on) read."""

    columns: np.ndarray
    names: pa.Array

    @property
    def nbytes(self) -> int:
        return int(self.columns.nbytes + self.names.nbytes)


def column_names(part: ClaimPart, lookups: Sequence[TermLookup]) -> ColumnNames:
    """A partition's kept columns (ascending) and their names."""
    column = np.concatenate([lookup.column for lookup in lookups] + [np.zeros(0, dtype=np.int64)])
    kept = column >= 0
    return ColumnNames(column[kept], _strings(part.names).filter(pa.array(kept)))


def used_column_names(known: ColumnNames, matrix: sparse.csr_matrix) -> ColumnNames:
    """The columns ``matrix`` uses (ascending) and their names, from ``known`` (a partition's
    :func:`column_names`, which must name them): what a batch's description needs of a partition's
    names for the rows it sends, a few per row, where the partition's own are every term it holds."""
    used = np.unique(matrix.indices).astype(np.int64)
    at = np.searchsorted(known.columns, used)
    if len(used) and (at.max() >= len(known.columns) or not np.array_equal(known.columns[at], used)):
        raise ValueError("used_column_names: a column of the rows is not among the names given")
    return ColumnNames(used, known.names.take(pa.array(at, type=pa.int64())))


def local_columns(matrix: sparse.csr_matrix, known: Sequence[ColumnNames]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """``matrix`` over the columns it uses alone, renumbered in their order (so every row keeps its
    entries' order, and ties between columns fall as before), and those columns' names from
    ``known`` (which must name every column used)."""
    columns = np.concatenate([piece.columns for piece in known] + [np.zeros(0, dtype=np.int64)])
    names = pa.concat_arrays([piece.names for piece in known]) if known else pa.array([], type=pa.string())
    columns, first = np.unique(columns, return_index=True)
    used = np.unique(matrix.indices)
    at = np.searchsorted(columns, used)
    if len(used) and (at.max() >= len(columns) or not np.array_equal(columns[at], used)):
        raise ValueError("local_columns: a column of the rows is not among the names given")
    local = sparse.csr_matrix((matrix.data, np.searchsorted(used, matrix.indices), matrix.indptr), shape=(matrix.shape[0], len(used)))
    return local, _numpy(names.take(pa.array(first[at]))).astype(object) if len(used) else np.array([], dtype=object)


def joined_vocabulary(shards: Sequence[ShardVocabulary], n_texts: int) -> Vocabulary:
    """The whole vocabulary from its shards (the exact path, at most ``max_claims_exact`` claims)."""
    names = pa.concat_arrays([shard.names for shard in shards]) if shards else pa.array([], type=pa.string())
    df = np.concatenate([shard.df for shard in shards] + [np.zeros(0, dtype=np.int64)])
    idf = np.concatenate([shard.idf for shard in shards] + [np.zeros(0)]) if shards and shards[0].idf is not None else None
    docs = pa.concat_arrays([shard.first_doc for shard in shards]) if shards else pa.array([], type=pa.string())
    doc_rank = _numpy(pc.rank(docs, sort_keys="ascending", tiebreaker="dense")).astype(np.int64) if len(docs) else np.zeros(0, dtype=np.int64)
    sentence = np.concatenate([shard.first_sentence for shard in shards] + [np.zeros(0, dtype=np.int64)])
    entry = np.concatenate([shard.first_entry for shard in shards] + [np.zeros(0, dtype=np.int64)])
    order = np.lexsort((entry, sentence, doc_rank))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    import pandas as pd

    return Vocabulary(pd.Index(_numpy(names), dtype=object), idf, rank, n_texts, df)


RULE_WORDS_DTYPE = np.int8
"""The dtype of the rule columns' numbers of words (a term has at most ``ngram_range``'s few words):
one byte per term of the vocabulary, which every graph block and batch of the Dask engine holds."""


def shard_rule_columns(shard: ShardVocabulary) -> tuple[np.ndarray, np.ndarray]:
    """One shard's part of :func:`rule_columns`: its kept terms' numbers of words and its unigrams' names."""
    if not len(shard):
        return np.zeros(0, dtype=RULE_WORDS_DTYPE), np.array([], dtype=object)
    words = (_numpy(pc.count_substring(shard.names, " ")) + 1).astype(RULE_WORDS_DTYPE)
    return words, _numpy(shard.names.filter(pa.array(words == 1))).astype(object)


def join_rule_columns(pieces: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The shards' :func:`shard_rule_columns` in shard (column) order, joined."""
    return (
        np.concatenate([words for words, _ in pieces] + [np.zeros(0, dtype=RULE_WORDS_DTYPE)]),
        np.concatenate([unigrams for _, unigrams in pieces] + [np.array([], dtype=object)]),
    )


def rule_columns(shards: Sequence[ShardVocabulary]) -> tuple[np.ndarray, np.ndarray]:
    """Each kept term's number of words and the unigrams' names in column order
    (:meth:`analysis.claims.partitioned.Vocabulary.rule_columns`), from the shards."""
    return join_rule_columns([shard_rule_columns(shard) for shard in shards])
