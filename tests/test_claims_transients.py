"""What the claims stage holds beside its vectors, and for how long (issue 16, branch mem16b).

Each change here leaves every table as it was (the stage's tables are compared with and without
it, or the step's arrays with the plain computation's); what the tests check is the memory side:
no copy made while another is alive, no work array over the whole vocabulary, the heap given back
between the steps of a loop.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.preprocessing import normalize

from analysis import tfidf
from analysis.claims import build_claim_tables, make_vectorizer, vectorise
from analysis.claims import labels as claims_labels
from analysis.claims import sweep as claims_sweep
from analysis.claims import tables as claims_tables

from tests.test_claims_chunks import TEXTS  # one claim worded three ways, two worded twice, one alone


def sentence_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "sentence_id": list(range(4)) * 2, "char_start": list(range(8)),
                              "char_end": list(range(1, 9)), "text": TEXTS, "is_heading": [False] * 8})  # fmt: skip
    return sentences, pd.DataFrame({"doc_id": ["a", "b"], "genre": ["wire", "opinion"]})


@pytest.mark.parametrize("max_claims_exact", [3, 5000])
def test_the_representatives_texts_are_taken_once_the_vectors_are_freed(monkeypatch, max_claims_exact: int) -> None:
    # on one long article nearly every claim is its own cluster's representative: taken beside the
    # vectors, they were a copy of every claim's text at the descriptions' peak
    sentences, documents = sentence_table()
    expected = build_claim_tables(sentences.copy(), documents, max_claims_exact=max_claims_exact)
    vectors, alive_when_taken, described_keys = [], [], []
    count, take, describe = claims_tables.vectorise, claims_tables.representative_texts, claims_tables.describe_vectors

    def counted(*args):
        fitted = count(*args)
        vectors.append(weakref.ref(fitted.matrix))
        return fitted

    monkeypatch.setattr(claims_tables, "vectorise", counted)
    monkeypatch.setattr(claims_tables, "representative_texts", lambda *args: alive_when_taken.append(vectors[0]() is not None) or take(*args))
    monkeypatch.setattr(claims_tables, "describe_vectors", lambda *args, **kwargs: described_keys.append(set(out := describe(*args, **kwargs))) or out)
    tables = build_claim_tables([sentences.copy()], documents, max_claims_exact=max_claims_exact)
    assert alive_when_taken == [False]
    assert described_keys == [{"medoid", "similarity", "short_label", "label"}]
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)
    # described on their own (the Dask engine's batches, the notebooks), the representatives come with them
    texts = pd.Series(TEXTS, dtype="str")
    fitted = vectorise(TEXTS, make_vectorizer())
    described = describe(fitted.matrix, np.array([0, 0, 0, 1, 1, 2, 2, 3]), texts, fitted.terms, fitted.term_words)
    assert list(described["representative"]) == [TEXTS[row] for row in described["medoid"]]


def test_the_counting_moves_its_chunks_into_the_matrix_without_a_concatenated_copy(monkeypatch) -> None:
    vectorizer = make_vectorizer()
    whole = tfidf._count_terms(vectorizer, TEXTS, chunk=len(TEXTS))
    concatenated = []
    concatenate = np.concatenate
    monkeypatch.setattr(np, "concatenate", lambda arrays, *args, **kwargs: concatenated.append(out := concatenate(arrays, *args, **kwargs)) or out)
    chunked = tfidf._count_terms(vectorizer, TEXTS, chunk=3)
    monkeypatch.undo()
    entries = whole[0].nnz
    assert not [array for array in concatenated if array.ndim == 1 and len(array) == entries]  # neither the terms nor the counts
    for left, right in zip((whole[0].data, whole[0].indices, whole[0].indptr, whole[2]), (chunked[0].data, chunked[0].indices, chunked[0].indptr, chunked[2])):
        np.testing.assert_array_equal(left, right)
        assert left.dtype == right.dtype
    assert list(whole[1]) == list(chunked[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_two_word_terms_are_ordered_by_one_key_as_by_numpys_lexsort(monkeypatch, seed: int) -> None:
    rng = np.random.default_rng(seed)
    words = np.array(sorted({"".join(rng.choice(list("abcdz"), size=rng.integers(1, 5))) for _ in range(60)}), dtype=object)
    rng.shuffle(words)
    first = rng.integers(0, len(words), 400)
    second = np.where(rng.random(400) < 0.3, -1, rng.integers(0, len(words), 400))
    tuples = np.unique(np.stack([first, second], axis=1), axis=0).astype(np.int32)
    rng.shuffle(tuples)
    names = tfidf._joined(words, tuples)
    expected = np.array(sorted(range(len(names)), key=names.__getitem__))
    lexsort = np.lexsort
    sorted_with = []
    monkeypatch.setattr(np, "lexsort", lambda keys: sorted_with.append("lexsort") or lexsort(keys))
    np.testing.assert_array_equal(tfidf._alphabetical_order(words, tuples), expected)
    assert sorted_with == []
    three = np.concatenate([tuples, np.full((len(tuples), 1), -1, dtype=np.int32)], axis=1)  # three-word terms: lexsort still
    np.testing.assert_array_equal(tfidf._alphabetical_order(words, three), expected)
    assert sorted_with == ["lexsort"]


def test_cluster_sums_multiply_over_the_rows_own_columns_only(monkeypatch) -> None:
    # scipy's sparse product keeps two work arrays as long as its result is wide: over a long
    # article's whole vocabulary (1.45 million terms), 17 MB for each run of a few clusters
    rng = np.random.default_rng(4)
    n_terms = 100_000
    dense_columns = rng.choice(n_terms, 40, replace=False)
    matrix = normalize(sparse.csr_matrix((rng.random(600), (np.repeat(np.arange(60), 10), rng.choice(dense_columns, 600))), shape=(60, n_terms)))
    matrix.sum_duplicates()
    labels = rng.integers(0, 12, 60)
    sums = claims_labels.ClusterSums(matrix, labels)
    widths = []
    multiply = sparse.csr_matrix.__matmul__
    monkeypatch.setattr(sparse.csr_matrix, "__matmul__", lambda left, right: widths.append(right.shape[1]) or multiply(left, right))
    block, chosen, scores = sums.block(0, 12), sums.of(np.array([1, 5, 7])), sums.row_scores()
    monkeypatch.undo()
    assert widths and max(widths) <= 40
    expected = claims_labels.cluster_sums(matrix, labels)
    for got, rows in ((block, np.arange(12)), (chosen, np.array([1, 5, 7]))):
        want = expected[rows]
        assert got.shape == want.shape
        np.testing.assert_array_equal(got.indptr, want.indptr)
        np.testing.assert_array_equal(got.indices, want.indices)
        np.testing.assert_array_equal(got.data, want.data)
    np.testing.assert_array_equal(scores, claims_labels._lookup(expected, labels, matrix))


def test_the_sweep_gives_the_heap_back_per_threshold_and_scores_the_silhouette_on_the_samples_columns(monkeypatch) -> None:
    from sklearn import metrics

    rng = np.random.default_rng(7)
    n_terms = 5_000
    matrix = normalize(sparse.random(40, n_terms, density=0.004, random_state=3, format="csr") + sparse.csr_matrix(
        (np.ones(40), (np.arange(40), rng.integers(0, 6, 40))), shape=(40, n_terms)))  # fmt: skip
    doc_ids = np.repeat(np.arange(8), 5)
    thresholds = (0.3, 0.6, 0.9)
    expected = claims_sweep.threshold_sweep(matrix, doc_ids, thresholds, max_claims_exact=10)
    released, widths = [], []
    score = metrics.silhouette_score
    monkeypatch.setattr(claims_sweep, "release_free_heap", lambda: released.append(1))
    monkeypatch.setattr(metrics, "silhouette_score", lambda vectors, *args, **kwargs: widths.append(vectors.shape[1]) or score(vectors, *args, **kwargs))
    swept = claims_sweep.threshold_sweep(matrix, doc_ids, thresholds, max_claims_exact=10)
    pd.testing.assert_frame_equal(swept, expected)
    assert len(released) == 2 * len(thresholds)
    used = len(np.unique(matrix.indices))
    assert widths and set(widths) == {used} and used < n_terms
    compact, columns = claims_labels.used_columns(matrix)
    np.testing.assert_array_equal(columns, np.unique(matrix.indices))
    assert score(compact, swept_labels := rng.integers(0, 5, 40), metric="cosine") == score(matrix, swept_labels, metric="cosine")


def test_the_stage_ranks_and_sweeps_articles_as_integer_codes(monkeypatch) -> None:
    # a Python string per claim (an Arrow column's to_numpy makes a new one each) was 6.6 MB on one long article
    sentences, documents = sentence_table()
    expected = build_claim_tables(sentences.copy(), documents, max_claims_exact=3)
    seen = []
    sweep = claims_tables.threshold_sweep
    monkeypatch.setattr(claims_tables, "threshold_sweep", lambda matrix, doc_ids, *args, **kwargs: seen.append(doc_ids) or sweep(matrix, doc_ids, *args, **kwargs))
    tables = build_claim_tables(sentences.copy(), documents, max_claims_exact=3)
    assert seen[0].dtype.kind == "i" and list(seen[0]) == [0] * 4 + [1] * 4
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)
