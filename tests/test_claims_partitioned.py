"""The claims' vectors built partition by partition (analysis/claims/partitioned.py) must equal the
whole corpus's, bit for bit, whatever the partitions: the Dask engine's claims tables depend on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from analysis.claims import make_vectorizer, select_claims, vectorise
from analysis.claims.columns import SET_ASIDE_COLUMNS
from analysis.claims.partitioned import (
    count_part,
    join_parts,
    merge_term_stats,
    part_vectors,
    split_settings,
    term_stats,
    vocabulary,
)
from analysis.claims.tables import build_claim_tables, claim_tables_from_vectors, stage_settings
from analysis.params import load_params

ROOT = Path(__file__).resolve().parents[1]


def sentences_of(folder: Path) -> pd.DataFrame:
    """Each non-empty line of each .txt file as one sentence of the file's article (real text)."""
    rows = []
    for path in sorted(folder.glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for number, line in enumerate(lines):
            rows.append({"doc_id": path.stem, "sentence_id": number, "char_start": 0, "char_end": len(line), "text": line, "is_heading": False})
    return pd.DataFrame(rows)


SEEDS = sentences_of(ROOT / "data" / "raw" / "articles")
FIXTURE = sentences_of(ROOT / "tests" / "fixtures" / "corpus" / "articles")


def whole(sentences: pd.DataFrame, settings: dict, min_words: int = 6) -> tuple:
    """What build_claim_tables computes on the whole corpus: claims with terms, set-aside rows, matrix, terms."""
    claims, set_aside = select_claims(sentences, min_words=min_words)
    matrix, terms, term_words = vectorise(claims["text"].tolist(), make_vectorizer(**settings))
    empty = np.diff(matrix.indptr) == 0
    if empty.any():
        set_aside = pd.concat([set_aside, claims[empty].assign(reason="no_content_terms")[SET_ASIDE_COLUMNS]])
        set_aside = set_aside.sort_values(["doc_id", "sentence_id"], kind="stable")
        claims, matrix = claims[~empty].reset_index(drop=True), matrix[~empty]
    return claims, set_aside.reset_index(drop=True), matrix, terms, term_words


def partitioned(sentences: pd.DataFrame, settings: dict, groups: list[list[str]], min_words: int = 6, fan_in: int = 2) -> tuple:
    """The same through the partitioned steps, the term statistics merged ``fan_in`` at a time."""
    vectorizer = make_vectorizer(**settings)
    doc_ids = sentences["doc_id"].astype(str)
    parts = [count_part(sentences[doc_ids.isin(group)], make_vectorizer(**settings), min_words=min_words) for group in groups]
    level = [term_stats(part) for part in parts]
    while len(level) > 1:
        level = [merge_term_stats(*level[i : i + fan_in]) for i in range(0, len(level), fan_in)]
    vocab = vocabulary(level[0], vectorizer, sum(len(part.claims) for part in parts))
    claims, set_aside, matrix = join_parts([part_vectors(part, vocab, vectorizer) for part in parts], len(vocab.names))
    terms, term_words = vocab.terms(vectorizer.ngram_range[1])
    return claims, set_aside, matrix, terms, term_words


def round_robin(sentences: pd.DataFrame, k: int) -> list[list[str]]:
    """Articles dealt to ``k`` partitions in turn: partitions interleave in doc_id order, some may be empty."""
    doc_ids = sorted(sentences["doc_id"].astype(str).unique())
    return [doc_ids[i::k] for i in range(k)]


def assert_same(left: tuple, right: tuple) -> None:
    claims, set_aside, matrix, terms, term_words = left
    claims2, set_aside2, matrix2, terms2, term_words2 = right
    pd.testing.assert_frame_equal(claims, claims2)
    pd.testing.assert_frame_equal(set_aside, set_aside2)
    assert matrix.shape == matrix2.shape
    for part in ("indptr", "indices"):
        assert np.array_equal(getattr(matrix, part), getattr(matrix2, part)), part
    # bit for bit: the same floats, not merely close ones
    assert np.array_equal(matrix.data.view(np.int64), matrix2.data.view(np.int64))
    assert list(terms) == list(terms2)
    words, words2 = np.asarray(terms.words, dtype=object), np.asarray(terms2.words, dtype=object)
    spelled = np.where(term_words >= 0, words[np.maximum(term_words, 0)] if len(words) else "", "")
    spelled2 = np.where(term_words2 >= 0, words2[np.maximum(term_words2, 0)] if len(words2) else "", "")
    assert np.array_equal(spelled, spelled2)


SETTINGS = [
    {},
    {"min_df": 2, "max_df": 0.3},
    {"min_df": 0.001, "max_df": 40, "sublinear_tf": False, "normalise": False, "stop_words": None},
    {"ngram_range": (1, 3)},
]


@pytest.mark.parametrize("options", SETTINGS, ids=[str(options) for options in SETTINGS])
@pytest.mark.parametrize("k", [1, 3, 7])
def test_partitioned_vectors_equal_the_whole_corpus_on_the_seeds(options: dict, k: int) -> None:
    assert_same(whole(SEEDS, options), partitioned(SEEDS, options, round_robin(SEEDS, k)))


def test_partitioned_vectors_equal_the_whole_corpus_on_the_fixture_merged_in_any_tree() -> None:
    reference = whole(FIXTURE, {})
    for fan_in in (2, 3, 10):
        assert_same(reference, partitioned(FIXTURE, {}, round_robin(FIXTURE, 4), fan_in=fan_in))
    reversed_groups = [list(reversed(group)) for group in reversed(round_robin(FIXTURE, 4))]
    assert_same(reference, partitioned(FIXTURE, {}, reversed_groups))


def test_a_term_first_seen_in_a_later_partition_takes_the_earlier_claims_place() -> None:
    sentences = pd.DataFrame(
        {
            "doc_id": ["b", "a"], "sentence_id": [0, 0], "char_start": 0, "char_end": 10, "is_heading": False,
            "text": ["Troops crossed the river near the old border town.", "Officials said troops crossed the border."],
        }
    )  # fmt: skip
    vectorizer = make_vectorizer()
    later, earlier = (count_part(sentences[sentences["doc_id"] == d], vectorizer, min_words=3) for d in ("b", "a"))
    merged = merge_term_stats(term_stats(later), term_stats(earlier))
    assert merged.loc["troops", "first_doc"] == "a" and merged.loc["troops", "df"] == 2
    assert merged.loc["river", "first_doc"] == "b" and merged.loc["river", "df"] == 1
    assert merged.equals(merge_term_stats(term_stats(earlier), term_stats(later)))


def test_the_first_seen_order_is_what_makes_the_floats_equal() -> None:
    """Rows weighted in column order instead of the corpus's first-seen order: some L2 norms, summed
    in another order, come out different in the last bit on the seeds (so the test above can fail)."""
    from sklearn.preprocessing import normalize

    claims, _, matrix, _, _ = whole(SEEDS, {})
    counts = sparse.csr_matrix(matrix, copy=True)
    counts.sort_indices()
    # the same weights renormalised in column order differ from the first-seen ones somewhere
    renormalised = normalize(counts, norm="l2", copy=True)
    assert not np.array_equal(renormalised.data.view(np.int64), matrix.data.view(np.int64))


def test_a_partition_without_claims_or_terms_gives_no_rows_and_sets_its_claims_aside() -> None:
    only_stop_words = pd.DataFrame(
        {"doc_id": ["z"], "sentence_id": [0], "char_start": 0, "char_end": 30, "is_heading": False, "text": ["It is what it is, and they were there."]}
    )
    sentences = pd.concat([SEEDS, only_stop_words], ignore_index=True)
    groups = round_robin(SEEDS, 2) + [["z"], ["nobody"]]
    result = partitioned(sentences, {}, groups)
    assert_same(whole(sentences, {}), result)
    assert "z" in set(result[1].loc[result[1]["reason"] == "no_content_terms", "doc_id"])


def test_limits_that_cross_raise_scikit_learns_error() -> None:
    vectorizer = make_vectorizer(min_df=5, max_df=2)
    part = count_part(SEEDS, vectorizer, min_words=6)
    with pytest.raises(ValueError, match="max_df corresponds to < documents than min_df"):
        vocabulary(term_stats(part), vectorizer, len(part.claims))
    with pytest.raises(ValueError, match="no terms remain"):
        vocabulary(term_stats(part), make_vectorizer(min_df=10_000, max_df=20_000), len(part.claims))


def test_tables_from_partitioned_vectors_equal_the_stage_on_the_seeds() -> None:
    params = load_params(ROOT / "params" / "default.yaml")
    settings = stage_settings(params.claims)
    vectoriser, min_words, rest = split_settings(settings)
    documents = pd.DataFrame({"doc_id": sorted(SEEDS["doc_id"].unique())}).assign(genre="news", outlet="x")
    expected = build_claim_tables(SEEDS, documents, **settings)
    claims, set_aside, matrix, terms, term_words = partitioned(SEEDS, vectoriser, round_robin(SEEDS, 3), min_words=min_words)
    tables = claim_tables_from_vectors(claims, set_aside, matrix, terms, term_words, documents, **rest)
    assert sorted(tables) == sorted(expected)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(tables[name], table, obj=name)


def seed_rules() -> tuple:
    """The seeds' claims, matrix and veto rules as the stage builds them."""
    from analysis.claims.rules import PairRules
    from analysis.claims.same_statement import shipped_model
    from analysis.claims.tables import _word_term

    claims, _, matrix, terms, term_words = whole(SEEDS, {})
    return matrix, PairRules(claims["text"].tolist(), matrix, terms, term_words, word_term=_word_term, same_statement=shipped_model())


def test_rules_for_a_subset_of_claims_veto_exactly_the_pairs_the_whole_rules_veto() -> None:
    matrix, rules = seed_rules()
    rows = np.random.default_rng(14).choice(matrix.shape[0], size=60, replace=False)
    expected = rules.veto_block(rows)
    assert expected.any() and (expected == 0).sum() > len(rows)  # both vetoed and open pairs among them
    assert np.array_equal(rules.subset(rows).veto_block(np.arange(len(rows))), expected)
    a, b = np.triu_indices(len(rows), 1)
    assert np.array_equal(rules.subset(rows).veto_pairs(a, b), rules.veto_pairs(rows[a], rows[b]))
    # numbered in the given order: another order gives the block permuted, not the same block
    flipped = rules.subset(rows[::-1]).veto_block(np.arange(len(rows)))
    assert np.array_equal(flipped, expected[::-1, ::-1]) and not np.array_equal(flipped, expected)


@pytest.mark.parametrize("split_giant", [False, True])
def test_components_clustered_elsewhere_with_their_own_rules_give_the_same_labels(split_giant: bool) -> None:
    """What the Dask engine does with the graph's components (a batch of rows and the rules for
    them alone, sent to a worker) gives the labels of clustering them in place."""
    from analysis.claims.graph import cluster_large, cluster_pieces

    matrix, rules = seed_rules()
    calls = []

    def elsewhere(matrix: sparse.csr_matrix, pieces: list, **settings: object) -> list:
        calls.append(len(pieces))
        rows = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        starts = np.cumsum([0] + [len(piece) for piece in pieces[:-1]])
        local = [np.arange(start, start + len(piece)) for start, piece in zip(starts, pieces)]
        return cluster_pieces(matrix[rows], local, **{**settings, "rules": rules.subset(rows)})

    for threshold in (0.6, 0.85, 0.95):
        settings = {"distance_threshold": threshold, "max_component_exact": 12, "split_giant": split_giant, "rules": rules}
        expected, n_giant = cluster_large(matrix, **settings)
        labels, n_giant_elsewhere = cluster_large(matrix, **settings, clusterer=elsewhere)
        assert np.array_equal(labels, expected) and n_giant == n_giant_elsewhere
    assert max(calls) > 1  # components of 3+ claims were there to send


def test_graph_blocks_between_partitions_hold_the_whole_graphs_edges_with_the_same_floats() -> None:
    from analysis.claims.graph import cross_edges, frequency_rank, similarity_graph, split_prefix

    _, _, matrix, _, _ = whole(SEEDS, {})
    groups = np.array_split(np.random.default_rng(3).permutation(matrix.shape[0]), 4)
    groups = [np.sort(group) for group in groups]  # each partition's rows in the corpus's order, as join_parts keeps them
    rank = frequency_rank(np.bincount(matrix.indices, minlength=matrix.shape[1]))
    for min_similarity in (0.05, 0.1):
        expected = similarity_graph(matrix, min_similarity=min_similarity).tocoo()
        splits = [split_prefix(matrix[group], min_similarity, rank) for group in groups]
        rows, cols, sims = [], [], []
        for i in range(len(groups)):
            for j in range(i, len(groups)):
                a, b, s = cross_edges(matrix[groups[i]], matrix[groups[j]], splits[i], splits[j], min_similarity=min_similarity, same=i == j)
                rows.append(np.minimum(groups[i][a], groups[j][b]))
                cols.append(np.maximum(groups[i][a], groups[j][b]))
                sims.append(s)
        got = sparse.csr_matrix((np.concatenate(sims), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape).tocoo()
        assert expected.nnz > 20 and got.nnz == expected.nnz
        order, order2 = np.lexsort((expected.col, expected.row)), np.lexsort((got.col, got.row))
        assert np.array_equal(expected.row[order], got.row[order2]) and np.array_equal(expected.col[order], got.col[order2])
        assert np.array_equal(expected.data[order].view(np.int64), got.data[order2].view(np.int64))
    # without the pairs across partitions the graph misses edges: the blocks between them are needed
    alone = sum(len(cross_edges(matrix[g], matrix[g], s, s, min_similarity=0.05, same=True)[0]) for g, s in zip(groups, [split_prefix(matrix[g], 0.05, rank) for g in groups]))
    assert alone < similarity_graph(matrix, min_similarity=0.05).nnz


def test_rules_from_columns_equal_rules_from_the_vocabulary() -> None:
    from analysis.claims.rules import PairRules
    from analysis.claims.tables import _word_term

    claims, _, matrix, terms, term_words = whole(SEEDS, {})
    _, rules = seed_rules()
    n_words = (term_words >= 0).sum(axis=1)
    light = PairRules.for_columns(
        claims["text"].tolist(), matrix, n_words, np.asarray(terms[n_words == 1]), word_term=_word_term, same_statement=rules.same_statement
    )
    rows = np.arange(0, matrix.shape[0], 3)
    vetoed = rules.veto_block(rows)
    assert vetoed.any() and np.array_equal(light.veto_block(rows), vetoed)
