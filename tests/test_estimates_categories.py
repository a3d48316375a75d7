"""The estimates table as the notebooks read it: its label columns as categoricals (issue 16: on an
article of 50,000 numbers the labels as text were half the table notebooks 04 and 05 hold while
they draw). Every summary, finding and figure must be what it was from the table read as text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import findings, plots, pipeline
from analysis.estimates import ESTIMATE_COLUMNS, ESTIMATE_LABEL_COLUMNS, like_with_like_positions
from analysis.estimates import tables as estimate_tables
from analysis.params import load_params


def _estimates(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` estimates of four articles (ids like "007"), labels with empty cells, a numeric-looking
    source and an article ``_documents`` does not list (ghost)."""
    rng = np.random.default_rng(seed)
    low = rng.integers(1, 100_000, n).astype(float)
    return pd.DataFrame({
        "doc_id": rng.choice(["007", "010", "b", "ghost"], n, p=[0.4, 0.3, 0.25, 0.05]), "sentence_id": rng.integers(0, 50, n),
        "char_start": rng.integers(0, 10_000, n), "char_end": rng.integers(10_000, 20_000, n), "surface": [f"{v:,.0f}" for v in low],
        "value_low": np.where(rng.random(n) < 0.1, np.nan, low), "value_high": np.where(rng.random(n) < 0.2, low * 2, low),
        "qualifier": rng.choice(["exact", "approx", "vague", "range", "upper_bound"], n), "unit": rng.choice(["people", "dollars", ""], n),
        "counted": rng.choice(["troops", "soldiers", ""], n), "category": rng.choice(["troops", "money", "casualties", "zeta", ""], n),
        "group": rng.choice(["", "Russian", "North Korean"], n),
        "cited_source": rng.choice(["", "2024", "Zelensky", "Volodymyr Zelensky", "President Volodymyr Zelensky", "NATO"], n),
        "sentence": "A sentence.",
    })[ESTIMATE_COLUMNS]


OFFSETS = ["sentence_id", "char_start", "char_end"]


def _documents() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["007", "010", "b"], "genre": ["wire", "opinion", ""], "title": ["x", "y", "z"]})


def _params(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, estimates: pd.DataFrame, *, parquet: bool = False):
    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    if parquet:
        (tmp_path / "estimates.parquet").mkdir()
        estimates.to_parquet(tmp_path / "estimates.parquet" / "part-00000.parquet", index=False)
    else:
        estimates.to_csv(tmp_path / "estimates.csv", index=False)
    return params


def _as_text(params: object, documents: pd.DataFrame) -> pd.DataFrame:
    """The table as the notebooks read it before: every label column text, the genre merged."""
    table = pipeline.read_table(params, "estimates", estimate_tables.ESTIMATE_COLUMNS_WITHOUT_SENTENCE)
    return table.merge(documents[["doc_id", "genre"]], on="doc_id")


@pytest.mark.parametrize("parquet", [False, True])
def test_the_label_columns_are_read_as_categoricals_of_the_same_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parquet: bool) -> None:
    params = _params(tmp_path, monkeypatch, _estimates(500), parquet=parquet)
    read = pipeline.read_estimates(params, _documents())
    text = _as_text(params, _documents())
    for column in [*ESTIMATE_LABEL_COLUMNS, "genre"]:
        assert isinstance(read[column].dtype, pd.CategoricalDtype), column
        categories = list(read[column].cat.categories)
        assert "" in categories and categories == sorted(categories), column  # codes sort as the text does
    # the same rows (the article documents lacks left out, as the merge left it) and the same text: "007" stays "007"
    assert "ghost" not in set(read["doc_id"]) and {"007", "010"} <= set(read["doc_id"])
    assert "2024" in set(read["cited_source"])
    as_text = {**{c: str for c in [*ESTIMATE_LABEL_COLUMNS, "genre"]}, **{c: np.int64 for c in OFFSETS}}
    pd.testing.assert_frame_equal(read.astype(as_text), text.astype(as_text))
    assert all(read[c].dtype == np.int32 for c in OFFSETS) and all(text[c].dtype == np.int64 for c in OFFSETS)
    # without categories a text column stays text
    assert not isinstance(text["category"].dtype, pd.CategoricalDtype)


def test_a_column_of_empty_cells_is_the_category_empty_not_an_object_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    estimates = _estimates(50).assign(group="")
    params = _params(tmp_path, monkeypatch, estimates)
    read = pipeline.read_estimates(params, _documents())
    assert list(read["group"].cat.categories) == [""] and (read["group"] == "").all()
    assert _as_text(params, _documents())["group"].dtype == object  # read as text: an object column


def test_offsets_past_32_bits_stay_64_bit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    estimates = _estimates(20)
    estimates.loc[3, "char_end"] = 2**31 + 5  # an article over 2 GB
    read = pipeline.read_estimates(_params(tmp_path, monkeypatch, estimates), _documents())
    assert read["char_end"].dtype == np.int64 and read["char_end"].max() == 2**31 + 5
    assert read["char_start"].dtype == np.int32


def test_no_estimates_read_as_categoricals_give_an_empty_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    params = _params(tmp_path, monkeypatch, _estimates(0))
    read = pipeline.read_estimates(params, _documents())
    assert read.empty and list(read.columns) == [*estimate_tables.ESTIMATE_COLUMNS_WITHOUT_SENTENCE, "genre"]


def test_the_table_read_with_categoricals_holds_under_half_the_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    params = _params(tmp_path, monkeypatch, _estimates(20_000))
    read = pipeline.read_estimates(params, _documents())
    text = _as_text(params, _documents())
    labels = [*ESTIMATE_LABEL_COLUMNS, "genre"]
    # the label columns: a byte or two a row, against a string's offset and bytes a row
    assert read[labels].memory_usage(deep=True, index=False).sum() < text[labels].memory_usage(deep=True, index=False).sum() / 4
    assert read.memory_usage(deep=True).sum() < text.memory_usage(deep=True).sum() / 2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_summary_of_the_categorical_table_is_the_summary_of_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    params = _params(tmp_path, monkeypatch, _estimates(3_000, seed))
    documents = _documents()
    read, text = pipeline.read_estimates(params, documents), _as_text(params, documents)
    pd.testing.assert_frame_equal(estimate_tables.estimate_spread(read, documents), estimate_tables.estimate_spread(text, documents))
    assert [(kind, list(p)) for kind, p in like_with_like_positions(read)] == [(kind, list(p)) for kind, p in like_with_like_positions(text)]
    for min_docs in (1, 2, 3):
        kept, kept_text = estimate_tables.comparable(read, min_docs), estimate_tables.comparable(text, min_docs)
        assert kept.index.equals(kept_text.index)
    pd.testing.assert_frame_equal(estimate_tables.who_says_what(read), estimate_tables.who_says_what(text))
    assert findings.describe_estimates(read, documents) == findings.describe_estimates(text, documents)
    assert findings.describe_sources(read) == findings.describe_sources(text)
    spread = estimate_tables.estimate_spread(read, documents)
    assert findings.describe_spread(spread) == findings.describe_spread(estimate_tables.estimate_spread(text, documents))


def test_the_estimates_figure_of_the_categorical_table_is_the_figure_of_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a kind of more estimates than its share (drawn as article ranges) beside kinds drawn estimate by estimate
    estimates = pd.concat([_estimates(2_000).assign(category="troops", unit="people", group=""), _estimates(30, seed=1)], ignore_index=True)
    params = _params(tmp_path, monkeypatch, estimates)
    documents = _documents()
    drawn = {}
    for name, table in (("categorical", pipeline.read_estimates(params, documents)), ("text", _as_text(params, documents))):
        plots.use_house_style()
        plots.estimate_intervals(table, kinds=like_with_like_positions(table), title="t", folder=tmp_path, name=name,
                                 labels=pd.Series({"007": "Seven", "010": "Ten", "b": "Bee"}))
        drawn[name] = ((tmp_path / f"{name}.png").read_bytes(), (tmp_path / f"{name}.csv").read_bytes())
    assert drawn["categorical"] == drawn["text"]


def _group_sources_row_by_row(sources: pd.Series) -> pd.Series:
    """The definition :func:`group_sources` had: every row's source read, the names counted row by row."""
    from analysis.estimates import sources as module

    raw = sources.fillna("").astype(str).map(lambda s: " ".join(s.split()))
    names = raw.map(lambda s: module.source_name(s) if s else "")
    keys = names.map(module._source_key)
    name_of = dict(zip(keys, names))
    persons = {key for source, key in zip(raw, keys) if " " in key and module._strip_title(source) != source}
    merged = {}
    for key in sorted(set(keys)):
        if key and " " not in key and name_of[key][:1].isupper():
            fuller = sorted(p for p in persons if p.rsplit(" ", 1)[1] == key)
            if len(fuller) == 1:
                merged[key] = fuller[0]
    groups = keys.map(lambda k: merged.get(k, k))
    labels = {}
    for group in sorted(set(groups) - {""}):
        counts = names[(groups == group) & (keys == group)].value_counts()
        labels[group] = min(counts.index, key=lambda n: (-counts[n], n))
    return groups.map(lambda k: labels.get(k, ""))


SOURCES = ["", None, "Zelensky", "zelensky", "Volodymyr Zelensky", "President Volodymyr Zelensky", "NATO", "the NATO", "Korea",
           "South Korea", "Kim  Jong Un", "Kim Jong Un", "North Korean leader Kim Jong Un", "2024", "Defense Secretary Lloyd Austin",
           "Austin", "Lloyd Austin", "officials", "Officials", "O’Brien", "O'Brien"]


@pytest.mark.parametrize("seed", range(12))
def test_sources_grouped_once_each_equal_the_row_by_row_grouping(seed: int) -> None:
    from analysis.estimates import group_sources

    rng = np.random.default_rng(seed)
    n = [0, 1, 5, 40, 300][seed % 5]
    sources = pd.Series([SOURCES[i] for i in rng.integers(0, len(SOURCES), n)], index=rng.permutation(n), name="cited_source",
                        dtype=object if seed % 2 else "str")
    expected = _group_sources_row_by_row(sources)
    pd.testing.assert_series_equal(group_sources(sources), expected)
    pd.testing.assert_series_equal(group_sources(sources.astype("category")), expected)  # as notebooks 04 and 05 read it


def test_each_distinct_source_is_named_once_not_once_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # 50,000 numbers credit a few thousand sources: the names were made 50,000 times (2 s a call of who_says_what)
    from analysis.estimates import group_sources
    from analysis.estimates import sources as module

    calls = []
    named = module.source_name
    monkeypatch.setattr(module, "source_name", lambda source: calls.append(source) or named(source))
    sources = pd.Series(["NATO", "Volodymyr Zelensky", "", "Zelensky"] * 5_000).astype("category")
    labels = group_sources(sources)
    assert len(calls) == 3 and set(labels) == {"NATO", "Volodymyr Zelensky", "Zelensky", ""}  # no title: not known as a person
