"""Ranges of currency-marked figures (issue 18): the high end is the second figure as the merge
read it, whatever kind of match it was (a symbol "€5bn", a code-led "C$2.35 billion", "USD 5bn",
"RMB 1.3 trillion", a notation "2.5e6"); and every range of a real corpus has low <= high."""

from __future__ import annotations

import pytest

from analysis import PROJECT_ROOT
from analysis.corpus import load_corpus
from analysis.estimates import build_estimate_tables, extract
from analysis.params import load_params


def _only_range(text: str) -> tuple[str, float | None, float | None, str]:
    found = extract(text)
    assert len(found) == 1, found
    e = found[0]
    assert e.qualifier == "range", e
    return e.surface, e.value_low, e.value_high, e.unit


# Both ends marked with the same currency: the code-led ends ("C$", "USD", "RMB") gave the low end twice.
@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit"),
    [
        ("Costs were between C$1.54 billion and C$2.35 billion.", "C$1.54 billion and C$2.35 billion",
         1.54e9, 2.35e9, "canadian dollars"),
        ("IP theft costs between US$225 billion and US$600 billion.", "US$225 billion and US$600 billion",
         225e9, 600e9, "dollars"),
        ("The frigates cost A$22 billion-A$32 billion.", "A$22 billion-A$32 billion", 22e9, 32e9, "australian dollars"),
        ("It cost HK$1 billion to HK$2 billion.", "HK$1 billion to HK$2 billion", 1e9, 2e9, "hong kong dollars"),
        ("It cost NZ$3bn-NZ$5bn.", "NZ$3bn-NZ$5bn", 3e9, 5e9, "new zealand dollars"),
        ("It cost S$3 billion to S$5 billion.", "S$3 billion to S$5 billion", 3e9, 5e9, "singapore dollars"),
        ("Aid of USD 3bn to USD 5bn was pledged.", "USD 3bn to USD 5bn", 3e9, 5e9, "dollars"),
        ("Debt is between RMB 90 trillion and RMB 110 trillion.", "RMB 90 trillion and RMB 110 trillion",
         90e12, 110e12, "yuan"),
        ("It could cost between RMB 700 billion and RMB 1.3 trillion.", "RMB 700 billion and RMB 1.3 trillion",
         700e9, 1.3e12, "yuan"),
        ("The EU gave €3bn to €5bn.", "€3bn to €5bn", 3e9, 5e9, "euros"),
        ("Britain gave £3bn-£5bn.", "£3bn-£5bn", 3e9, 5e9, "pounds"),
        # the scale word of the second end belongs to both
        ("It cost A$2 to A$5 million.", "A$2 to A$5 million", 2e6, 5e6, "australian dollars"),
        # a range in scientific notation was also re-read without its high end
        ("The fund holds 1.5e6 to 2.5e6 shares.", "1.5e6 to 2.5e6", 1.5e6, 2.5e6, "count"),
    ],
)
def test_both_ends_marked_give_the_second_figure_as_high(text: str, surface: str, low: float, high: float,
                                                          unit: str) -> None:
    assert _only_range(text) == (surface, low, high, unit)


# Only the first end marked: the currency and scale stand for both.
@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit"),
    [
        ("It cost between C$1.54 billion and 2.35 billion.", "C$1.54 billion and 2.35 billion",
         1.54e9, 2.35e9, "canadian dollars"),
        ("It cost between USD 3bn and 5bn.", "USD 3bn and 5bn", 3e9, 5e9, "dollars"),
        ("It cost between €3bn and 5bn.", "€3bn and 5bn", 3e9, 5e9, "euros"),
        ("It cost between A$2 and 5 million.", "A$2 and 5 million", 2e6, 5e6, "australian dollars"),
    ],
)
def test_only_the_first_end_marked(text: str, surface: str, low: float, high: float, unit: str) -> None:
    assert _only_range(text) == (surface, low, high, unit)


# No range: "and" without "between", a currency then a count, two different currencies.
@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("It cost C$1.54 billion and 300 jobs were lost.", [("C$1.54 billion", 1.54e9, "canadian dollars"),
                                                          ("300", 300.0, "count")]),
        ("It cost C$1.54 billion and C$2.35 billion more.", [("C$1.54 billion", 1.54e9, "canadian dollars"),
                                                           ("C$2.35 billion", 2.35e9, "canadian dollars")]),
        ("It cost US$3bn to 12 stores.", [("US$3bn", 3e9, "dollars"), ("12", 12.0, "count")]),
        ("It cost USD 3bn to EUR 5bn.", [("USD 3bn", 3e9, "dollars"), ("EUR 5bn", 5e9, "euros")]),
        ("It cost between HK$1 billion and A$2 billion.", [("HK$1 billion", 1e9, "hong kong dollars"),
                                                          ("A$2 billion", 2e9, "australian dollars")]),
    ],
)
def test_currency_figures_that_are_no_range(text: str, figures: list[tuple[str, float, str]]) -> None:
    found = extract(text)
    assert [(e.surface, e.value_low, e.unit) for e in found] == figures
    assert all(e.qualifier != "range" and e.value_low == e.value_high for e in found)


@pytest.mark.parametrize("params_file", ["fixture.yaml", "default.yaml"])
def test_every_range_of_a_corpus_has_its_low_end_first(params_file: str) -> None:
    """On the fixture and seed corpora, each row's interval is ordered (estimates, and excluded
    numbers other than scores, which keep "42-7" as written); the fixture's "between 300 and 350
    homes" is read with both its ends."""
    params = load_params(PROJECT_ROOT / "params" / params_file)
    corpus = load_corpus(params.corpus, params_file)
    tables = build_estimate_tables(corpus.sentences, corpus.documents)
    for name in ("estimates", "excluded_numbers"):
        table = tables[name]
        if name == "excluded_numbers":
            table = table[table["reason"] != "score or ratio"]
        both = table.dropna(subset=["value_low", "value_high"])
        disordered = both[both["value_low"] > both["value_high"]]
        assert disordered.empty, disordered[["doc_id", "surface", "value_low", "value_high"]]
    if params_file == "fixture.yaml":
        ranges = tables["estimates"][tables["estimates"]["qualifier"] == "range"]
        assert [(r.surface, r.value_low, r.value_high) for r in ranges.itertuples()] == [("300 and 350", 300, 350)]
