"""The estimates stage's memory is bounded by its tables, not by the Python objects of their rows
(issue 16: an article of 50,000 numbers). The tables are the same whatever the blocks: each path
is held to the one-shot :func:`analysis.estimates.tables._table` it replaced."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.estimates import tables as estimate_tables
from analysis.estimates.tables import ESTIMATE_COLUMNS, EXCLUDED_COLUMNS, _ColumnBlocks, _row_order, _table


def _rows() -> list[tuple]:
    """Excluded-number rows out of order across blocks, with ties (kept in arrival order), missing
    values and an empty and a non-ASCII text."""
    return [
        ("b", 0, 5, 9, "5,000", "", 5000.0, None, "Then 5,000 troops."),
        ("a", 1, 20, 22, "10", "date", None, None, "On 10 June."),
        ("a", 0, 3, 7, "ünï", "ordinal", 1.0, 2.0, "ünïcode"),
        ("b", 0, 5, 9, "tie", None, math.nan, 3.0, ""),
        ("a", 1, 20, 21, "1", "year", 1.5, 1.5, "On 10 June."),
        ("a", 1, 20, 22, "tie2", "date", 4.0, None, "On 10 June."),
        ("c", 2, 0, 1, "7", "small count", 7.0, 7.0, "7 ways."),
    ]


@pytest.mark.parametrize("block", [1, 2, 3, 100])
def test_rows_made_columns_in_blocks_equal_one_table_of_them(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(estimate_tables, "ROW_BLOCK", block)
    gathered = _ColumnBlocks(EXCLUDED_COLUMNS)
    most_pending = 0
    for row in _rows():
        gathered.add(row)
        most_pending = max(most_pending, len(gathered.pending))
    assert most_pending < block  # never more than a block's tuples alive
    built = gathered.table()
    expected = _table(_rows(), EXCLUDED_COLUMNS)
    pd.testing.assert_frame_equal(built, expected)
    assert built["surface"].tolist()[:4] == ["ünï", "1", "10", "tie2"]  # sorted, ties in arrival order
    assert (built.dtypes == expected.dtypes).all()


def test_a_table_of_no_rows_keeps_its_dtypes() -> None:
    empty = _ColumnBlocks(ESTIMATE_COLUMNS).table()
    assert empty.columns.tolist() == ESTIMATE_COLUMNS and empty.empty
    # offsets integers and values floats even with no row to infer them from (a reader's concat keeps them)
    assert [str(empty[c].dtype) for c in ("sentence_id", "char_start", "value_low", "value_high")] == ["int64", "int64", "float64", "float64"]


def test_rows_already_in_order_are_not_copied_again() -> None:
    doc_ids = pd.array(["a", "a", "b", "b"], dtype="str")
    assert _row_order(doc_ids, np.array([0, 5, 0, 0]), np.array([2, 6, 1, 3])) is None
    order = _row_order(pd.array(["b", "a", "a"], dtype="str"), np.array([0, 5, 5]), np.array([1, 9, 6]))
    assert order.tolist() == [2, 1, 0]


def _sentences() -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = ["About 10,000 troops were sent, officials said.", "No number here.", "In 2024, 3,000 more arrived.",
             "Up to 12,000 were killed.", "Some 600 shells and 40 tanks."]  # fmt: skip
    rows = [{"doc_id": doc, "sentence_id": i, "char_start": 100 * i, "text": text}
            for doc in ("x", "y") for i, text in enumerate(texts)]  # fmt: skip
    return pd.DataFrame(rows), pd.DataFrame({"doc_id": ["x", "y"]})


def test_the_stage_from_chunks_of_sentences_equals_the_stage_from_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences, documents = _sentences()
    whole = estimate_tables.build_estimate_tables(sentences, documents)
    assert len(whole["estimates"]) > 3 and len(whole["excluded_numbers"]) >= 2
    monkeypatch.setattr(estimate_tables, "ROW_BLOCK", 2)
    chunks = (sentences.iloc[start : start + 3] for start in range(0, len(sentences), 3))
    chunked = estimate_tables.build_estimate_tables(chunks, documents)
    for name in whole:
        pd.testing.assert_frame_equal(chunked[name], whole[name])


def test_the_estimates_stage_reads_the_sentences_a_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage never holds the whole sentence table: it reads it through ``read_table_chunks``."""
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/fixture.yaml")
    if not (params.processed_dir / "sentences.csv").is_file():
        pipeline.run_stage("corpus", params)
    expected = estimate_tables.build_estimate_tables(pipeline.read_table(params, "sentences"), pipeline.read_table(params, "documents"))
    read_whole = pipeline.read_table

    def read_table(params: object, name: str, *args: object, **kwargs: object) -> pd.DataFrame:
        assert name != "sentences", "the estimates stage read the whole sentence table"
        return read_whole(params, name, *args, **kwargs)

    sizes: list[int] = []
    read_chunks = pipeline.read_table_chunks

    def read_table_chunks(*args: object, **kwargs: object):
        for chunk in read_chunks(*args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(pipeline, "read_table", read_table)
    monkeypatch.setattr(pipeline, "read_table_chunks", read_table_chunks)
    monkeypatch.setattr(pipeline, "TABLE_CHUNK_ROWS", 7)
    tables, _ = pipeline._STAGE_FUNCTIONS["estimates"](params, 1)
    assert len(sizes) > 1 and max(sizes) <= 7 and sum(sizes) == len(read_whole(params, "sentences"))
    for name in expected:
        pd.testing.assert_frame_equal(tables[name], expected[name])


# --- the notebooks' summaries of a large estimates table (issue 16, branch nbmem) -----------------


def _many_estimates(n: int, *, extra_columns: int = 0, seed: int = 0) -> pd.DataFrame:
    """``n`` estimates of two articles over a few categories, units and groups (some missing), with
    ``extra_columns`` float columns no summary reads, and an index out of order."""
    rng = np.random.default_rng(seed)
    low = rng.integers(1, 100_000, n).astype(float)
    frame = pd.DataFrame({
        "doc_id": rng.choice(["a", "b", "c"], n), "sentence_id": rng.integers(0, 50, n), "char_start": rng.integers(0, 10_000, n),
        "char_end": 0, "surface": [f"{v:,.0f}" for v in low], "value_low": low,
        "value_high": np.where(rng.random(n) < 0.2, low * 2, low),
        "qualifier": rng.choice(["exact", "approx", "vague", "range"], n), "unit": rng.choice(["people", "dollars", None], n),
        "counted": "troops", "category": rng.choice(["troops", "money", "casualties", None], n),
        "group": rng.choice(["", "Russian", None], n), "cited_source": "",
    })
    frame.loc[frame["doc_id"] == "c", "category"] = "prisoners"  # a category only one article gives
    for i in range(extra_columns):
        frame[f"extra_{i}"] = rng.random(n)
    return frame.set_axis(rng.permutation(n))


def _like_with_like(frame: pd.DataFrame) -> list[tuple[tuple[str, str, str], pd.DataFrame]]:
    """The groups as the summaries split them before issue 16: each a copy of its rows."""
    if frame.empty:
        return []
    keyed = frame.assign(unit=estimate_tables._column(frame, "unit"), group=estimate_tables._column(frame, "group"))
    order = {category: i for i, category in enumerate(estimate_tables.CATEGORIES)}
    parts = list(keyed.groupby(["category", "unit", "group"], sort=False))
    return sorted(((key, part) for key, part in parts), key=lambda kp: (order.get(kp[0][0], len(order)), kp[0][1], kp[0][2]))


def _spread_by_groups(estimates: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The definition :func:`estimate_spread` had: each group copied out, sorted, its stated rows copied."""
    rows = []
    frame = estimate_tables.stated_figures(estimates)
    n_documents = max(len(documents), 1)
    for (category, unit, group), part in _like_with_like(frame):
        part = part.sort_values(["doc_id", "char_start"], kind="stable")
        stated = part.dropna(subset=["low", "high"])
        row = {"category": category, "unit": unit, "group": group, "n_estimates": len(part), "n_docs": part["doc_id"].nunique(),
               "share_docs": round(part["doc_id"].nunique() / n_documents, 3),
               "n_vague": int((part["qualifier"] == "vague").sum()),
               "n_docs_compared": stated["doc_id"].nunique(), "min_value": math.nan, "max_value": math.nan,
               "ratio_max_min": math.nan, "doc_lowest": "", "surface_lowest": "", "qualifier_lowest": "",
               "doc_highest": "", "surface_highest": "", "qualifier_highest": ""}
        if not stated.empty:
            lowest = stated.loc[stated["low"].idxmin()]
            highest = stated.loc[stated["high"].idxmax()]
            ratio = highest["high"] / lowest["low"] if lowest["low"] > 0 else math.nan
            row.update({"min_value": lowest["low"], "max_value": highest["high"], "ratio_max_min": round(ratio, 2),
                        "doc_lowest": lowest["doc_id"], "surface_lowest": lowest["surface"],
                        "qualifier_lowest": lowest["qualifier"], "doc_highest": highest["doc_id"],
                        "surface_highest": highest["surface"], "qualifier_highest": highest["qualifier"]})
        rows.append(row)
    return pd.DataFrame(rows, columns=estimate_tables.SPREAD_COLUMNS)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("n", [0, 1, 7, 400, 5_000])
def test_the_spread_by_positions_equals_the_groups_copied_out(seed: int, n: int) -> None:
    estimates = _many_estimates(n, seed=seed)
    rng = np.random.default_rng(seed)
    # ties of values and offsets across articles, missing articles, offsets and categories unknown to the lexicon
    estimates.loc[estimates.index[rng.random(n) < 0.3], "value_low"] = 50.0
    estimates.loc[estimates.index[rng.random(n) < 0.2], "char_start"] = 7
    estimates.loc[estimates.index[rng.random(n) < 0.05], "doc_id"] = np.nan
    estimates.loc[estimates.index[rng.random(n) < 0.05], "category"] = "zeta"  # two categories the lexicon does not order:
    estimates.loc[estimates.index[rng.random(n) < 0.05], "category"] = "alpha"  # same unit and group, first found first
    estimates.loc[estimates.index[rng.random(n) < 0.05], "value_low"] = 0.0
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"]})
    pd.testing.assert_frame_equal(estimate_tables.estimate_spread(estimates, documents), _spread_by_groups(estimates, documents))


def _comparable_by_groups(estimates: pd.DataFrame, min_docs: int = 2) -> pd.DataFrame:
    """The definition :func:`comparable` had: every group of (category, unit, group) split off whole."""
    keep = []
    for _, part in _like_with_like(estimates):
        if part["doc_id"].nunique() >= min_docs:
            keep.extend(part.index)
    return estimates.loc[sorted(keep)]


@pytest.mark.parametrize("min_docs", [1, 2, 3])
def test_comparable_counted_on_the_keys_equals_the_groups_split_off_whole(min_docs: int) -> None:
    estimates = _many_estimates(3_000)
    pd.testing.assert_frame_equal(estimate_tables.comparable(estimates, min_docs), _comparable_by_groups(estimates, min_docs))
    assert estimate_tables.comparable(estimates.iloc[:0]).empty


def _traced_peak(function: object, *args: object) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        function(*args)  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_comparable_copies_no_column_of_the_rows_it_leaves_out() -> None:
    # 100,000 rows of 40 float columns no summary reads: 32 MB. Every row is in a category one
    # article gives (nothing comparable), so only the key columns may be touched; splitting the
    # table into its groups copied every column.
    estimates = _many_estimates(100_000, extra_columns=40).assign(doc_id="a")
    extra = 40 * 100_000 * 8
    assert estimate_tables.comparable(estimates).empty
    assert _traced_peak(estimate_tables.comparable, estimates) < extra / 4
    assert _traced_peak(_comparable_by_groups, estimates) > extra / 2  # the old way, for the scale


def test_the_spread_reads_only_its_columns() -> None:
    estimates = _many_estimates(20_000, extra_columns=40)
    narrow = estimates.drop(columns=[f"extra_{i}" for i in range(40)])
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"]})
    pd.testing.assert_frame_equal(estimate_tables.estimate_spread(estimates, documents), estimate_tables.estimate_spread(narrow, documents))
    extra = 40 * 20_000 * 8
    assert _traced_peak(estimate_tables.estimate_spread, estimates, documents) < extra / 2


def test_comparable_keeping_every_row_is_the_table_not_a_copy_of_it() -> None:
    # issue 16: on 50,000 numbers every estimate was comparable, and the figure's input was a
    # copy of the whole table beside it
    estimates = _many_estimates(100_000, extra_columns=40).assign(category="troops").reset_index(drop=True)
    kept = estimate_tables.comparable(estimates)
    pd.testing.assert_frame_equal(kept, _comparable_by_groups(estimates))
    assert _traced_peak(estimate_tables.comparable, estimates) < 40 * 100_000 * 8 / 4
    # out of order, every row is kept in the order of its labels, as before
    shuffled = estimates.set_axis(np.random.default_rng(1).permutation(len(estimates)))
    pd.testing.assert_frame_equal(estimate_tables.comparable(shuffled), _comparable_by_groups(shuffled))
