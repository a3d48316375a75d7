"""The claims stage's memory-bounding chunks and lazy term names never change a result.

Each chunked step is run with a chunk of a few entries (many chunks, rows split at every
boundary) and with one chunk for everything; the two must agree exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.preprocessing import normalize

from analysis.claims import graph as claims_graph
from analysis.claims import labels as claims_labels
from analysis.claims import make_vectorizer, vectorise
from analysis.tfidf import TermNames

TEXTS = [
    "Russian forces shelled the city overnight, officials said.",
    "Officials said Russian forces shelled the city overnight.",
    "The city was shelled overnight by Russian forces.",
    "Nato allies agreed to send more air defence systems.",
    "More air defence systems will be sent by Nato allies.",
    "Grain exports resumed from the southern ports on Monday.",
    "Exports of grain from southern ports resumed Monday.",
    "Talks between the two delegations ended without agreement.",
]


def random_rows(seed: int, n_rows: int = 80, n_terms: int = 30) -> sparse.csr_matrix:
    rng = np.random.default_rng(seed)
    dense = rng.random((n_rows, n_terms)) * (rng.random((n_rows, n_terms)) < 0.2)
    return normalize(sparse.csr_matrix(dense))


def test_term_names_equal_scikit_learns_names_however_indexed() -> None:
    fitted = vectorise(TEXTS, make_vectorizer())
    assert isinstance(fitted.terms, TermNames)
    names = np.asarray(fitted.terms)
    assert len(fitted.terms) == len(names) == fitted.matrix.shape[1]
    assert [fitted.terms[i] for i in range(len(names))] == names.tolist()
    mask = np.arange(len(names)) % 3 == 0
    assert fitted.terms[mask].tolist() == names[mask].tolist()
    assert fitted.terms[[4, 0, 2]].tolist() == names[[4, 0, 2]].tolist()
    assert fitted.terms[2:5].tolist() == names[2:5].tolist()
    assert fitted.terms[np.zeros(len(names), dtype=bool)].tolist() == []


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_prefix_split_in_chunks_equals_one_chunk(seed: int) -> None:
    matrix = random_rows(seed)
    matrix.sort_indices()
    whole_norm, whole_suffix = claims_graph._split_prefix(matrix, 0.4, chunk=10**9)
    norm, suffix = claims_graph._split_prefix(matrix, 0.4, chunk=7)
    np.testing.assert_allclose(norm, whole_norm, rtol=0, atol=1e-15)
    assert (suffix != whole_suffix).nnz == 0
    # every row's prefix norm stays under the cap, and prefix plus suffix give the row back
    assert (norm < 0.4 + 1e-12).all()
    np.testing.assert_allclose(np.asarray(suffix.multiply(suffix).sum(axis=1)).ravel() + norm**2, 1.0)


@pytest.mark.parametrize("seed", [0, 3])
def test_chunked_lookup_and_labels_equal_one_chunk(seed: int) -> None:
    matrix = random_rows(seed)
    matrix.sort_indices()
    labels = np.random.default_rng(seed).integers(0, 25, matrix.shape[0])
    labels = np.unique(labels, return_inverse=True)[1]
    sums = claims_labels.cluster_sums(matrix, labels)
    whole = claims_labels._lookup(sums, labels, matrix, chunk=10**9)
    np.testing.assert_array_equal(claims_labels._lookup(sums, labels, matrix, chunk=5), whole)
    # the lookup is each row's dot product with its cluster's sum
    np.testing.assert_allclose(whole, np.asarray(matrix.multiply(sums[labels]).sum(axis=1)).ravel())
    terms = np.array([f"t{i:02d}" for i in range(matrix.shape[1])], dtype=object)
    term_words = np.column_stack([np.arange(matrix.shape[1]), np.full(matrix.shape[1], -1)])
    one = list(claims_labels.cluster_labels(matrix, labels, terms, term_words, sums=sums, chunk=10**9))
    assert list(claims_labels.cluster_labels(matrix, labels, terms, term_words, chunk=3)) == one
    assert list(claims_labels.cluster_labels(matrix, labels, TermNames(terms, term_words), term_words, chunk=3)) == one


@pytest.mark.parametrize("block", [1, 4, 7])
def test_labels_chosen_in_blocks_of_clusters_equal_one_block(block: int, monkeypatch) -> None:
    """Label terms chosen a few clusters at a time (a partial last block) equal all clusters at once,
    with two-word terms whose overlap filter reads each cluster's earlier choices."""
    matrix = random_rows(5)
    matrix.sort_indices()
    labels = np.unique(np.random.default_rng(5).integers(0, 25, matrix.shape[0]), return_inverse=True)[1]
    n_terms = matrix.shape[1]
    terms = np.array([f"w{i % 6} w{i % 5}" if i % 3 else f"w{i % 6}" for i in range(n_terms)], dtype=object)
    term_words = np.array([[i % 6, 6 + i % 5] if i % 3 else [i % 6, -1] for i in range(n_terms)])
    one = list(claims_labels.cluster_labels(matrix, labels, terms, term_words))
    assert len(one) == labels.max() + 1 and any(" / " in label for label in one)
    monkeypatch.setattr(claims_labels, "CLUSTER_BLOCK", block)
    assert list(claims_labels.cluster_labels(matrix, labels, terms, term_words)) == one


@pytest.mark.parametrize("seed", [0, 4])
def test_binary_columns_equal_scipys_column_selection(seed: int) -> None:
    from analysis.claims.rules import _binary_columns

    matrix = random_rows(seed)
    keep = np.random.default_rng(seed).random(matrix.shape[1]) < 0.5
    expected = matrix[:, np.flatnonzero(keep)].tocsr()
    expected.data[:] = 1.0
    got = _binary_columns(matrix, keep)
    assert got.shape == expected.shape and (got != expected).nnz == 0
    np.testing.assert_array_equal(got.indptr, expected.indptr)



@pytest.mark.parametrize("seed", [0, 4])
def test_compact_binary_columns_give_the_same_dots_between_rows(seed: int) -> None:
    from analysis.claims.cluster import row_dots
    from analysis.claims.rules import _binary_columns

    matrix = random_rows(seed, n_terms=300)  # four rows use fewer columns than there are: the entries' own numbering
    keep = np.random.default_rng(seed).random(matrix.shape[1]) < 0.5
    whole, compact, looked_up = _binary_columns(matrix, keep), _binary_columns(matrix[:4], keep, compact=True), _binary_columns(matrix[:4], keep)
    rows, cols = np.meshgrid(np.arange(4), np.arange(4))
    np.testing.assert_array_equal(row_dots(compact, rows.ravel(), cols.ravel()), row_dots(whole[:4], rows.ravel(), cols.ravel()))
    assert compact.shape[1] == len(np.unique(matrix[:4].indices[keep[matrix[:4].indices]])) < whole.shape[1] == keep.sum()
    # without compact the few rows keep the whole matrix's numbering, entry for entry
    assert looked_up.shape == whole[:4].shape and (looked_up != whole[:4]).nnz == 0


def test_a_batchs_veto_rules_allocate_by_its_rows_not_by_the_vocabularys_columns() -> None:
    # issue 14 (dask14g): a batch of the Dask engine's graph path holds a few thousand rows over the
    # corpus's millions of columns; the rules' column renumbering counted over every column (two
    # int64 arrays of the vocabulary's length, in each block and batch). Now they cost about one
    # byte per column (the masks of unigram and bigram columns) beside the rows' own arrays.
    import tracemalloc

    from analysis.claims.rules import PairRules

    n_terms = 4_000_000
    n_words = np.full(n_terms, 2, dtype=np.int8)
    n_words[::50] = 1  # unigrams are a few in a hundred of a large corpus's terms (73,538 of 3,771,666 at 80 MB)
    rng = np.random.default_rng(3)
    dense_columns = np.sort(rng.choice(n_terms, size=(40, 12), replace=False), axis=1)
    matrix = sparse.csr_matrix((np.full(dense_columns.size, 0.3), dense_columns.ravel(), np.arange(0, 41 * 12, 12)), shape=(40, n_terms))
    unigram_terms = np.array([f"w{i}" for i in range(0, n_terms, 50)], dtype=object)
    texts = [f"Claim {i} about things" for i in range(40)]
    tracemalloc.start()
    rules = PairRules.for_columns(texts, matrix, n_words, unigram_terms)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2.5 * n_terms, peak  # the masks (one byte per column each); the old counts were 16 bytes per column
    assert rules._unigrams.shape == (40, n_terms // 50)  # the unigrams keep the vocabulary's numbering (names look them up)
    assert rules._bigrams.shape[1] == len(np.unique(dense_columns[dense_columns % 50 != 0]))

def test_row_dots_in_chunks_equal_one_chunk() -> None:
    from analysis.claims.cluster import row_dots

    matrix = random_rows(5)
    rng = np.random.default_rng(5)
    rows, cols = rng.integers(0, matrix.shape[0], 50), rng.integers(0, matrix.shape[0], 50)
    whole = row_dots(matrix, rows, cols, chunk=10**9)
    np.testing.assert_array_equal(row_dots(matrix, rows, cols, chunk=3), whole)
    np.testing.assert_allclose(whole, np.einsum("ij,ij->i", matrix[rows].toarray(), matrix[cols].toarray()))


@pytest.mark.parametrize("seed", [0, 6])
def test_condensed_distances_in_bands_equal_the_full_square(seed: int) -> None:
    from scipy.spatial.distance import squareform

    from analysis.claims.cluster import condensed_cosine_distances, cosine_distances_dense

    matrix = random_rows(seed)
    veto = np.random.default_rng(seed).random((matrix.shape[0],) * 2) < 0.1
    veto = veto | veto.T
    np.fill_diagonal(veto, False)
    for given in (None, veto):
        square = cosine_distances_dense(matrix, given)
        expected = square[np.triu_indices(matrix.shape[0], k=1)]
        np.testing.assert_array_equal(condensed_cosine_distances(matrix, given, band_cells=100), expected)
        np.testing.assert_array_equal(condensed_cosine_distances(matrix, given, band_cells=10**9), squareform(square, checks=False))


def test_veto_block_in_bands_equals_one_band() -> None:
    from analysis.claims.rules import PairRules

    texts = TEXTS + ["Russian forces did not shell the city overnight, officials said.", "Officials said 12 Russian forces shelled the city."]
    fitted = vectorise(texts, make_vectorizer())
    rules = PairRules(texts, fitted.matrix, fitted.terms, fitted.term_words)
    members = np.arange(len(texts))
    whole = rules.veto_block(members, block_cells=10**9)
    np.testing.assert_array_equal(rules.veto_block(members, block_cells=1), whole)
    assert whole.any() and not whole.all()


@pytest.mark.parametrize("linkage", ["average", "complete", "single"])
def test_one_tree_cut_at_each_threshold_equals_clustering_afresh(linkage: str) -> None:
    from analysis.claims.cluster import cluster_exact, linkage_tree
    from analysis.claims.rules import PairRules

    fitted = vectorise(TEXTS, make_vectorizer())
    rules = PairRules(TEXTS, fitted.matrix, fitted.terms, fitted.term_words, min_shared_terms=1)
    tree = linkage_tree(fitted.matrix, linkage=linkage, rules=rules)
    found = set()
    for threshold in (0.3, 0.5, 0.7, 0.85, 0.95):
        afresh = cluster_exact(fitted.matrix, distance_threshold=threshold, linkage=linkage, rules=rules)
        cut = cluster_exact(fitted.matrix, distance_threshold=threshold, linkage=linkage, rules=rules, tree=tree)
        np.testing.assert_array_equal(cut, afresh)
        found.add(int(afresh.max()))
    assert len(found) > 1  # the thresholds do cut the tree differently


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_suffix_transpose_and_rows_from_the_mask_equal_the_whole_suffixs(seed: int) -> None:
    # the similarity graph no longer copies the whole suffix: each partition's transpose and each
    # block's rows are made from the prefix mask, array for array what the suffix gave
    matrix = random_rows(seed)
    matrix.sort_indices()
    _, suffix = claims_graph._split_prefix(matrix, 0.4)
    _, in_prefix = claims_graph._prefix_mask(matrix, 0.4)
    for rows in [None, (0, matrix.shape[0]), (5, 23), (79, 80), (30, 30)]:
        first, stop = rows or (0, matrix.shape[0])
        expected = suffix[first:stop].T.tocsr()
        transposed = claims_graph._suffix_transposed(matrix, ~in_prefix, rows=rows)
        assert transposed.shape == (matrix.shape[1], stop - first)
        for name in ("indptr", "indices", "data"):
            np.testing.assert_array_equal(getattr(transposed, name), getattr(expected, name))
            assert getattr(transposed, name).dtype == getattr(expected, name).dtype
    for start, stop in [(0, matrix.shape[0]), (5, 23), (79, 80)]:
        rows = claims_graph._suffix_rows(matrix, ~in_prefix, start, stop)
        np.testing.assert_array_equal(rows.indices, suffix[start:stop].indices)
        np.testing.assert_array_equal(rows.data, suffix[start:stop].data)
        np.testing.assert_array_equal(rows.indptr, suffix[start:stop].indptr)
    # the prefix really is left out: a mask of nothing gives every entry, one of everything none
    assert claims_graph._suffix_transposed(matrix, np.ones(matrix.nnz, dtype=bool)).nnz == matrix.nnz
    assert claims_graph._suffix_transposed(matrix, np.zeros(matrix.nnz, dtype=bool)).nnz == 0


@pytest.mark.parametrize("seed", [0, 3])
def test_cluster_sums_made_by_blocks_equal_the_whole_products_rows(seed: int) -> None:
    matrix = random_rows(seed)
    matrix.sort_indices()
    labels = np.unique(np.random.default_rng(seed).integers(0, 25, matrix.shape[0]), return_inverse=True)[1]
    whole = claims_labels.cluster_sums(matrix, labels)
    sums = claims_labels.ClusterSums(matrix, labels)
    for first, stop in [(0, sums.n_clusters), (3, 9), (sums.n_clusters - 1, sums.n_clusters)]:
        block = sums.block(first, stop)
        # the same floats in the same order as the whole product's rows, not only equal matrices
        np.testing.assert_array_equal(block.indptr, whole[first:stop].indptr)
        np.testing.assert_array_equal(block.indices, whole[first:stop].indices)
        np.testing.assert_array_equal(block.data, whole[first:stop].data)
    some = np.array([1, 4, 5, 20])
    assert (sums.of(some) != whole[some]).nnz == 0
    # a budget of a few entries gives many runs, together every cluster once
    runs = sums.runs(1 << 15, 6)
    assert len(runs) > 2 and runs[0][0] == 0 and runs[-1][1] == sums.n_clusters
    assert all(stop == next_first for (_, stop), (next_first, _) in zip(runs, runs[1:]))
    assert sums.runs(4, 10**9) == [(first, min(first + 4, sums.n_clusters)) for first in range(0, sums.n_clusters, 4)]
    for budget in (6, 1 << 18):
        np.testing.assert_array_equal(sums.row_scores(max_entries=budget), claims_labels._lookup(whole, labels, matrix))
    assert [np.asarray(a).tolist() for a in claims_labels.medoids(matrix, labels, sums=sums)] == [
        np.asarray(a).tolist() for a in claims_labels.medoids(matrix, labels, sums=whole)
    ]
    terms = np.array([f"t{i:02d}" for i in range(matrix.shape[1])], dtype=object)
    term_words = np.column_stack([np.arange(matrix.shape[1]), np.full(matrix.shape[1], -1)])
    assert list(claims_labels.cluster_labels(matrix, labels, terms, term_words, sums=sums, chunk=5)) == list(claims_labels.cluster_labels(
        matrix, labels, terms, term_words, sums=whole
    ))
    texts = [" ".join(f"t{i:02d}" for i in np.flatnonzero(row)) for row in matrix.toarray()]
    representatives = [texts[row] for row in claims_labels.medoids(matrix, labels, sums=whole)[0]]
    multi = np.bincount(labels) >= 2
    assert list(claims_labels.short_labels(representatives, sums, terms, term_words, str, n_words=2, multi=multi)) == list(claims_labels.short_labels(
        representatives, whole, terms, term_words, str, n_words=2, multi=multi
    ))


def test_the_descriptions_and_the_veto_rules_keep_an_arrow_text_column_as_it_is() -> None:
    # a list of every claim's text as Python strings, and the representatives' texts as an object
    # array, were second copies of the claims' texts on a long article
    import pandas as pd

    from analysis.claims.rules import PairRules
    from analysis.claims.tables import describe_vectors

    texts = pd.Series(TEXTS, dtype="str")
    fitted = vectorise(TEXTS, make_vectorizer())
    rules = PairRules(texts, fitted.matrix, fitted.terms, fitted.term_words)
    assert not isinstance(rules.texts, list) and len(rules.texts) == len(TEXTS) and rules.texts[3] == TEXTS[3]
    assert PairRules(list(TEXTS), fitted.matrix, fitted.terms, fitted.term_words).texts == TEXTS
    labels = np.array([0, 0, 0, 1, 1, 2, 2, 3])
    described = describe_vectors(fitted.matrix, labels, texts, fitted.terms, fitted.term_words)
    assert isinstance(described["representative"].dtype, pd.StringDtype)
    assert list(described["representative"]) == [TEXTS[row] for row in described["medoid"]]
    objects = describe_vectors(fitted.matrix, labels, texts.astype(object), fitted.terms, fitted.term_words)
    assert objects["representative"].dtype == object and list(objects["representative"]) == list(described["representative"])
    assert list(objects["short_label"]) == list(described["short_label"]) and list(objects["label"]) == list(described["label"])


def test_text_column_in_blocks_equals_pandas_own_conversion(monkeypatch) -> None:
    import pandas as pd

    from analysis.claims import tables as claims_tables

    monkeypatch.setattr(claims_tables, "TEXT_BLOCK", 3)
    values = ["Troops sent…", "", "a / b / c", "Nato allies", "x", "ünïcode", "last"]
    built = claims_tables.text_column(values)
    expected = pd.array(values, dtype="str")
    pd.testing.assert_extension_array_equal(built, expected)
    assert built._pa_array.num_chunks == 3  # made three strings at a time, not in one conversion
    assert pd.DataFrame({"label": built}).equals(pd.DataFrame({"label": values}))
    assert claims_tables.text_column([]) == []


def test_a_handed_over_sentence_table_is_freed_before_the_counting(monkeypatch) -> None:
    # issue 16: the pipeline's sentence table stayed alive (held by the call) through the whole stage
    import weakref

    import pandas as pd

    from analysis.claims import build_claim_tables
    from analysis.claims import tables as claims_tables

    sentences = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "sentence_id": list(range(4)) * 2, "char_start": list(range(8)),
                              "char_end": list(range(1, 9)), "text": TEXTS, "is_heading": [False] * 8})  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["wire", "opinion"]})
    expected = build_claim_tables(sentences, documents)
    handed = [sentences.copy()]
    table = weakref.ref(handed[0])
    alive_when_counted = []
    count = claims_tables.vectorise
    monkeypatch.setattr(claims_tables, "vectorise", lambda *args: alive_when_counted.append(table() is not None) or count(*args))
    tables = build_claim_tables(handed, documents)
    assert handed == [] and alive_when_counted == [False]
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)
    alive_when_counted.clear()
    kept = sentences.copy()
    table = weakref.ref(kept)
    build_claim_tables(kept, documents)  # passed as it is: the caller's table is the caller's
    assert alive_when_counted == [True] and len(kept) == 8


def test_the_descriptions_labels_are_made_the_tables_columns_at_once() -> None:
    # issue 16 (claimsmem): the short labels and term labels were lists of Python strings held until
    # the clusters table was built (one string per cluster: nearly one per claim on a long article);
    # each is now the table's text column as soon as it is made, and the table takes it as it is
    import pandas as pd

    from analysis.claims.tables import describe_vectors, text_column

    texts = pd.Series(TEXTS, dtype="str")
    fitted = vectorise(TEXTS, make_vectorizer())
    labels = np.array([0, 0, 0, 1, 1, 2, 2, 3])
    described = describe_vectors(fitted.matrix, labels, texts, fitted.terms, fitted.term_words)
    column_dtype = pd.api.types.pandas_dtype("str")
    for name in ("short_label", "label"):
        assert not isinstance(described[name], list) and described[name].dtype == column_dtype
        assert text_column(described[name]) is described[name]  # not rebuilt
    assert isinstance(text_column(["a", "b"]), type(described["label"]))  # a list is still made the column


def test_the_suffix_transpose_keeps_no_64_bit_array_over_the_vocabulary() -> None:
    # issue 16 (claimsmem): the transpose's pointers and each term's next place were int64 (then the
    # pointers copied to 32-bit): three arrays over the vocabulary beside the transpose being filled
    import tracemalloc

    n_terms = 1_000_000
    rng = np.random.default_rng(5)
    columns = np.sort(rng.choice(n_terms, size=(30, 10), replace=False), axis=1)
    matrix = sparse.csr_matrix((np.full(columns.size, 0.3), columns.ravel(), np.arange(0, 31 * 10, 10)), shape=(30, n_terms))
    in_suffix = np.ones(matrix.nnz, dtype=bool)
    in_suffix[::3] = False
    tracemalloc.start()
    transposed = claims_graph._suffix_transposed(matrix, in_suffix)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # at most the counts and one chunk's counts (int64, 16 bytes a term); the old pointers, next places
    # (int64) and the pointers' 32-bit copy were 20 bytes a term
    assert peak < 18 * n_terms, peak
    assert transposed.indptr.dtype == np.int32
    suffix = sparse.csr_matrix(matrix.multiply(sparse.csr_matrix((in_suffix.astype(float), matrix.indices, matrix.indptr), shape=matrix.shape)))
    expected = suffix.T.tocsr()
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(transposed, part), getattr(expected, part)), part


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_frequency_rank_orders_terms_most_frequent_first_in_32_bits(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = np.bincount(rng.integers(0, 50, 400), minlength=60)  # many ties, and ten unseen terms
    order = sorted(range(60), key=lambda term: (-counts[term], term))  # ties by index
    ranked = claims_graph.frequency_rank(counts)
    assert ranked.dtype == np.int32  # not four int64 arrays over the vocabulary (issue 16)
    assert [int(ranked[term]) for term in order] == list(range(60))


@pytest.mark.parametrize("max_claims_exact", [3, 100])
def test_the_large_paths_graph_is_built_before_the_veto_rules(monkeypatch, max_claims_exact: int) -> None:
    # issue 16 (claimsmem): the rules' binary columns were alive beside the graph's suffix transpose
    # and candidate blocks (the graph does not read them); the large path now builds the graph
    # first, and the tables are the same. The exact path builds no graph.
    import pandas as pd

    from analysis.claims import build_claim_tables
    from analysis.claims import tables as claims_tables

    sentences = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 4, "sentence_id": list(range(4)) * 2, "char_start": list(range(8)),
                              "char_end": list(range(1, 9)), "text": TEXTS, "is_heading": [False] * 8})  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["wire", "opinion"]})
    expected = build_claim_tables(sentences, documents, max_claims_exact=max_claims_exact)
    rules_made, rules_when_graphed = [], []
    make_rules, make_graph = claims_tables.PairRules, claims_tables.similarity_graph

    class CountedRules(make_rules):  # type: ignore[misc, valid-type]
        # the large path on one core makes its rules on the shared columns (for_columns)
        def __init__(self, *args, **kwargs) -> None:
            rules_made.append(1)
            super().__init__(*args, **kwargs)

        @classmethod
        def for_columns(cls, *args, **kwargs):
            rules_made.append(1)
            return make_rules.for_columns(*args, **kwargs)

    monkeypatch.setattr(claims_tables, "PairRules", CountedRules)
    monkeypatch.setattr(claims_tables, "similarity_graph", lambda *args, **kwargs: rules_when_graphed.append(len(rules_made)) or make_graph(*args, **kwargs))
    tables = build_claim_tables(sentences, documents, max_claims_exact=max_claims_exact)
    assert rules_made == [1]
    assert rules_when_graphed == ([0] if max_claims_exact < 8 else [])
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(tables[name], frame, obj=name)


@pytest.mark.parametrize("chunk", [1, 3, 1 << 18])
def test_the_kept_entries_row_pointers_in_chunks_equal_one_running_count(chunk: int) -> None:
    from analysis.claims.cluster import kept_indptr as _kept_indptr

    rng = np.random.default_rng(chunk)
    lengths = rng.integers(0, 6, 40)
    lengths[[0, 7, 39]] = 0  # empty rows first, inside and last
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int32)
    kept = rng.random(int(indptr[-1])) < 0.4
    expected = np.concatenate(([0], np.cumsum(kept)))[indptr]
    pointers = _kept_indptr(indptr, kept, chunk=chunk)
    assert pointers.dtype == indptr.dtype and np.array_equal(pointers, expected)
    assert np.array_equal(_kept_indptr(indptr, np.zeros_like(kept), chunk=chunk), np.zeros(len(indptr)))
    assert np.array_equal(_kept_indptr(np.zeros(1, dtype=np.int32), np.zeros(0, dtype=bool)), [0])


def test_the_short_labels_read_the_representatives_by_row_number_and_the_labels_are_stored_as_made(monkeypatch) -> None:
    # issue 16 (claims16): the representatives' texts were taken (a copy of nearly every claim's
    # text on a long article) before the labels were made, and each label list was held whole
    # before it became a column; now the short labels read the texts a block of rows at a time and
    # the labels are turned into Arrow a block at a time as they are yielded
    import pandas as pd
    import pyarrow

    from analysis.claims import tables as claims_tables

    monkeypatch.setattr(claims_tables, "TEXT_BLOCK", 3)
    texts = pd.Series(TEXTS, dtype="str")
    rows = np.array([5, 0, 7, 2, 2, 6, 1])
    read = claims_tables.RowTexts(texts, rows)
    assert len(read) == 7 and read[2] == TEXTS[7] and list(read) == [TEXTS[row] for row in rows]
    events = []

    def yielded():
        for value in ["a", "bb", "c", "d", "e", "f", "g"]:
            events.append("yield")
            yield value

    made = pyarrow.array
    monkeypatch.setattr(pyarrow, "array", lambda values, **kw: events.append(f"block {len(values)}") or made(values, **kw))
    built = claims_tables.text_column(yielded())
    assert list(built) == ["a", "bb", "c", "d", "e", "f", "g"]
    # three strings pulled, then stored, and so on: never the whole list at once
    assert events == ["yield"] * 3 + ["block 3"] + ["yield"] * 3 + ["block 3"] + ["yield", "block 1"]
    monkeypatch.setattr(pyarrow, "array", made)
    assert claims_tables.text_column(iter([])) == []

    seen = []
    short = claims_tables.short_labels
    monkeypatch.setattr(claims_tables, "short_labels", lambda representatives, *a, **kw: seen.append(representatives) or short(representatives, *a, **kw))
    fitted = vectorise(TEXTS, make_vectorizer())
    labels = np.array([0, 0, 0, 1, 1, 2, 2, 3])
    described = claims_tables.describe_vectors(fitted.matrix, labels, texts, fitted.terms, fitted.term_words)
    assert isinstance(seen[0], claims_tables.RowTexts) and seen[0].texts is texts  # the column itself, not its taken texts
    assert list(described["representative"]) == [TEXTS[row] for row in described["medoid"]]


def straddling_matrix(n_texts: int = 400) -> sparse.csr_matrix:
    """TF-IDF rows of texts from a small vocabulary, the second half rewording the first (a word
    changed): every close pair lies half the rows apart, across any partition of the rows."""
    import random

    rng = random.Random(34)
    words = [f"w{i}" for i in range(150)]
    first = [[rng.choice(words) for _ in range(rng.randint(6, 14))] for _ in range(n_texts // 2)]
    second = [text[:-1] + [rng.choice(words)] for text in first]
    matrix, _, _ = vectorise([" ".join(text) + "." for text in first + second], make_vectorizer(stop_words=None))
    return matrix


@pytest.mark.parametrize("min_similarity", [0.1, 0.5])
def test_similarity_graph_in_partitions_equals_the_whole_graph_bit_for_bit(monkeypatch, min_similarity: float) -> None:
    # issue 16 (graph16): the graph transposes one partition of the rows' suffix at a time; its
    # pairs and floats must not depend on the partitions, the blocks or the threads
    matrix = straddling_matrix()
    whole = claims_graph.similarity_graph(matrix, min_similarity=min_similarity, partition_entries=10**9)
    dense = (matrix @ matrix.T).toarray()
    expected = {(i, j) for i, j in zip(*np.nonzero(dense >= min_similarity)) if i < j}
    coo = whole.tocoo()
    assert set(zip(coo.row.tolist(), coo.col.tolist())) == expected  # exact: no pair missed or invented
    half = matrix.shape[0] // 2
    assert sum(1 for i, j in expected if i < half <= j) > 20  # pairs straddle any cut of the rows
    transposed = claims_graph._suffix_transposed
    parts: list[int] = []
    monkeypatch.setattr(claims_graph, "_suffix_transposed", lambda *args, **kwargs: parts.append(1) or transposed(*args, **kwargs))
    for partition_entries in (1, 37, 500):
        for n_jobs, max_block_work in ((1, 2.5e5), (2, 5.0)):
            parts.clear()
            graph = claims_graph.similarity_graph(
                matrix, min_similarity=min_similarity, partition_entries=partition_entries, n_jobs=n_jobs, max_block_work=max_block_work
            )
            assert len(parts) > 1
            for name in ("indptr", "indices", "data"):
                assert np.array_equal(getattr(graph, name), getattr(whole, name)), (partition_entries, n_jobs, name)


def test_the_similarity_graph_transposes_one_partition_of_the_suffix_at_a_time(monkeypatch) -> None:
    # issue 16 (graph16): the whole suffix's transpose, a near copy of the matrix, was the graph's
    # peak on one long article; no transpose may now hold more than a partition and a row
    matrix = straddling_matrix()
    transposed = claims_graph._suffix_transposed
    sizes: list[int] = []
    monkeypatch.setattr(claims_graph, "_suffix_transposed", lambda *args, **kwargs: (made := transposed(*args, **kwargs), sizes.append(made.nnz))[0])
    claims_graph.similarity_graph(matrix, min_similarity=0.1, partition_entries=300)
    _, in_prefix = claims_graph._prefix_mask(matrix, 0.8 * 0.1)
    assert sum(sizes) == np.count_nonzero(~in_prefix)  # every suffix entry in one partition
    assert len(sizes) > 5 and max(sizes) <= 300 + np.diff(matrix.indptr).max()
