"""The framing stage's tables built without holding a long article several times over (issue 16).

Each step that was made in blocks, or without a copy, is held to what the step gave before (its block as large as the
input, or the former order of operations), and the copies that made the stage's peak on ``bench/bench_limits.py``'s
20 MB article are pinned (``docs/PROFILING.md``, branch memB16). The seed and think-tank tables were compared md5
for md5 besides.
"""

from __future__ import annotations

import random
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from analysis.framing import frames, profiles, sentences
from analysis.framing.frames import frame_emphasis
from analysis.framing.profiles import RATES, SUM_COLUMNS, bootstrap_totals, document_replicates, document_sums
from analysis.framing.schema import HEADING_MODE, MODES
from analysis.framing.sentences import assign_mode, sentence_features
from analysis.ordering import rows_in_order

WORDS = ["troops", "officials", "said", "may", "clearly", "we", "about", "3,000", "Kyiv", "“reportedly”", "the", "war", "economic", "law"]


def _sentences(n: int, doc_ids: tuple[str, ...] = ("a", "b", "c"), seed: int = 16) -> pd.DataFrame:
    """A sentences table of ``n`` generated sentences over ``doc_ids``, in (doc_id, sentence_id) order."""
    rng = random.Random(seed)
    rows = []
    for doc_id in doc_ids:
        cursor = 0
        for sentence_id in range(n // len(doc_ids)):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 14))).capitalize() + rng.choice([".", "?", "!", ""])
            rows.append((doc_id, sentence_id, sentence_id // 3, cursor, cursor + len(text), text, text[-1:] not in ".?!"))
            cursor += len(text) + 1
    return pd.DataFrame(rows, columns=["doc_id", "sentence_id", "paragraph_id", "char_start", "char_end", "text", "is_heading"])


# --- sentence features ----------------------------------------------------------------------------


def test_feature_rows_moved_into_columns_in_blocks_equal_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _sentences(900)
    monkeypatch.setattr(sentences, "FEATURE_CHUNK_ROWS", 10**9)
    whole = sentence_features(table)
    monkeypatch.setattr(sentences, "FEATURE_CHUNK_ROWS", 7)
    pd.testing.assert_frame_equal(sentence_features(table), whole)


def test_sentences_out_of_order_are_still_sorted_and_in_order_ones_are_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _sentences(300)
    shuffled = table.sample(frac=1.0, random_state=3).reset_index(drop=True)
    in_order = sentence_features(table)
    pd.testing.assert_frame_equal(sentence_features(shuffled), in_order)
    sorts: list[int] = []
    sort_values = pd.DataFrame.sort_values

    def counted(self: pd.DataFrame, *args: object, **kwargs: object) -> pd.DataFrame:
        sorts.append(len(self))
        return sort_values(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "sort_values", counted)
    pd.testing.assert_frame_equal(sentence_features(table), in_order)
    assert sorts == []  # rows in the corpus stage's order: no sort, which copies every column
    sentence_features(shuffled)
    assert sorts == [len(table)]


@pytest.mark.parametrize(("doc_ids", "sentence_ids", "expected"), [
    (["a", "a", "b", "b"], [0, 1, 0, 1], True),
    (["a", "a", "a"], [0, 0, 1], True),  # ties keep their order under a stable sort
    (["a"], [5], True),
    (["a", "b", "a"], [0, 0, 1], False),
    (["b", "a"], [0, 1], False),
    (["a", "a"], [1, 0], False),
])
def test_document_and_sentence_order(doc_ids: list[str], sentence_ids: list[int], expected: bool) -> None:
    assert rows_in_order(doc_ids, np.array(sentence_ids)) is expected


def test_rows_in_order_agrees_with_a_stable_sort_on_three_keys() -> None:
    """The estimates stage asks it of (doc_id rank, char_start, char_end): in order exactly when a stable
    sort of the row tuples would leave them where they are."""
    rng = np.random.default_rng(16)
    for _ in range(300):
        n = int(rng.integers(0, 7))
        keys = [np.sort(rng.integers(0, 3, n)) if rng.random() < 0.5 else rng.integers(0, 3, n) for _ in range(3)]
        rows = list(zip(*(key.tolist() for key in keys)))
        assert rows_in_order(*keys) is (rows == sorted(rows)), rows


def test_the_feature_columns_hold_no_row_tuples_beside_the_columns() -> None:
    """The rows of 12,000 sentences: a tuple per row and their transposed copies held 900 bytes a sentence before."""
    table = _sentences(12_000)
    texts, doc_ids, paragraphs = table["text"].tolist(), table["doc_id"].tolist(), table["paragraph_id"].tolist()
    quotes = sentences.QuoteRows.parse(texts, doc_ids, paragraphs)
    sentences._feature_columns(texts[:50], quotes)  # lexicons compiled before the measure
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        columns = sentences._feature_columns(texts, quotes)
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert len(columns["n_words"]) == 12_000
    assert peak / 12_000 < 600


def test_modes_are_the_six_names_shared_not_a_string_per_sentence() -> None:
    features = sentence_features(_sentences(600))
    modes = assign_mode(features)
    names = [HEADING_MODE, *MODES]
    assert modes.dtype == object and set(modes) <= set(names)
    assert all(any(mode is name for name in names) for mode in modes)
    # the rules' order: a heading is a heading whatever else it is
    assert (modes[features["is_heading"]] == HEADING_MODE).all()
    assert (modes[~features["is_heading"] & features["direct_quote_share"].gt(0)] == MODES[0]).all()


# --- profiles -----------------------------------------------------------------------------------


def test_document_sums_in_blocks_of_columns_equal_all_columns_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    features = sentence_features(_sentences(600))
    monkeypatch.setattr(profiles, "SUM_CHUNK_COLUMNS", len(SUM_COLUMNS))
    whole = document_sums(features)
    monkeypatch.setattr(profiles, "SUM_CHUNK_COLUMNS", 1)
    pd.testing.assert_frame_equal(document_sums(features), whole)
    assert list(whole.columns) == SUM_COLUMNS and whole.index.name == "doc_id"


def test_document_replicates_of_rows_in_order_equal_those_of_interleaved_rows() -> None:
    """Rows in doc_id order are read as slices, interleaved documents through the stable sort: the same rows, the same draws."""
    features = sentence_features(_sentences(600))
    shuffled = features.sort_values("sentence_id", kind="stable").reset_index(drop=True)  # a, b, c, a, b, c, ...
    assert shuffled["doc_id"].iloc[0] != shuffled["doc_id"].iloc[1]
    in_order = dict(document_replicates(features, n_bootstrap=50, seed=7))
    for doc_id, totals in document_replicates(shuffled, n_bootstrap=50, seed=7):
        np.testing.assert_array_equal(totals, in_order[doc_id])
    # and what the public function gives for one document's counts and words
    rows = features["doc_id"] == "b"
    direct = bootstrap_totals(features.loc[rows, RATES].to_numpy(np.float64), features.loc[rows, "n_words"].to_numpy(np.float64),
                              n_bootstrap=50, rng=profiles._group_rng(7, "b"))
    np.testing.assert_array_equal(direct, in_order["b"])


# --- frame emphasis ------------------------------------------------------------------------------


def test_frame_emphasis_in_blocks_equals_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    features = sentence_features(_sentences(900))
    assert features["frames"].ne("").any() and features["frames"].str.contains("|", regex=False).any()
    monkeypatch.setattr(frames, "FRAME_BLOCK_ROWS", 10**9)
    whole = frame_emphasis(features)
    monkeypatch.setattr(frames, "FRAME_BLOCK_ROWS", 13)
    pd.testing.assert_frame_equal(frame_emphasis(features), whole)
    assert whole["n_sentences"].dtype == np.int64


def test_frame_emphasis_of_headings_only_lists_every_frame_at_zero() -> None:
    features = sentence_features(_sentences(30))
    features["is_heading"] = True
    table = frame_emphasis(features)
    assert (table["n_sentences"] == 0).all() and (table["share"] == 0.0).all()
