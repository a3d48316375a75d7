"""The claims' term statistics and vocabulary in alphabetical shards (analysis/claims/term_shards.py):
the shard boundaries, and rows, frequency ranks and rule columns equal, bit for bit, to those of the
whole vocabulary, while no shard holds every term of a corpus of several partitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analysis.claims import make_vectorizer
from analysis.claims.graph import frequency_rank
from analysis.claims.partitioned import count_part, join_parts, merge_term_stats, part_vectors, term_stats, vocabulary
from analysis.claims.term_shards import (
    ColumnValues,
    check_kept,
    column_ranks,
    frequency_offsets,
    joined_vocabulary,
    lookup_terms,
    merge_shards,
    part_terms,
    rule_columns,
    shard_boundaries,
    shard_cuts,
    shard_sample,
    shard_vocabulary,
    split_names,
    split_term_stats,
)
from tests.test_claims_partitioned import FIXTURE, SEEDS, assert_same, round_robin, whole


def names(*values: str) -> np.ndarray:
    return np.array(values, dtype=object)


def test_no_sample_or_one_shard_gives_no_boundary() -> None:
    assert len(shard_boundaries([], 4)) == 0
    assert len(shard_boundaries([names(), names()], 4)) == 0
    assert len(shard_boundaries([names("a", "b", "c")], 1)) == 0


def test_boundaries_cut_the_pooled_sample_into_equal_distinct_parts() -> None:
    samples = [names("apple", "cat", "eel"), names("bee", "cat", "dog", "fox")]
    boundaries = shard_boundaries(samples, 3)
    # pooled distinct: apple bee cat dog eel fox -> cut at 2 and 4
    assert boundaries.tolist() == ["cat", "eel"]
    # more shards than distinct names: the boundaries stay distinct (some shards hold one name)
    many = shard_boundaries(samples, 20)
    assert many.tolist() == sorted(set(many.tolist())) and len(many) <= 6


def test_a_term_at_a_boundary_starts_the_shard_above_and_shards_may_be_empty() -> None:
    terms = names("ant", "bee", "cat", "cat dog", "dog")
    cuts = shard_cuts(terms, names("cat", "cow", "cz"))
    shards = [terms[a:b].tolist() for a, b in zip(cuts[:-1], cuts[1:])]
    assert shards == [["ant", "bee"], ["cat", "cat dog"], [], ["dog"]]
    assert [terms[a:b].tolist() for a, b in zip(*(lambda c: (c[:-1], c[1:]))(shard_cuts(terms, names())))] == [terms.tolist()]
    # a partition with no terms: every shard empty
    assert shard_cuts(names(), names("b")).tolist() == [0, 0, 0]


def test_the_sample_is_evenly_spaced_and_keeps_the_ends() -> None:
    terms = names(*[f"t{i:03d}" for i in range(1000)])
    sample = shard_sample(terms, 11)
    assert len(sample) == 11 and sample[0] == "t000" and sample[-1] == "t999" and list(sample) == sorted(sample)
    assert shard_sample(terms[:5], 11).tolist() == terms[:5].tolist()


def sharded(sentences: pd.DataFrame, options: dict, groups: list[list[str]], n_shards: int, fan_in: int = 2) -> tuple:
    """The partitioned steps with the term space in ``n_shards`` shards, as the Dask engine runs them;
    also returns the merged shards and the partitions' column ranks."""
    vectorizer = make_vectorizer(**options)
    doc_ids = sentences["doc_id"].astype(str)
    parts = [count_part(sentences[doc_ids.isin(group)], make_vectorizer(**options), min_words=6) for group in groups]
    n_texts = sum(len(part.claims) for part in parts)
    boundaries = shard_boundaries([shard_sample(part.names, 8) for part in parts], n_shards)
    split = [split_term_stats(part, boundaries) for part in parts]
    merged = []
    for s in range(len(boundaries) + 1):
        level = [pieces[s] for pieces in split]
        while len(level) > 1:
            level = [merge_shards(*level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
        merged.append(level[0])
    shards = [shard_vocabulary(shard, vectorizer, n_texts) for shard in merged]
    histograms = [shard.histogram() for shard in shards]
    check_kept(sum(shard.n_terms_before_cut for shard in shards), sum(h[0] for h in histograms))
    column_offsets = np.concatenate(([0], np.cumsum([h[0] for h in histograms])))
    offsets = frequency_offsets([(h[1], h[2]) for h in histograms])
    n_terms = int(column_offsets[-1])
    pieces, ranks = [], []
    for part in parts:
        lookups = [lookup_terms(shards[s], piece, int(column_offsets[s]), offsets[s]) for s, piece in enumerate(split_names(part, boundaries))]
        pieces.append(part_vectors(part, part_terms(lookups, n_terms, bool(vectorizer.use_idf)), vectorizer))
        ranks.append(column_ranks(lookups))
    claims, set_aside, matrix = join_parts(pieces, n_terms)
    terms, term_words = joined_vocabulary(shards, n_texts).terms(vectorizer.ngram_range[1])
    return (claims, set_aside, matrix, terms, term_words), merged, shards, ranks, pieces


OPTIONS = [{}, {"min_df": 2, "max_df": 0.3}, {"min_df": 0.001, "max_df": 40, "sublinear_tf": False, "normalise": False, "stop_words": None}]


@pytest.mark.parametrize("options", OPTIONS, ids=[str(options) for options in OPTIONS])
@pytest.mark.parametrize(("k", "n_shards"), [(1, 1), (3, 3), (7, 2), (4, 60)])
def test_sharded_vectors_equal_the_whole_corpus_on_the_seeds(options: dict, k: int, n_shards: int) -> None:
    assert_same(whole(SEEDS, options), sharded(SEEDS, options, round_robin(SEEDS, k), n_shards)[0])


def test_sharded_vectors_equal_the_whole_corpus_on_the_fixture_in_any_tree() -> None:
    reference = whole(FIXTURE, {})
    for fan_in in (2, 3, 10):
        assert_same(reference, sharded(FIXTURE, {}, round_robin(FIXTURE, 4), 4, fan_in=fan_in)[0])


def test_a_merged_shard_equals_the_merged_statistics_of_its_terms() -> None:
    vectorizer = make_vectorizer()
    groups = round_robin(SEEDS, 3)
    parts = [count_part(SEEDS[SEEDS["doc_id"].astype(str).isin(group)], vectorizer, min_words=6) for group in groups]
    reference = merge_term_stats(*(term_stats(part) for part in parts))
    merged = merge_shards(*(split_term_stats(part, names())[0] for part in reversed(parts)))
    assert list(merged.names.to_pylist()) == reference.index.tolist()
    assert np.array_equal(merged.df, reference["df"].to_numpy())
    assert merged.first_doc.to_pylist() == reference["first_doc"].tolist()
    assert np.array_equal(merged.first_sentence, reference["first_sentence"].to_numpy())
    assert np.array_equal(merged.first_entry, reference["first_entry"].to_numpy())


def test_no_shard_holds_every_term_of_a_corpus_of_several_partitions() -> None:
    (_, _, matrix, terms, _), merged, shards, _, _ = sharded(SEEDS, {}, round_robin(SEEDS, 4), 4)
    sizes = [len(shard) for shard in merged]
    assert len(sizes) == 4 and sum(sizes) == len(terms) == matrix.shape[1]
    # each shard's merge tree, its root included, holds a part of the terms: none near all of them
    assert max(sizes) < 0.5 * len(terms)
    # one shard is the old root merge: it holds every term (the check above can fail)
    assert len(sharded(SEEDS, {}, round_robin(SEEDS, 4), 1)[1][0]) == len(terms)


def test_the_shards_frequency_ranks_are_the_whole_vocabularys_prefix_order() -> None:
    (_, _, matrix, terms, _), _, shards, ranks, pieces = sharded(SEEDS, {"min_df": 2}, round_robin(SEEDS, 3), 5)
    df = np.concatenate([shard.df for shard in shards])
    expected = frequency_rank(df)
    for rank, piece in zip(ranks, pieces):
        used = np.unique(piece[2].indices)
        assert np.isin(used, rank.columns).all()
        assert np.array_equal(rank[used], expected[used])
        # a partition's ranks name its own columns only, not the vocabulary's
        assert len(rank.columns) < len(terms)


def test_column_values_index_like_the_full_array() -> None:
    values = ColumnValues(np.array([2, 5, 9]), np.array([30, 10, 20]))
    assert values[np.array([9, 2, 5, 5])].tolist() == [20, 30, 10, 10]
    for absent in ([3], [10], [1]):  # between, past and before the columns held
        with pytest.raises(KeyError):
            values[np.array(absent)]


def test_a_shards_piece_of_a_partition_travels_without_the_rest_of_it() -> None:
    # a pyarrow slice pickles its parent's whole buffers; the pieces sent to the shards' merges and
    # lookups must carry their own terms only
    import pickle

    part = count_part(SEEDS, make_vectorizer(), min_words=6)
    boundaries = shard_boundaries([shard_sample(part.names)], 4)
    whole_size = len(pickle.dumps(pa.array(part.names.tolist(), type=pa.string())))
    pieces = split_names(part, boundaries)
    stats = split_term_stats(part, boundaries)
    assert len(pieces) == 4 and sum(len(piece) for piece in pieces) == len(part.names)
    every_first_doc = len(pickle.dumps(pa.concat_arrays([stat.first_doc for stat in stats])))
    for piece, stat in zip(pieces, stats):
        assert len(pickle.dumps(piece)) < 0.5 * whole_size
        assert len(pickle.dumps(stat.first_doc)) < 0.5 * every_first_doc


def test_rule_columns_from_shards_equal_the_whole_vocabularys() -> None:
    (_, _, _, terms, term_words), _, shards, _, _ = sharded(SEEDS, {}, round_robin(SEEDS, 3), 4)
    n_words, unigrams = rule_columns(shards)
    assert np.array_equal(n_words, (term_words >= 0).sum(axis=1))
    assert unigrams.tolist() == np.asarray(terms)[n_words == 1].tolist() and len(unigrams) < len(terms)


def test_min_df_past_every_term_raises_scikit_learns_error_and_a_shard_alone_does_not() -> None:
    vectorizer = make_vectorizer(min_df=10_000, max_df=20_000)
    part = count_part(SEEDS, vectorizer, min_words=6)
    shards = [shard_vocabulary(shard, vectorizer, len(part.claims)) for shard in split_term_stats(part, shard_boundaries([part.names], 3))]
    assert all(len(shard) == 0 for shard in shards)
    with pytest.raises(ValueError, match="no terms remain"):
        check_kept(sum(shard.n_terms_before_cut for shard in shards), 0)
    check_kept(0, 0)  # an empty vocabulary is not an error here


def test_a_lookup_names_the_cut_terms_column_minus_one() -> None:
    vectorizer = make_vectorizer(min_df=2)
    part = count_part(SEEDS, vectorizer, min_words=6)
    (shard,) = split_term_stats(part, names())
    vocab = shard_vocabulary(shard, vectorizer, len(part.claims))
    lookup = lookup_terms(vocab, pa.array(part.names.tolist(), type=pa.string()), 7, frequency_offsets([vocab.histogram()[1:]])[0])
    reference = vocabulary(term_stats(part), vectorizer, len(part.claims))
    expected = reference.names.get_indexer(pd.Index(part.names, dtype=object))
    assert (expected < 0).any() and np.array_equal(lookup.column, np.where(expected >= 0, expected + 7, -1))


def test_descriptions_from_the_rows_own_columns_equal_those_from_the_whole_vocabulary() -> None:
    from analysis.claims.partitioned import term_names
    from analysis.claims.tables import _word_term
    from analysis.claims.term_shards import ColumnNames, local_columns
    from analysis.engines.components import describe_part

    claims, _, matrix, terms, term_words = whole(SEEDS, {})
    rows = np.arange(0, matrix.shape[0], 2)
    clusters = np.arange(len(rows)) // 3  # clusters of three claims: labels and short labels read the terms
    texts = claims["text"].iloc[rows].tolist()
    full = describe_part(matrix[rows], texts, clusters, rows, terms, term_words, word_term=_word_term)
    # what the partitions know: their own columns' names, here two overlapping halves of the vocabulary
    every = np.arange(matrix.shape[1])
    halves = [every[: 2 * len(every) // 3], every[len(every) // 3 :]]
    known = [ColumnNames(half, pa.array(np.asarray(terms)[half].tolist(), type=pa.string())) for half in halves]
    local, names = local_columns(matrix[rows], known)
    assert local.shape[1] < matrix.shape[1] and local.shape[1] == len(np.unique(matrix[rows].indices))
    got = describe_part(local, texts, clusters, rows, *term_names(names, 2), word_term=_word_term)
    assert any(" / " in label for label in full["label"])
    for key in full:
        assert np.array_equal(np.asarray(full[key]), np.asarray(got[key])), key
    # a column of the rows that no partition named is an error, not a wrong label
    with pytest.raises(ValueError, match="not among the names"):
        local_columns(matrix[rows], known[:1])


def test_a_batch_pieces_names_are_its_rows_columns_and_describe_them_as_the_partitions_names_do() -> None:
    # issue 14 (dask14g): a batch's description read the column names of every partition it drew on
    # (all 14 at 80 MB, every term each holds); each piece now carries its rows' columns' names alone
    from analysis.claims.partitioned import term_names
    from analysis.claims.tables import _word_term
    from analysis.claims.term_shards import ColumnNames, local_columns, used_column_names
    from analysis.engines.components import describe_part

    claims, _, matrix, terms, term_words = whole(SEEDS, {})
    every = np.arange(matrix.shape[1])
    partition = ColumnNames(every, pa.array(np.asarray(terms).tolist(), type=pa.string()))  # a partition naming every column
    pieces = [np.arange(0, 6), np.arange(9, 15)]  # two partitions' rows sent to one batch
    used = [used_column_names(partition, matrix[rows]) for rows in pieces]
    for rows, names in zip(pieces, used):
        assert np.array_equal(names.columns, np.unique(matrix[rows].indices))
        assert names.names.to_pylist() == np.asarray(terms)[names.columns].tolist()
        assert len(names.columns) < matrix.shape[1] / 4
    rows = np.concatenate(pieces)
    texts = claims["text"].iloc[rows].tolist()
    clusters = np.arange(len(rows)) // 3
    whole_names, piece_names = local_columns(matrix[rows], [partition, partition]), local_columns(matrix[rows], used)
    assert (whole_names[0] != piece_names[0]).nnz == 0 and whole_names[1].tolist() == piece_names[1].tolist()
    full = describe_part(matrix[rows], texts, clusters, rows, terms, term_words, word_term=_word_term)
    got = describe_part(piece_names[0], texts, clusters, rows, *term_names(piece_names[1], 2), word_term=_word_term)
    for key in full:
        assert np.array_equal(np.asarray(full[key]), np.asarray(got[key])), key
    # rows using a column the partition did not name are an error, not a wrong name
    with pytest.raises(ValueError, match="not among the names"):
        used_column_names(ColumnNames(every[:-5], partition.names.slice(0, len(every) - 5)), matrix)
