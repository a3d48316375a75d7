"""Tests for analysis.estimates: values, qualifiers, counted nouns, sources, exclusions,
the stage tables, the summaries, properties (hypothesis) and the seed gold floor."""

from __future__ import annotations

import dataclasses
import inspect
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
    Estimate,
    ExcludedNumber,
    build_estimate_tables,
    estimate_spread,
    extract,
    extract_all,
    gold_scores,
    group_sources,
    locate_gold,
    source_name,
    vague_magnitudes,
    who_says_what,
)
from analysis.findings import describe_sources, describe_spread

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


@pytest.mark.parametrize(
    ("text", "qualifier", "source"),
    [
        # "estimated" after a subject is the reporting verb: the subject is cited, and the
        # qualifier comes from the other words (a bare number is exact).
        ("The Pentagon estimated 11,000 troops.", "exact", "Pentagon"),
        ("Kyiv estimated 1,000 casualties.", "exact", "Kyiv"),
        ("Officials estimated 11,000 troops.", "exact", "officials"),
        ("The Pentagon has estimated 11,000 troops are in Kursk.", "exact", "Pentagon"),
        ("He estimated 5,000 casualties.", "exact", "he"),
        ("The agency, which estimated 11,000 troops, declined to comment.", "exact", "agency"),
        ("The Pentagon estimated about 11,000 troops.", "approx", "Pentagon"),
        ("Ukraine estimated that 1,000 soldiers were killed.", "exact", "Ukraine"),
        # "estimated" as an adjective of the number stays approx and credits no one.
        ("North Korea deployed an estimated 11,000 troops.", "approx", ""),
        ("Estimated 11,000 troops were sent.", "approx", ""),
        ("The estimated 11,000 troops were sent.", "approx", ""),
        ("Russia's estimated 700,000 troops are in Ukraine.", "approx", ""),
        ("It is sending estimated 11,000 troops.", "approx", ""),
        # A passive "was estimated at" hedges the number; it names a source only with "by X".
        ("The toll was estimated at 2,000.", "approx", ""),
        ("The death toll has been estimated at 500.", "approx", ""),
        ("The toll was estimated by the Pentagon at 2,000.", "exact", "Pentagon"),
    ],
)
def test_estimated_as_reporting_verb_or_adjective(text: str, qualifier: str, source: str) -> None:
    e = only(text)
    assert (e.qualifier, e.cited_source) == (qualifier, source)


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high"),
    [
        ("It could be as high as 20,000, analysts said.", "upper_bound", NAN, 20_000),
        ("It could cost as much as $5bn.", "upper_bound", NAN, 5e9),
        ("As few as 100 soldiers remained.", "lower_bound", 100, NAN),
        ("As many as 100 soldiers remained.", "upper_bound", NAN, 100),
    ],
)
def test_as_high_as_and_as_few_as_are_bounds(text: str, qualifier: str, low: float, high: float) -> None:
    e = only(text)
    assert e.qualifier == qualifier
    assert same(e.value_low, low) and same(e.value_high, high)


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


@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        # Function words and reporting verbs after a number are never what it counts.
        ("As many as 100,000 according to the Pentagon", "", "other"),
        ("Up to 100,000 according to reports.", "", "other"),
        ("More than 1,000 said they would fight.", "", "other"),
        ("Russia has sent 3,000 more.", "", "other"),
        ("Some 500 reportedly died.", "", "casualties"),
        ("About 1,000 including troops.", "", "other"),
        # The noun is still found when there is one.
        ("As many as 100,000 troops, according to the Pentagon.", "troops", "troops"),
        ("It received 3,000 claims.", "claims", "other"),
        ("Tens of thousands more soldiers may follow.", "soldiers", "troops"),
    ],
)
def test_function_words_are_never_counted(text: str, counted: str, category: str) -> None:
    e = only(text)
    assert (e.counted, e.category) == (counted, category)


def test_including_ends_the_noun_group() -> None:
    first, second = extract("It sent 10,000, including 500 officers.")
    assert (first.counted, second.counted) == ("", "officers")


@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        # A participle is not a counted noun: the soldiers named earlier in the sentence, or
        # nothing; the category comes from the cue ("killed", "died") in the clause.
        ("Up to 3,000 killed or wounded", "", "casualties"),
        ("Up to 3,000 killed or wounded.", "", "casualties"),
        ("Hundreds died.", "", "casualties"),
        ("At least 10 killed in strike.", "", "casualties"),
        ("Around 2,000 killed and 1,000 wounded.", "", "casualties"),
        ("Russia lost 500 reported killed.", "", "casualties"),
        ("A further 2,000 were captured.", "", "prisoners"),
        # A participle before the noun leaves the noun counted.
        ("Up to 3,000 North Korean troops were killed or wounded.", "troops", "casualties"),
        ("3,000 wounded soldiers were evacuated.", "soldiers", "casualties"),
    ],
)
def test_participles_are_not_counted_nouns(text: str, counted: str, category: str) -> None:
    e = extract(text)[0]
    assert (e.counted, e.category) == (counted, category)


def test_participle_falls_back_to_the_nearest_people_noun_close_by() -> None:
    killed, injured = extract("Officials said at least seven people had been killed and 17 injured.")
    assert (injured.counted, injured.category) == ("people", "casualties")
    far = ("Soldiers were moved to the border region last month, and after a long and quiet week of waiting "
           "in the cold rain near the old bridge over the river, up to 30 killed.")
    assert only(far).counted == ""


def test_participle_falls_back_to_the_soldiers_named_earlier() -> None:
    sent, hurt = extract("North Korea sent 11,000 soldiers; up to 3,000 killed or wounded, Seoul said.")
    assert (sent.counted, sent.category) == ("soldiers", "troops")
    assert (hurt.counted, hurt.category, hurt.qualifier) == ("soldiers", "casualties", "upper_bound")


@pytest.mark.parametrize(
    ("text", "counted", "category"),
    [
        ("A 10,000-strong force crossed the border.", "force", "troops"),
        ("A 3,000-strong contingent arrived.", "contingent", "troops"),
        ("A 200-strong crowd gathered.", "crowd", "other"),
    ],
)
def test_strong_counts_the_members_of_a_unit(text: str, counted: str, category: str) -> None:
    e = only(text)
    assert (e.counted, e.category) == (counted, category)


NOT_NOUNS = {"according", "said", "reported", "including", "than", "killed", "wounded", "died",
             "reportedly", "more", "and", "or"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "10,000", "up to", "as many as", "according to", "the Pentagon", "said", "reported", "including",
    "than", "killed", "or", "wounded", "died", "reportedly", "more", "and", "troops", ",", "Seoul",
]), min_size=1, max_size=12).map(" ".join))
def test_counted_is_never_a_function_word_or_participle(text: str) -> None:
    for e in extract(text):
        assert e.counted not in NOT_NOUNS, (text, e)


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
    ("text", "source"),
    [
        ("The Institute for the Study of War estimated 1,200 troops were killed.",
         "Institute for the Study of War"),
        ("A spokesman said 2,000 soldiers were killed.", "spokesman"),
    ],
)
def test_cited_source_names_and_articles(text: str, source: str) -> None:
    assert only(text).cited_source == source


def test_a_lone_determiner_is_no_source() -> None:
    assert only("The estimate of 12,000 troops was revised.").cited_source == ""


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


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a cue word after a preposition is a noun: it credits no one, and the next cue is read instead
        ("The president came to Brussels with promises to accept up to 100,000 refugees.", ""),
        ("After four days amid reports of shelling, the emergency services confirmed 300 people had left.", "emergency services"),
        ("Officials said in reports that 300 people died.", "officials"),  # negative: "said" keeps its subject
        # a pronoun after a reporting verb refers to that verb's subject
        ("The UN human rights office said it had confirmed 331 civilians were killed.", "UN human rights office"),
        ("The UN human rights office said 331 civilians were killed.", "UN human rights office"),  # negative
        # a pronoun right before the verb is its whole subject
        ("Chaus posted a photo of what he said was a 500-kilogram bomb.", "he"),
        ("Biden used the speech to highlight commitments he said included 100,000 refugees.", "he"),
        ("Officials and experts said 500 people died.", "officials and experts"),  # negative: no pronoun
        # a nationality or organisation keeps its capital at the sentence start
        ("Ukrainian government officials said 200,000 people had left.", "Ukrainian government officials"),
        ("Polish border guards said 2,000 people crossed.", "Polish border guards"),
        ("Intelligence sources estimate that around 15,000 soldiers have been sent.", "intelligence sources"),  # negative: folded
    ],
)
def test_cited_source_reads_nouns_pronouns_and_proper_adjectives(text: str, source: str) -> None:
    assert extract(text)[0].cited_source == source


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
    ["Five soldiers were killed.", "In 2000 troops arrived.", "It sent 2000 troops.", "Three drones hit Kyiv.",
     "Russia lost 2000 killed in the battle."],
)
def test_small_numbers_and_year_like_counts_of_story_nouns_are_kept(text: str) -> None:
    assert len(extract(text)) == 1
    assert reasons(text) == {}


def test_lone_one_is_not_a_number_but_one_of_is_a_small_count() -> None:
    assert extract_all("He said one thing.") == ([], [])
    found, dropped = extract_all("One of the soldiers said one thing.")
    assert found == [] and [(x.surface, x.reason, x.value_low) for x in dropped] == [("One", "small count", 1.0)]


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


def estimate_rows(*rows: tuple) -> pd.DataFrame:
    """An estimates table from (doc_id, surface, value_low, value_high, qualifier, category, cited_source)."""
    frame = pd.DataFrame(rows, columns=["doc_id", "surface", "value_low", "value_high", "qualifier", "category",
                                        "cited_source"])
    return frame.assign(char_start=range(len(frame)), value_low=frame["value_low"].astype(float),
                        value_high=frame["value_high"].astype(float))


def test_spread_leaves_vague_magnitudes_out_of_highest_and_lowest() -> None:
    estimates = estimate_rows(
        ("a", "tens of thousands", 20_000, 99_999, "vague", "troops", ""),
        ("b", "10,000", 10_000, 10_000, "approx", "troops", ""),
        ("c", "30,000", NAN, 30_000, "upper_bound", "troops", ""),
        ("d", "a handful", 2, 9, "vague", "troops", ""),
    )
    documents = pd.DataFrame({"doc_id": ["a", "b", "c", "d"]})
    troops = estimate_spread(estimates, documents).set_index("category").loc["troops"]
    assert (troops["min_value"], troops["max_value"], troops["ratio_max_min"]) == (10_000, 30_000, 3.0)
    assert (troops["doc_lowest"], troops["doc_highest"], troops["qualifier_highest"]) == ("b", "c", "upper_bound")
    assert (troops["n_estimates"], troops["n_docs"], troops["n_vague"], troops["n_docs_compared"]) == (4, 4, 2, 2)
    sentence = describe_spread(estimate_spread(estimates, documents))
    assert "99,999" not in sentence and "tens of thousands" not in sentence
    assert "to 30,000 (c, “30,000”, an upper bound)" in sentence and "2 vague magnitudes left out" in sentence


def test_the_spread_sentence_names_articles_by_title_and_only_the_most_widely_compared_kinds() -> None:
    categories = ["troops", "casualties", "prisoners", "munitions"]
    rows = [(doc, f"{10 ** (k + 1) * (i + 1):,}", 10 ** (k + 1) * (i + 1), 10 ** (k + 1) * (i + 1), "exact", category, "")
            for k, category in enumerate(categories) for i, doc in enumerate("abcd"[: k + 2] if k < 3 else "ab")]
    documents = pd.DataFrame({"doc_id": list("abcd")})
    spread = estimate_spread(estimate_rows(*rows), documents)
    labels = pd.Series({"a": "Troops sent to Kursk", "b": "A second report", "c": "Third", "d": "Fourth"})
    sentence = describe_spread(spread, labels, max_kinds=2)
    # prisoners (4 articles) and casualties (3) are compared across most articles: named, in that order
    assert sentence.index("Prisoners") < sentence.index("Casualties") and "Troops (" not in sentence and "Munitions" not in sentence
    assert "from 1,000 (“Troops sent to Kursk”, “1,000”) to 4,000 (“Fourth”, “4,000”)" in sentence
    assert sentence.endswith("; and 2 more kinds in the table above.")
    assert "(a, “" in describe_spread(spread) and "more kinds" not in describe_spread(spread)  # no labels: doc ids, all four kinds


def test_a_large_spread_ratio_is_written_without_a_tenth() -> None:
    estimates = estimate_rows(("a", "2", 2, 2, "exact", "troops", ""), ("b", "3,500,000", 3_500_000, 3_500_000, "exact", "troops", ""))
    assert "1,750,000 times as many" in describe_spread(estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b"]})))
    estimates = estimate_rows(("a", "2", 2, 2, "exact", "troops", ""), ("b", "7", 7, 7, "exact", "troops", ""))
    assert "3.5 times as many" in describe_spread(estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b"]})))


def test_a_fractional_figure_keeps_its_fraction_in_the_spread_sentence() -> None:
    estimates = estimate_rows(("a", "0.4%", 0.4, 0.4, "exact", "other", ""), ("b", "90%", 90, 90, "exact", "other", ""))
    sentence = describe_spread(estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b"]})))
    assert "from 0.4 (a, “0.4%”) to 90 (b, “90%”), 225 times as many" in sentence


def test_spread_ranks_a_range_by_its_ends_and_a_bound_by_its_bound() -> None:
    estimates = estimate_rows(
        ("a", "5,000-8,000", 5_000, 8_000, "range", "casualties", ""),
        ("b", "7,000", 7_000, NAN, "lower_bound", "casualties", ""),
        ("c", "9,000", 9_000, 9_000, "exact", "casualties", ""),
    )
    row = estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b", "c"]})).iloc[0]
    assert (row["min_value"], row["doc_lowest"], row["qualifier_lowest"]) == (5_000, "a", "range")
    assert (row["max_value"], row["doc_highest"]) == (9_000, "c")


def test_spread_with_a_lowest_of_zero_has_no_ratio() -> None:
    estimates = estimate_rows(("a", "0", 0, 0, "exact", "prisoners", ""), ("b", "50", 50, 50, "exact", "prisoners", ""))
    spread = estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b"]}))
    assert math.isnan(spread.iloc[0]["ratio_max_min"])
    assert "no ratio (the lowest is 0)" in describe_spread(spread) and "nan" not in describe_spread(spread)


def test_spread_of_only_vague_magnitudes_states_no_figure() -> None:
    estimates = estimate_rows(
        ("a", "billions", 2e9, 9_999_999_999, "vague", "money", ""),
        ("b", "millions", 2e6, 9_999_999, "vague", "money", ""),
    )
    spread = estimate_spread(estimates, pd.DataFrame({"doc_id": ["a", "b"]}))
    row = spread.iloc[0]
    assert math.isnan(row["min_value"]) and math.isnan(row["max_value"]) and math.isnan(row["ratio_max_min"])
    assert (row["n_vague"], row["n_docs_compared"], row["doc_highest"]) == (2, 0, "")
    assert describe_spread(spread).endswith("Money (no unit, no group stated): given by 2 articles but stated as a figure by none, so not compared.")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Ukrainian President Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Volodymyr Zelensky", "Volodymyr Zelensky"),
        ("Deputy Pentagon Press Secretary Sabrina Singh", "Sabrina Singh"),
        ("Secretary of State Antony Blinken", "Antony Blinken"),
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov"),
        ("Kiev officials", "Kyiv officials"),
        # No name after the title, or no title: unchanged.
        ("the Ukrainian President", "the Ukrainian President"),
        ("South Korea’s spy agency", "South Korea’s spy agency"),
        ("Ukraine’s military intelligence agency HUR", "Ukraine’s military intelligence agency HUR"),
        ("reports", "reports"),
    ],
)
def test_source_name_strips_titles_and_folds_spellings(raw: str, name: str) -> None:
    assert source_name(raw) == name


def test_group_sources_merges_titles_spellings_and_a_known_persons_surname() -> None:
    raw = pd.Series(["Ukrainian President Volodymyr Zelenskyy", "Volodymyr Zelensky", "Zelensky", "",
                     "South Korea", "Korea", "Cho", "Pentagon", "the Pentagon"])
    assert group_sources(raw).tolist() == [
        "Volodymyr Zelensky", "Volodymyr Zelensky", "Volodymyr Zelensky", "",
        "South Korea", "Korea", "Cho", "Pentagon", "the Pentagon"]


def test_a_surname_shared_by_two_persons_is_not_merged() -> None:
    raw = pd.Series(["President Joe Biden", "Dr Jill Biden", "Biden"])
    assert group_sources(raw).tolist()[2] == "Biden"


def test_who_says_what_and_describe_sources_group_one_person() -> None:
    estimates = estimate_rows(
        ("a", "12,000", NAN, 12_000, "upper_bound", "troops", "Ukrainian President Volodymyr Zelenskyy"),
        ("b", "10,000", NAN, 10_000, "upper_bound", "troops", "Volodymyr Zelensky"),
        ("c", "4,000", 4_000, 4_000, "approx", "casualties", "South Korea’s spy agency"),
        ("c", "500", 500, 500, "exact", "casualties", ""),
    )
    who = who_says_what(estimates).set_index("cited_source")
    assert who.loc["Volodymyr Zelensky", "troops"] == 2 and who.loc["Volodymyr Zelensky", "total"] == 2
    assert who.loc["South Korea’s spy agency", "casualties"] == 1
    assert list(who.index) == ["Volodymyr Zelensky", UNATTRIBUTED, "South Korea’s spy agency"]
    sentence = describe_sources(estimates)
    assert sentence.startswith("2 different sources are credited; the most cited named source, “Volodymyr Zelensky”, stands behind 2 estimates,")


def test_the_most_cited_source_in_prose_is_one_that_names_someone() -> None:
    estimates = estimate_rows(*[(d, "1,000", 1_000, 1_000, "exact", "troops", s) for d, s in
                                [("a", "he"), ("b", "he"), ("c", "He"), ("d", "NATO"), ("e", "NATO"), ("f", "Kyiv"), ("g", "Kyiv"), ("h", ""), ("i", "reports"), ("j", "reports"), ("k", "reports")]])
    sentence = describe_sources(estimates)
    assert "the most cited named sources, “Kyiv” and “NATO”, stand behind 2 estimates each (pronouns and unnamed reports credit 6 more)" in sentence
    only_pronouns = estimate_rows(("a", "5", 5, 5, "exact", "troops", "we"), ("b", "6", 6, 6, "exact", "troops", ""))
    assert describe_sources(only_pronouns).startswith("1 different source is credited; each a pronoun or unnamed reports, which name no one, and 1 of 2")


def test_stage_keeps_the_raw_cited_source() -> None:
    sentences, documents, _ = tiny_corpus()
    sentences.loc[sentences["text"].str.startswith("Zelensky"), "text"] = (
        "Ukrainian President Volodymyr Zelenskyy warned that up to 12,000 troops could follow.")
    estimates = build_estimate_tables(sentences, documents)["estimates"]
    assert "Ukrainian President Volodymyr Zelenskyy" in set(estimates["cited_source"])


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


@pytest.mark.parametrize("cls", [Estimate, ExcludedNumber])
def test_written_out_init_matches_the_dataclass_fields_and_stays_frozen(cls) -> None:
    # Estimate and ExcludedNumber write their __init__ out (faster than a frozen dataclass's);
    # its parameters must be the fields, in order, with the same defaults.
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
                                               for f in fields]
    values = {f.name: (1 if f.type == "int" else "x") for f in fields}
    item = cls(**values)
    assert dataclasses.asdict(item) == values and item == cls(**values) and hash(item) == hash(cls(**values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.surface = "y"
