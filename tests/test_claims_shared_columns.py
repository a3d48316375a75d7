"""The large path on the columns two claims share (analysis/claims/shared_columns.py): a term in one
claim alone never adds to a product between two claims, so the graph, the veto rules and the
tables must be those of the whole matrix, bit for bit (issue 16, phases16)."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from analysis.claims import graph as claims_graph
from analysis.claims import make_vectorizer, vectorise
from analysis.claims import tables as claims_tables
from analysis.claims.rules import PairRules
from analysis.claims.same_statement import shipped_model
from analysis.claims.shared_columns import SharedColumns
from analysis.claims.tables import build_claim_tables, rules_word_term


def texts_with_hapaxes(n_pairs: int = 60) -> list[str]:
    """Pairs of texts, the second rewording the first, each with words, bigrams and numbers of its
    own, names, titles and negations among them (every veto rule has something to read)."""
    rng = random.Random(16)
    common = [f"w{i}" for i in range(40)] + ["minister", "said"]
    names = ["Kim", "Putin", "Zelensky", "Nato"]
    texts = []
    for k in range(n_pairs):
        words = [rng.choice(common) for _ in range(rng.randint(5, 10))]
        own = [f"solo{k}a", rng.choice(names), f"solo{k}b"] if k % 3 else [f"solo{k}a"]
        number = [f"killed {rng.choice([5, 7, 12])}"] if k % 4 == 0 else []
        negation = ["not"] if k % 5 == 0 else []
        first = ["Officials"] + words[: len(words) // 2] + own + words[len(words) // 2 :] + number
        second = ["Officials"] + negation + words[:-1] + [rng.choice(common), f"other{k}"] + number[:1]
        texts += [" ".join(first) + ".", " ".join(second) + "."]
    # two claims that share one short phrase and nothing else: the one-phrase rule keeps them apart
    # only when each claim's own words count in its length
    return texts + ["Reports lonea alpha beta loneb lonec.", "Loned alpha beta lonee lonef."]


def test_the_split_gives_back_the_whole_matrix_and_any_rows_exactly() -> None:
    matrix, _, _ = vectorise(texts_with_hapaxes(), make_vectorizer(stop_words=None))
    split = SharedColumns(matrix)
    assert 0 < split.n_hapax_entries < matrix.nnz
    assert split.shared.shape == (matrix.shape[0], len(split.shared_columns)) and split.shared.nnz + split.n_hapax_entries == matrix.nnz
    for rows in (np.array([5, 0, 77, 5]), np.arange(matrix.shape[0])[::7], np.array([], dtype=np.int64)):
        part, expected = split.rows(rows), matrix[rows]
        for name in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(part, name), getattr(expected, name)), name
    whole = split.whole()
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(whole, name), getattr(matrix, name)), name
    assert whole.shape == matrix.shape and split.shared is None


@pytest.mark.parametrize("min_similarity", [0.1, 0.5])
def test_the_graph_on_the_shared_columns_equals_the_whole_matrixs_bit_for_bit(min_similarity: float) -> None:
    matrix, _, _ = vectorise(texts_with_hapaxes(), make_vectorizer(stop_words=None))
    split = SharedColumns(matrix)
    norms = np.sqrt(np.asarray(split.shared.multiply(split.shared).sum(axis=1)).ravel())
    assert (norms < 1 - 1e-6).sum() > matrix.shape[0] // 2  # the rows lost terms: only the bound's |y| <= 1 holds
    whole = claims_graph.similarity_graph(matrix, min_similarity=min_similarity)
    assert whole.nnz > 20
    for partition_entries in (7, 10**9):
        shared = claims_graph.similarity_graph(split.shared, min_similarity=min_similarity, partition_entries=partition_entries)
        for name in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(shared, name), getattr(whole, name)), (partition_entries, name)


@pytest.mark.parametrize("learned", [False, True], ids=["hand rules", "same-statement decision"])
def test_the_veto_rules_on_the_shared_columns_veto_the_pairs_the_whole_matrixs_do(learned: bool) -> None:
    texts = texts_with_hapaxes()
    matrix, terms, term_words = vectorise(texts, make_vectorizer(stop_words=None))
    word_term = rules_word_term(True)
    model = shipped_model() if learned else None
    expected = PairRules(texts, matrix, terms, term_words, word_term=word_term, same_statement=model)
    split, claim_words = claims_tables._split_shared_columns(matrix, term_words)
    settings = {"word_term": word_term, "min_shared_terms": 2, "numbers": True, "negations": True}
    rules = claims_tables._shared_column_rules(texts, split, claim_words, terms, term_words, **settings, same_statement=model)
    # a claim's own words count in its length (the one-phrase rule), though no pair shares them
    assert (np.asarray(rules._n_words) > np.diff(rules._unigrams.indptr)).any()
    assert np.array_equal(rules._n_words, expected._n_words)
    pairs = np.array(list(itertools.combinations(range(len(texts)), 2)))
    vetoed = expected.veto_pairs(pairs[:, 0], pairs[:, 1])
    assert 0 < vetoed.sum() < len(pairs)
    assert np.array_equal(rules.veto_pairs(pairs[:, 0], pairs[:, 1]), vetoed)
    members = np.arange(0, len(texts), 3)
    assert np.array_equal(rules.veto_block(members), expected.veto_block(members))
    # without the claims' whole lengths the one-phrase rule would read shorter claims
    unsized = PairRules.for_columns(texts, split.shared, rules_words(term_words, split), rules._unigram_terms, **settings, same_statement=model)
    assert not np.array_equal(unsized.veto_pairs(pairs[:, 0], pairs[:, 1]), vetoed)


def rules_words(term_words: np.ndarray, split: SharedColumns) -> np.ndarray:
    return (term_words[split.shared_columns] >= 0).sum(axis=1, dtype=np.int8)


def test_the_large_path_on_the_shared_columns_writes_the_whole_matrixs_tables(monkeypatch) -> None:
    texts = texts_with_hapaxes()
    sentences = pd.DataFrame(
        {"doc_id": [f"d{k % 7}" for k in range(len(texts))], "sentence_id": range(len(texts)), "char_start": 0, "char_end": 1, "text": texts, "is_heading": False}
    ).sort_values(["doc_id", "sentence_id"], kind="stable")
    documents = pd.DataFrame({"doc_id": [f"d{k}" for k in range(7)], "genre": ["wire", "opinion"] * 3 + ["wire"]})
    settings = {"max_claims_exact": 20, "sweep_thresholds": (0.5, 0.75, 0.9), "min_words": 3}
    splits: list[int] = []
    make_split = claims_tables.SharedColumns
    monkeypatch.setattr(claims_tables, "SharedColumns", lambda matrix: splits.append(1) or make_split(matrix))
    # on two cores the sweep runs beside the descriptions and the whole matrix is kept: no split
    expected = build_claim_tables(sentences.copy(), documents, **settings, n_jobs=2)
    assert splits == []
    tables = build_claim_tables(sentences.copy(), documents, **settings, n_jobs=1)
    assert splits == [1]
    assert (expected["clusters"]["n_claims"] > 1).any() and expected["threshold_sweep"]["silhouette"].notna().any()
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)
