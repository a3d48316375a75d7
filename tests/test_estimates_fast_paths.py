"""The estimates stage's fast paths give what the slow ways give (issue 18, speed of the extractor).

Each shortcut is held to the pattern or loop it stands in for, on hand-picked and generated text:
whole-word lexicon matches to the ``\\b``-led pattern, the noun-group reading to the token-by-token
loop, and each precheck to the pattern it guards (when the precheck says no, the pattern finds
nothing). The stage's tables were checked md5-identical before and after on the seeds, the
think-tank and the Guardian corpora (docs/PROFILING.md).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.estimates import extract
from analysis.estimates.counted import (
    _AGE_SUFFIX,
    _PARTITIVE_PART,
    _PARTITIVE_WHOLE,
    _group_words,
    _group_words_by_token,
    is_partitive_whole,
    partitive_part,
)
from analysis.estimates.exclusions import _NAME_BEFORE, _STOP_NAMES, _name_with_number
from analysis.estimates.numbers import _parse_digits
from analysis.estimates.qualifiers import _may_open_with_after_phrase, _right_qualifier, phrase_before
from analysis.estimates.words import WholeWords

VERBS = WholeWords(["said", "say", "point out", "estimated"], first_upper=False)
CUES = WholeWords(["killed", "lost their lives", "dead"])

# Pieces of text that exercise word boundaries: words, parts of words, punctuation, letters beyond
# A-Z, digits, spaces and line breaks.
FRAGMENTS = ["said", "say", "says", "point out", "point", "out", "unsaid", "Said", "estimated", "killed",
             "Killed", "dead", "deadline", "lost their lives", "lost", "é", "Éire", "troops", "of", "the",
             "3", "10,000", "-", "’", "'", ",", ".", "(", " ", " ", " ", "\n", "_", "x"]
texts = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)


@pytest.mark.parametrize("text", [
    "said the minister", "The minister said 3,000.", "said told said", "They said, said", "unsaid", "saidx",
    "ésaid", "é said", "_said", "3said", "He will point out 10,000.", "point outs", "", " ", "Killed and dead",
])
def test_whole_words_find_what_the_boundary_pattern_finds(text: str) -> None:
    for words in (VERBS, CUES):
        assert [m.span() for m in words.findall(text)] == [m.span() for m in words.pattern.finditer(text)]
        found, expected = words.search(text), words.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300, deadline=None)
@given(texts)
def test_whole_words_on_generated_text(text: str) -> None:
    for words in (VERBS, CUES):
        assert [m.span() for m in words.findall(text)] == [m.span() for m in words.pattern.finditer(text)]


def test_whole_words_refuse_a_phrase_that_opens_with_punctuation() -> None:
    with pytest.raises(ValueError, match="open with a letter or digit"):
        WholeWords(["'tis"])


@pytest.mark.parametrize(("right", "group"), [
    (" North Korean troops to Russia", ["north", "korean", "troops"]),
    (" of the troops", ["troops"]),
    (" of these their soldiers, he said", ["soldiers"]),
    (" troops, and", ["troops"]),
    (" a b c d e f g", []),
    (" big red old new tall wide shells", ["big", "red", "old", "new", "tall"]),
    (" others had been wounded", ["others"]),
    (" Éire soldiers", ["é", "ire", "soldiers"]),
    ("", []),
])
def test_noun_group_words(right: str, group: list[str]) -> None:
    assert _group_words(right) == group
    assert _group_words_by_token(right) == group


@settings(max_examples=300, deadline=None)
@given(texts)
def test_noun_group_words_on_generated_text(right: str) -> None:
    assert _group_words(right) == _group_words_by_token(right)


QUALIFIER_TEXTS = [" or more troops", "-odd soldiers", " plus", "+ tanks", " Or More", " or so", " troops", "",
                   " and more", "-year-old", "\u017fo"]


@pytest.mark.parametrize("right", QUALIFIER_TEXTS)
def test_qualifier_precheck_never_hides_a_match(right: str) -> None:
    if _right_qualifier().match(right):
        assert _may_open_with_after_phrase(right)


def test_qualifier_precheck_says_no_for_other_words() -> None:
    assert _may_open_with_after_phrase(" or more")
    assert not _may_open_with_after_phrase(" troops were sent")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["or", "more", "so", "odd", "plus", "+", "-", " ", "troops", "less", "O", "Ｏ"]),
                max_size=6).map("".join))
def test_qualifier_precheck_on_generated_text(right: str) -> None:
    if not _may_open_with_after_phrase(right):
        assert _right_qualifier().match(right) is None


@pytest.mark.parametrize(("left", "table", "expected"), [
    ("sent an estimated ", {"an estimated": "approx", "estimated": "approx"}, "approx"),
    ("sent (about ", {"about": "approx"}, "approx"),
    ("sent ", {"about": "approx"}, ""),
    ("   ", {"about": "approx"}, ""),
])
def test_phrase_before_reads_the_last_words(left: str, table: dict[str, str], expected: str) -> None:
    assert phrase_before(left, table) == expected


@pytest.mark.parametrize(("right", "age"), [
    ("-year-old man", True), (" months-old baby", True), (" year-old", True), (" troops", False), ("", False),
])
def test_age_precheck(right: str, age: bool) -> None:
    from analysis.estimates.extract import _could_be_age  # the module name is shadowed by the function

    assert bool(_could_be_age(right) and _AGE_SUFFIX.match(right)) == age
    if not _could_be_age(right):
        assert _AGE_SUFFIX.match(right) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["-", "year", "month", "s", "-old", "old", " ", "\n", "day", "week", "x"]),
                max_size=6).map("".join))
def test_age_precheck_on_generated_text(right: str) -> None:
    from analysis.estimates.extract import _could_be_age

    if not _could_be_age(right):
        assert _AGE_SUFFIX.match(right) is None


PARTITIVE = st.lists(st.sampled_from(["800", "hundreds", "of", "the", "these", "an", "estimated", "troops", "Of", "THE",
                                      " ", " ", "\n", "9,000", "some", ","]), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(PARTITIVE)
def test_partitive_prechecks_on_generated_text(text: str) -> None:
    found = _PARTITIVE_PART.match(text)
    assert partitive_part(text) == (found.end() if found else 0)
    tail = text[-40:]
    assert is_partitive_whole(text) == ("of" in tail[-20:] and bool(_PARTITIVE_WHOLE.search(tail)))


def test_partitives_still_read() -> None:
    assert partitive_part(" of the 9,000 troops") > 0 and partitive_part(" troops") == 0
    assert is_partitive_whole("800 of the ") and not is_partitive_whole("sent the ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Game", "game", "iPhone", "the", "Big", "Some", "s", " ", " ", "\n", ".", "(", "Kyiv’s"]),
                max_size=6).map("".join))
def test_name_precheck_on_generated_text(left: str) -> None:
    if _NAME_BEFORE.search(left) is None:
        assert not _name_with_number(left, " goals")
    else:
        found = _NAME_BEFORE.search(left).group().strip()
        expected = found.lower() not in _STOP_NAMES and found[-2:] not in ("'s", "’s")
        assert _name_with_number(left, "") == expected


def test_names_with_numbers_still_set_aside() -> None:
    assert [e.surface for e in extract("He won Game 6 and sent 500 troops.")] == ["500"]


@pytest.mark.parametrize(("digits", "value"), [("12,000", 12000.0), ("12 000", 12000.0), ("1.6", 1.6), (".5", 0.5),
                                                ("1,234.5", 1234.5), ("1\u00a0000", 1000.0)])
def test_parse_digits(digits: str, value: float) -> None:
    assert _parse_digits(digits) == value

