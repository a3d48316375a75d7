"""Tests for analysis.estimates: values, qualifiers, counted nouns, sources, exclusions,
the stage tables, the summaries, properties (hypothesis) and the seed gold floor."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.estimates import (
    CATEGORIES,
    ESTIMATE_COLUMNS,
    EXCLUDED_COLUMNS,
    QUALIFIERS,
    UNATTRIBUTED,
    build_estimate_tables,
    estimate_spread,
    extract,
    extract_all,
    gold_scores,
    locate_gold,
    vague_magnitudes,
    who_says_what,
)

ROOT = Path(__file__).resolve().parent.parent
NAN = math.nan


def only(text: str):
    """The single estimate of ``text`` (fails if there is not exactly one)."""
    found = extract(text)
    assert len(found) == 1, found
    return found[0]


def same(a: float | None, b: float) -> bool:
    return (a is None and math.isnan(b)) or (a is not None and not math.isnan(b) and math.isclose(a, b))


def reasons(text: str) -> dict[str, str]:
    return {x.surface: x.reason for x in extract_all(text)[1]}


# --- values ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "surface", "low", "high"),
    [
        ("Russia sent 10,000 troops.", "10,000", 10_000, 10_000),
        ("It fired 1.6 million shells.", "1.6 million", 1_600_000, 1_600_000),
        ("A total of 600,000 soldiers.", "600,000", 600_000, 600_000),
        ("Some 12 000 troops were deployed.", "12 000", 12_000, 12_000),
        ("Seoul pledged $2bn in aid.", "$2bn", 2e9, 2e9),
        ("The EU gave €3 million to Kyiv.", "€3 million", 3e6, 3e6),
        ("Ten thousand soldiers marched.", "Ten thousand", 10_000, 10_000),
        ("Five soldiers were killed.", "Five", 5, 5),
        ("A dozen drones hit the city.", "A dozen", 12, 12),
        ("It had one hundred and fifty soldiers.", "one hundred and fifty", 150, 150),
        ("They bought half a million shells.", "half a million", 500_000, 500_000),
        ("Russia fired 10k shells.", "10k", 10_000, 10_000),
        ("Prices rose 30% last year.", "30%", 30, 30),
        ("Support fell to 45 per cent.", "45 per cent", 45, 45),
    ],
)
def test_numbers_in_digits_words_money_and_percent(text: str, surface: str, low: float, high: float) -> None:
    e = only(text)
    assert (e.surface, e.value_low, e.value_high) == (surface, low, high)


@pytest.mark.parametrize(
    ("text", "surface", "low", "high"),
    [
        ("Some 11,000-12,000 soldiers arrived.", "11,000-12,000", 11_000, 12_000),
        ("Between 10,000 and 12,000 troops were sent.", "10,000 and 12,000", 10_000, 12_000),
        ("It sent 10,000 to 12,000 troops.", "10,000 to 12,000", 10_000, 12_000),
        ("Officials said 10 to 12 million shells were fired.", "10 to 12 million", 10e6, 12e6),
    ],
)
def test_ranges(text: str, surface: str, low: float, high: float) -> None:
    e = only(text)
    assert (e.surface, e.value_low, e.value_high, e.qualifier) == (surface, low, high, "range")


def test_and_without_between_is_not_a_range() -> None:
    found = extract("It sent 10,000 troops and 500 tanks.")
    assert [e.surface for e in found] == ["10,000", "500"]
    assert all(e.qualifier == "exact" for e in found)


@pytest.mark.parametrize(
    ("text", "surface", "low", "high"),
    [
        ("Tens of thousands of soldiers were sent.", "Tens of thousands", 20_000, 99_999),
        ("It sent thousands of troops.", "thousands", 2_000, 9_999),
        ("Hundreds of soldiers died.", "Hundreds", 200, 999),
        ("Dozens of missiles were launched.", "Dozens", 24, 99),
        ("Only a handful of troops were captured.", "a handful", 2, 9),
        ("Hundreds of thousands of people fled.", "Hundreds of thousands", 200_000, 999_999),
        ("South Korea exported billions of dollars in arms.", "billions", 2e9, 9_999_999_999),
        ("It sent several thousand troops.", "several thousand", 2_000, 9_999),
    ],
)
def test_vague_magnitudes_use_the_documented_table(text: str, surface: str, low: float, high: float) -> None:
    e = only(text)
    assert (e.surface, e.value_low, e.value_high, e.qualifier) == (surface, low, high, "vague")
    assert vague_magnitudes()[surface.lower()] == (low, high)


def test_vague_table_intervals_are_ordered_and_disjoint_by_scale() -> None:
    table = vague_magnitudes()
    assert all(low <= high for low, high in table.values())
    assert table["thousands"][1] < table["tens of thousands"][0]


# --- qualifiers --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("It sent about 4,000 soldiers.", "approx", 4000, 4000),
        ("It sent around 10,000 soldiers.", "approx", 10_000, 10_000),
        ("It deployed an estimated 10,000 troops.", "approx", 10_000, 10_000),
        ("It sent some 1,500 soldiers.", "approx", 1500, 1500),
        ("It sent approximately 300 troops.", "approx", 300, 300),
        ("It sent roughly 300 troops.", "approx", 300, 300),
        ("Nearly 500 soldiers were sent.", "approx", 500, 500),
        ("It sent 20-odd soldiers.", "approx", 20, 20),
        ("More than 10,000 troops were sent.", "lower_bound", 10_000, NAN),
        ("Over 600,000 soldiers were hurt.", "lower_bound", 600_000, NAN),
        ("At least 300 civilians died.", "lower_bound", 300, NAN),
        ("It sent 10,000 or more troops.", "lower_bound", 10_000, NAN),
        ("It could send up to 12,000 troops.", "upper_bound", NAN, 12_000),
        ("It may send as many as 30,000 troops.", "upper_bound", NAN, 30_000),
        ("Fewer than 50 POWs returned.", "upper_bound", NAN, 50),
        ("No more than 5,000 men were sent.", "upper_bound", NAN, 5_000),
        ("Russia sent 10,000 troops.", "exact", 10_000, 10_000),
    ],
)
def test_qualifiers_and_open_bounds(text: str, qualifier: str, low: float, high: float) -> None:
    e = only(text)
    assert e.qualifier == qualifier
    assert same(e.value_low, low) and same(e.value_high, high)


def test_some_is_approx_only_next_to_the_number() -> None:
    assert only("Some analysts counted 4,000 soldiers.").qualifier == "exact"


# --- counted and category ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        ("It sent 10,000 North Korean troops.", "troops", "troops"),
        ("It sent over 1.6 million artillery and missile shells.", "shells", "munitions"),
        ("It sent thousands of troops.", "troops", "troops"),
        ("About 4,000 North Korean soldiers were killed.", "soldiers", "casualties"),
        ("Over 600,000 Russian soldiers have been killed or wounded.", "soldiers", "casualties"),
        ("Fewer than 50 POWs returned.", "pows", "prisoners"),
        ("Soldiers died, while only a handful have been captured alive.", "soldiers", "prisoners"),
        ("Seoul pledged $2bn in aid.", "dollars", "money"),
        ("It exported billions of dollars in arms.", "dollars", "money"),
        ("Tens of thousands more soldiers may follow.", "soldiers", "troops"),
        ("It built 3,000 new homes.", "homes", "other"),
        ("Prices rose 30% last year.", "percent", "other"),
    ],
)
def test_counted_noun_and_category(text: str, counted: str, category: str) -> None:
    e = only(text)
    assert (e.counted, e.category) == (counted, category)
    assert e.category in CATEGORIES and e.qualifier in QUALIFIERS


def test_killed_in_another_clause_does_not_make_casualties() -> None:
    e = only("Some were killed last year; now 10,000 troops are deployed.")
    assert e.category == "troops"


# --- cited source ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to NATO estimates, over 600,000 Russian soldiers were hurt.", "NATO"),
        ("Deputy Pentagon Press Secretary Sabrina Singh confirmed that around 10,000 soldiers left.",
         "Deputy Pentagon Press Secretary Sabrina Singh"),
        ("Ukrainian President Volodymyr Zelenskyy warned that it could deploy up to 12,000 troops.",
         "Ukrainian President Volodymyr Zelenskyy"),
        ("Open-source intelligence estimates suggest about 4,000 soldiers were killed.", "open-source intelligence"),
        ("Reports suggest that it might send as many as 30,000 additional troops.", "reports"),
        ("Some estimates put the possible total from North Korea at 12,000.", "some estimates"),
        ("Intelligence sources estimate that around 15,000 soldiers have been sent.", "intelligence sources"),
        ("“It is sending thousands of troops,” Cho said.", "Cho"),
        ("Russia has lost 1,000 tanks, said Zelensky.", "Zelensky"),
        ("These reports from South Korean intelligence confirm that about 1,500 soldiers arrived.",
         "South Korean intelligence"),
        ("Russia is reportedly firing tens of thousands of shells each week.", "reports"),
    ],
)
def test_cited_source(text: str, source: str) -> None:
    assert extract(text)[0].cited_source == source


@pytest.mark.parametrize(
    "text",
    [
        "North Korea deployed an estimated 10,000 troops to Russia.",
        "South Korea has exported billions of dollars in military equipment.",
        "More than 10,000 North Korean troops were sent to Kursk.",
        "The United States sent 300 troops.",
    ],
)
def test_unattributed_numbers_have_no_source(text: str) -> None:
    assert extract(text)[0].cited_source == ""


# --- numbers that are not estimates ------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "surface", "reason"),
    [
        ("Ukrainian forces entered Kursk in late 2024.", "2024", "year"),
        ("Since June 2024, soldiers have been sent.", "June 2024", "date"),
        ("It began on 24 February 2022.", "24 February 2022", "date"),
        ("The 2004-05 season ended.", "2004-05", "date"),
        ("The 1990s were calm.", "1990s", "date"),
        ("This is the first cadre of soldiers.", "first", "ordinal"),
        ("The 3rd brigade moved.", "3rd", "ordinal"),
        ("Article 4 of that treaty applies.", "4", "label number"),
        ("Seoul agreed to transfer K2 tank production.", "K2", "model name or code"),
        ("F-16 jets arrived.", "F-16", "model name or code"),
        ("Read https://arab.news/6z5ra now.", "https://arab.news/6z5ra", "url or handle"),
        ("Follow @user99 for news.", "@user99", "url or handle"),
        ("They met at 10:30 in Seoul.", "10:30", "time of day"),
        ("They met at 3pm in Seoul.", "3pm", "time of day"),
        ("Italy won 2-1 on Sunday.", "2-1", "score or ratio"),
        ("The war lasted two years.", "two", "duration or age"),
        ("He is a 25-year-old soldier.", "25", "duration or age"),
        ("It fired 155mm shells.", "155mm", "calibre"),
        ("It has supported the war in two primary ways.", "two", "small count"),
        ("A partnership between two isolated regimes deepened.", "two", "small count"),
        ("This is the action of two of its neighbors.", "two", "small count"),
        ("That expertise is a generation or two behind.", "two", "small count"),
    ],
)
def test_excluded_numbers_with_reasons(text: str, surface: str, reason: str) -> None:
    assert reasons(text).get(surface) == reason
    assert all(e.surface != surface for e in extract(text))


@pytest.mark.parametrize(
    "text",
    ["Five soldiers were killed.", "In 2000 troops arrived.", "It sent 2000 troops.", "Three drones hit Kyiv."],
)
def test_small_numbers_and_year_like_counts_of_story_nouns_are_kept(text: str) -> None:
    assert len(extract(text)) == 1
    assert reasons(text) == {}


def test_lone_one_is_not_a_number() -> None:
    assert extract_all("One of the soldiers said one thing.") == ([], [])


def test_text_without_numbers_gives_nothing() -> None:
    assert extract_all("The stakes are undeniably high; a stark warning.") == ([], [])


# --- properties --------------------------------------------------------------------------------

NUMBERISH = st.sampled_from([
    "10,000", "1.6 million", "$2bn", "about", "over", "up to", "between", "and", "to", "-", "troops",
    "thousands of", "tens of", "a handful", "said", "according to", "June", "2024", "K2", "Article",
    "killed", "%", "one", "two", "twenty-five", "hundred", ",", ".", "“", "”", "\n", "12 000", "3pm",
    "https://x.org/a1", "@h2", "or more", "-odd", "estimates suggest", "Reports", "—", "€3",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(NUMBERISH, max_size=25).map(" ".join)))
def test_properties_never_raise_bounds_ordered_offsets_slice(text: str) -> None:
    estimates, excluded = extract_all(text)
    for e in estimates:
        assert text[e.char_start:e.char_end] == e.surface
        assert e.qualifier in QUALIFIERS and e.category in CATEGORIES
        if e.value_low is not None and e.value_high is not None:
            assert e.value_low <= e.value_high
        assert e.value_low is not None or e.value_high is not None
    for x in excluded:
        assert text[x.char_start:x.char_end] == x.surface


@settings(max_examples=50, deadline=None)
@given(st.lists(NUMBERISH, max_size=20).map(" ".join))
def test_extraction_is_deterministic(text: str) -> None:
    assert extract_all(text) == extract_all(text)


# --- stage tables and summaries ----------------------------------------------------------------

def tiny_corpus() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    texts = {
        "a": "Troops arrived\n\nAround 10,000 troops were sent in June 2024, officials said.",
        "b": "Zelensky warned that up to 12,000 troops could follow. Over 600 soldiers were killed.",
        "c": "Nothing numeric here.",
    }
    rows = []
    for doc_id, text in texts.items():
        spans = {"a": [(0, 14), (16, len(text))], "b": [(0, 53), (54, len(text))], "c": [(0, len(text))]}[doc_id]
        for i, (start, end) in enumerate(spans):
            rows.append({"doc_id": doc_id, "sentence_id": i, "paragraph_id": i, "char_start": start,
                         "char_end": end, "text": text[start:end], "is_heading": False})
    documents = pd.DataFrame({"doc_id": list(texts), "genre": ["wire", "reporting", ""]})
    return pd.DataFrame(rows), documents, texts


def test_build_estimate_tables_columns_offsets_and_order() -> None:
    sentences, documents, texts = tiny_corpus()
    tables = build_estimate_tables(sentences, documents)
    estimates, excluded = tables["estimates"], tables["excluded_numbers"]
    assert list(estimates.columns) == ESTIMATE_COLUMNS
    assert list(excluded.columns) == EXCLUDED_COLUMNS
    assert list(estimates["surface"]) == ["10,000", "12,000", "600"]
    for row in estimates.itertuples():
        assert texts[row.doc_id][row.char_start:row.char_end] == row.surface
    assert list(excluded["reason"]) == ["date"]
    assert estimates.loc[0, "cited_source"] == "officials"
    assert estimates.loc[2, "category"] == "casualties"
    assert math.isnan(estimates.loc[1, "value_low"]) and estimates.loc[1, "value_high"] == 12_000


def test_build_estimate_tables_reads_only_listed_documents() -> None:
    sentences, documents, _ = tiny_corpus()
    tables = build_estimate_tables(sentences, documents[documents["doc_id"] == "a"])
    assert set(tables["estimates"]["doc_id"]) == {"a"}


def test_build_estimate_tables_on_empty_input() -> None:
    sentences, documents, _ = tiny_corpus()
    tables = build_estimate_tables(sentences.iloc[:0], documents)
    assert tables["estimates"].empty and list(tables["estimates"].columns) == ESTIMATE_COLUMNS


def test_estimate_spread_and_who_says_what() -> None:
    sentences, documents, _ = tiny_corpus()
    estimates = build_estimate_tables(sentences, documents)["estimates"]
    spread = estimate_spread(estimates, documents).set_index("category")
    assert list(spread.index) == ["troops", "casualties"]
    troops = spread.loc["troops"]
    assert (troops["n_estimates"], troops["n_docs"], troops["min_value"], troops["max_value"]) == (2, 2, 10_000, 12_000)
    assert troops["ratio_max_min"] == 1.2 and troops["doc_highest"] == "b"
    assert troops["share_docs"] == round(2 / 3, 3)
    who = who_says_what(estimates).set_index("cited_source")
    assert list(who.columns) == [*CATEGORIES, "total"]
    assert who.loc["Zelensky", "troops"] == 1 and who.loc["officials", "troops"] == 1
    assert who.loc[UNATTRIBUTED, "casualties"] == 1
    assert who["total"].sum() == len(estimates)


# --- seed gold ---------------------------------------------------------------------------------

# Measured on the five seeds: precision 1.00, recall 1.00, qualifier 1.00, counted 0.95, category
# 0.95, cited source 1.00 (20 gold rows). The rules were written after the gold, while reading the
# same texts, so these are in-sample figures; the floors leave room for one or two misses.
FLOORS = {"precision": 0.9, "recall": 0.9, "qualifier_accuracy": 0.9, "category_accuracy": 0.9,
          "cited_source_accuracy": 0.85, "counted_accuracy": 0.85}


def seed_scores() -> dict[str, float]:
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in (ROOT / "data/raw/articles").glob("*.txt")}
    gold = pd.read_csv(ROOT / "tests/data/seed_estimates_gold.csv", dtype={"doc_id": str},
                       keep_default_na=False, na_values={"value_low": [""], "value_high": [""]})
    gold = locate_gold(gold, texts)
    found = pd.DataFrame([{"doc_id": d, **dataclasses.asdict(e)} for d in sorted(texts) for e in extract(texts[d])])
    return gold_scores(found, gold)


def test_seed_gold_floor() -> None:
    scores = seed_scores()
    assert scores["n_gold"] == 20
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores[name])


def test_gold_scores_penalise_wrong_values_and_extra_rows() -> None:
    gold = pd.DataFrame({"doc_id": ["x"], "context": ["about 10 troops"], "surface": ["10"], "value_low": [10.0],
                         "value_high": [10.0], "qualifier": ["approx"], "counted": ["troops"],
                         "category": ["troops"], "cited_source": [""]})
    gold = locate_gold(gold, {"x": "It sent about 10 troops."})
    wrong = pd.DataFrame({"doc_id": ["x", "x"], "char_start": [14, 0], "char_end": [16, 2],
                          "value_low": [11.0, 3.0], "value_high": [11.0, 3.0]})
    assert gold_scores(wrong, gold)["recall"] == 0.0
    right = wrong.assign(value_low=[10.0, 3.0], value_high=[10.0, 3.0])
    scores = gold_scores(right, gold)
    assert (scores["recall"], scores["precision"]) == (1.0, 0.5)
