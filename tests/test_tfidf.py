"""analysis.tfidf.fit_transform must give scikit-learn's TfidfVectorizer result bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.claims import make_vectorizer, normalise_for_matching
from analysis.tfidf import fit_transform

ROOT = Path(__file__).resolve().parents[1]


def paragraphs(folder: Path) -> list[str]:
    """Every non-empty line of the .txt files of a folder: real text with curly quotes, numbers, dashes."""
    lines = []
    for path in sorted(folder.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


SEED_TEXTS = paragraphs(ROOT / "data" / "raw" / "articles")
FIXTURE_TEXTS = paragraphs(ROOT / "tests" / "fixtures" / "corpus" / "articles")


def assert_same_as_scikit_learn(vectorizer: TfidfVectorizer, texts: list[str], reference: TfidfVectorizer | None = None) -> None:
    """``fit_transform(vectorizer, texts)`` equals what scikit-learn's ``reference`` (by default the
    same vectoriser) gives on the texts, its "empty vocabulary" error included."""
    reference = reference or vectorizer
    try:
        expected = sparse.csr_matrix(reference.fit_transform(texts))
    except ValueError as error:
        assert "empty vocabulary" in str(error)
        with pytest.raises(ValueError, match="empty vocabulary"):
            fit_transform(vectorizer, texts)
        return
    matrix, terms, term_words = fit_transform(vectorizer, texts)
    assert matrix.shape == expected.shape
    # the same entries in the same stored order, so every float sum downstream is the same too
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(matrix, part), getattr(expected, part)), part
    assert matrix.indices.dtype == expected.indices.dtype
    assert list(terms) == list(reference.get_feature_names_out())
    assert_words_name_terms(term_words, terms)


def assert_words_name_terms(term_words: np.ndarray, terms: np.ndarray) -> None:
    """Two terms share a word id exactly where they share that word, position by position."""
    words_of = [term.split(" ") for term in terms]
    assert term_words.shape[0] == len(terms) and term_words.shape[1] >= max(map(len, words_of))
    seen: dict[str, int] = {}
    for ids, words in zip(term_words, words_of):
        assert list(ids[len(words) :]) == [-1] * (len(ids) - len(words))
        for word_id, word in zip(ids, words):
            assert seen.setdefault(word, int(word_id)) == word_id
    assert len(set(seen.values())) == len(seen)


SETTINGS = [
    {},
    {"ngram_range": (1, 1)},
    {"ngram_range": (2, 3)},
    {"ngram_range": (1, 3), "stop_words": None},
    {"min_df": 2},
    {"max_df": 0.5, "sublinear_tf": False},
    {"min_df": 0.01, "max_df": 3},
    {"normalise": False},
]


@pytest.mark.parametrize("options", SETTINGS, ids=[str(options) for options in SETTINGS])
@pytest.mark.parametrize("texts", [SEED_TEXTS, FIXTURE_TEXTS], ids=["seed", "fixture"])
def test_claims_vectoriser_is_reproduced(texts: list[str], options: dict) -> None:
    assert texts, "the corpus folder holds text"
    assert_same_as_scikit_learn(make_vectorizer(**options), texts)


def test_binary_counts_and_no_idf_are_reproduced() -> None:
    assert_same_as_scikit_learn(TfidfVectorizer(binary=True, use_idf=False, norm="l1", ngram_range=(1, 2)), SEED_TEXTS)


def test_tokens_below_the_joining_space_are_sorted_as_strings() -> None:
    # a token pattern that keeps tabs inside tokens defeats the word-tuple order; the names are sorted instead
    texts = ["a\tb a b", "a b\tc", "a\tb\tc a"]
    assert_same_as_scikit_learn(TfidfVectorizer(token_pattern=r"[a-c\t]+|\S", ngram_range=(1, 2)), texts)


WORDS = ["troops", "Troops", "the", "of", "10,000", "10 000", "zelenskyy", "zelensky", "défense", "defense", "a", "’s",
         "ünïcode", "x", "mobilized", "war-time", "“quoted”", "...", "\n", "2024", "k2"]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=12).map(" ".join), min_size=1, max_size=12),
    ngram_max=st.integers(1, 3),
    stop_words=st.sampled_from(["english", None]),
)
def test_any_texts_give_scikit_learns_matrix_or_its_error(texts: list[str], ngram_max: int, stop_words: str | None) -> None:
    assert_same_as_scikit_learn(make_vectorizer(ngram_range=(1, ngram_max), stop_words=stop_words), texts)


def test_pruning_everything_raises_scikit_learns_error() -> None:
    texts = ["alpha claim", "bravo claim", "charlie claim", "delta claim", "echo foxtrot", "golf hotel"]
    with pytest.raises(ValueError, match="no terms remain"):
        make_vectorizer(min_df=5).fit_transform(texts)
    with pytest.raises(ValueError, match="no terms remain"):
        fit_transform(make_vectorizer(min_df=5), texts)


@pytest.mark.parametrize("setting", [{"analyzer": "char"}, {"vocabulary": ["troops"]}, {"max_features": 10}])
def test_settings_it_does_not_reproduce_are_refused(setting: dict) -> None:
    with pytest.raises(ValueError, match="does not reproduce"):
        fit_transform(TfidfVectorizer(**setting), ["troops were sent"])


VARIANT_WORDS = ["Zelenskyy", "zelensky", "defense", "Defence", "mobilized", "organizers", "size", "prize", "10,000",
                 "10\u202f000", "“troops”", "colour", "color", "x_mobilized", "ñorganized", "the", "analyze"]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.lists(st.sampled_from(VARIANT_WORDS) | st.text(max_size=5), max_size=10).map(" ".join), min_size=1, max_size=8))
def test_folding_split_between_preprocessor_and_tokens_equals_normalising_whole_texts(texts: list[str]) -> None:
    assert_same_as_scikit_learn(make_vectorizer(), texts, reference=whole_text_normaliser())


def test_folding_split_on_the_seed_texts() -> None:
    assert_same_as_scikit_learn(make_vectorizer(), SEED_TEXTS, reference=whole_text_normaliser())


def whole_text_normaliser() -> TfidfVectorizer:
    """The claims vectoriser as it was before the folding was split: whole texts normalised first."""
    return TfidfVectorizer(preprocessor=normalise_for_matching, ngram_range=(1, 2), sublinear_tf=True, stop_words="english")


def test_term_word_ids_and_columns_are_32_bit_and_counts_equal_numpys_unique() -> None:
    # 64-bit word ids of every 1-2-gram were the vocabulary's largest array on a long article
    from analysis.tfidf import _sorted_counts, fit_transform

    texts = ["Troops were sent to the front.", "More troops were sent.", "The front held."]
    fitted = fit_transform(make_vectorizer(), texts)
    assert fitted.term_words.dtype == np.int32 and fitted.matrix.indices.dtype == np.int32
    keys = np.random.default_rng(0).integers(0, 50, 400)
    expected = np.unique(keys, return_counts=True)
    distinct, counts = _sorted_counts([keys.copy()], np.float64)
    np.testing.assert_array_equal(distinct, expected[0])
    np.testing.assert_array_equal(counts, expected[1])
    assert counts.dtype == np.float64
    empty = _sorted_counts([np.zeros(0, dtype=np.int64)], np.float64)
    assert len(empty[0]) == len(empty[1]) == 0


def test_a_pandas_text_column_is_counted_as_it_is_not_as_a_list(monkeypatch) -> None:
    # the claims stage passes its Arrow text column: a list of every claim as Python strings was
    # another copy of the texts beside the counting's peak on a long article
    import pandas as pd

    import analysis.tfidf as tfidf
    from analysis.claims import vectorise

    texts = ["Troops were sent to the front.", "More troops were sent.", "The front held."]
    column = pd.Series(texts, dtype="str").array
    seen = []
    count_terms = tfidf._count_terms
    monkeypatch.setattr(tfidf, "_count_terms", lambda vectorizer, given: seen.append(given) or count_terms(vectorizer, given))
    from_column = vectorise(column, make_vectorizer())
    assert seen[-1] is column
    from_list = vectorise(texts, make_vectorizer())
    assert (from_column.matrix != from_list.matrix).nnz == 0 and np.array_equal(from_column.matrix.data, from_list.matrix.data)
    assert list(from_column.terms) == list(from_list.terms)
    assert isinstance(seen[-1], list)
    vectorise(iter(texts), make_vectorizer())  # any other iterable becomes a list
    assert seen[-1] == texts


def test_keys_handed_over_to_the_counts_are_freed_by_them() -> None:
    # issue 16: the (text, term) keys beside the distinct ones, their run starts and counts were the
    # counting's peak on a 20 MB article; handed over, the keys go as soon as the distinct ones are taken
    import weakref

    from analysis.tfidf import _sorted_counts

    keys = np.random.default_rng(1).integers(0, 60, 500)
    expected = np.unique(keys, return_counts=True)
    handed = [keys.copy()]
    alive = weakref.ref(handed[0])
    distinct, counts = _sorted_counts(handed, np.float64)
    assert handed == [] and alive() is None
    np.testing.assert_array_equal(distinct, expected[0])
    np.testing.assert_array_equal(counts, expected[1])


def test_the_stream_is_placed_in_text_order_without_sorting_it(monkeypatch) -> None:
    # issue 16 (claimsmem): the occurrences of every n-gram piece concatenated, a stable argsort of
    # their texts (int64) and both streams gathered by it were the counting's peak on a 20 MB
    # article; each entry's place in text order is now counted, so no argsort runs over the stream
    from analysis import tfidf

    texts = SEED_TEXTS[:200]
    vectorizer = make_vectorizer(ngram_range=(1, 3))
    sorted_sizes: list[int] = []
    argsort = np.argsort

    def recording(values, *args, **kwargs):
        sorted_sizes.append(np.size(values))
        return argsort(values, *args, **kwargs)

    monkeypatch.setattr(np, "argsort", recording)
    monkeypatch.setattr(tfidf, "STREAM_CHUNK", 97)  # places made in many pieces, across texts
    matrix, _, _ = tfidf.count_terms(vectorizer, texts)
    monkeypatch.undo()
    assert max(sorted_sizes, default=0) < matrix.nnz  # nothing as long as the stream (at least one entry per pair) was sorted
    assert_same_as_scikit_learn(vectorizer, texts)
    # texts without a single term between others, and a piece (trigrams) that some texts lack
    sparse_texts = ["", "alpha beta gamma delta", "the", "alpha beta", "", "gamma delta alpha beta gamma"]
    assert_same_as_scikit_learn(make_vectorizer(ngram_range=(1, 3)), sparse_texts)
    assert_same_as_scikit_learn(make_vectorizer(ngram_range=(2, 3), stop_words=None), sparse_texts)


def test_the_ngram_pieces_hold_32_bit_ids_and_word_tuples() -> None:
    # the pieces' term ids were int64 (and each n's word tuples int64 until padded): 32-bit where
    # they fit, the type the stream takes them in
    from analysis.tfidf import _ngrams

    words = np.array([0, 1, 2, 0, 1, 3, 1, 2], dtype=np.int32)
    texts = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=np.int32)
    grams = _ngrams(words, texts, 4, 1, 3)
    assert [ids.dtype for _, ids, _ in grams] == [np.int32] * 3
    assert [tuples.dtype for _, _, tuples in grams] == [np.int32] * 3
    # the bigrams inside a text only, each with its two words
    text, ids, tuples = grams[1]
    named = {tuple(tuples[term - 4][:2]) for term in ids}
    assert list(text) == [0, 0, 0, 1, 1, 1] and named == {(0, 1), (1, 2), (2, 0), (1, 3), (3, 1)}


CHUNKED_SETTINGS = [{}, {"ngram_range": (1, 1)}, {"ngram_range": (2, 3)}, {"ngram_range": (1, 3), "stop_words": None}, {"min_df": 2}]


@pytest.mark.parametrize("options", CHUNKED_SETTINGS, ids=[str(options) for options in CHUNKED_SETTINGS])
@pytest.mark.parametrize("chunk", [1, 2, 7])
def test_counting_in_chunks_of_texts_equals_counting_every_text_at_once(chunk: int, options: dict) -> None:
    # issue 16 (claims16): a long article's texts are counted a chunk at a time, the vocabulary merged
    # as the chunks come; every word id, term number, row and count equals one count of every text,
    # on texts whose terms and words recur across the chunks' edges, texts without a term among
    # them, and (2, 3) and (1, 3) ranges (terms of three words: the term table's record keys)
    from analysis.tfidf import _count_terms

    texts = SEED_TEXTS[:60] + ["", "the of a", "troops sent troops", "troops sent"] + SEED_TEXTS[:5] + FIXTURE_TEXTS[:20]
    vectorizer = make_vectorizer(**options)
    whole = _count_terms(vectorizer, texts, chunk=len(texts))
    chunked = _count_terms(vectorizer, texts, chunk=chunk)
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(chunked[0], part), getattr(whole[0], part)), part
    assert chunked[0].indices.dtype == whole[0].indices.dtype and chunked[0].data.dtype == whole[0].data.dtype
    assert chunked[1].tolist() == whole[1].tolist()  # the words, numbered by first appearance
    assert np.array_equal(chunked[2], whole[2])


def test_a_long_input_is_counted_a_chunk_at_a_time_with_scikit_learns_result(monkeypatch) -> None:
    # the tokens, n-gram pieces and hash tables of every text at once were the counting's peak on a
    # 20 MB article: no step of the counting sees more than a chunk of texts, and the weighting
    # multiplies a bounded number of entries by their IDF at a time; the result is scikit-learn's
    from analysis import tfidf

    sizes: list[int] = []
    word_ids = tfidf._word_ids
    monkeypatch.setattr(tfidf, "_word_ids", lambda vectorizer, texts: sizes.append(len(texts)) or word_ids(vectorizer, texts))
    monkeypatch.setattr(tfidf, "COUNT_CHUNK", 16)
    monkeypatch.setattr(tfidf, "WEIGHT_CHUNK", 5)
    assert_same_as_scikit_learn(make_vectorizer(), SEED_TEXTS)
    assert max(sizes) == 16 and sum(sizes) == len(SEED_TEXTS)
    assert_same_as_scikit_learn(TfidfVectorizer(binary=True, use_idf=False, norm="l1", ngram_range=(1, 2)), SEED_TEXTS)
    assert_same_as_scikit_learn(make_vectorizer(ngram_range=(1, 3), sublinear_tf=False), FIXTURE_TEXTS)
    with pytest.raises(ValueError, match="empty vocabulary"):
        tfidf.fit_transform(make_vectorizer(), ["the of", "a the"] * 20)


@pytest.mark.parametrize("longest", [1, 2, 3])
def test_the_term_table_numbers_terms_by_first_sighting_over_chunks_without_a_hash_table(longest: int) -> None:
    # the whole input's first-seen numbering (pd.factorize of every term at once, a hash table of
    # about 50 MB on 1.4 million terms) from sorted keys, a chunk of terms at a time
    from analysis.tfidf import _TermTable

    rng = np.random.default_rng(longest)
    tuples = rng.integers(0, 6, (300, longest)).astype(np.int32)
    if longest > 1:
        tuples[rng.random(300) < 0.3, 1:] = -1  # shorter terms, padded
    codes, distinct = pd_factorize_rows(tuples)
    table = _TermTable(longest)
    numbers = []
    for begin in range(0, 300, 37):
        chunk = tuples[begin : begin + 37]
        first = np.unique(pd_factorize_rows(chunk)[0], return_index=True)[1]
        unique = chunk[np.sort(first)]  # the chunk's distinct terms in its first-seen order
        numbered = table.numbered(unique)
        numbers.append(numbered[pd_factorize_rows(chunk)[0]])
    assert np.array_equal(np.concatenate(numbers), codes)
    assert np.array_equal(table.tuples(), distinct)
    assert table.keys.dtype.names is None if longest <= 2 else table.keys.dtype.names is not None
    assert np.all(table.keys[:-1] < table.keys[1:]) if longest <= 2 else np.array_equal(np.sort(table.keys), table.keys)


def pd_factorize_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows numbered by first appearance, and the distinct rows in that order."""
    import pandas as pd

    codes, _ = pd.factorize(pd.Series([tuple(row) for row in rows.tolist()]))
    first = np.unique(codes, return_index=True)[1]
    return codes, rows[first]
