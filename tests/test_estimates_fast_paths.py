"""The estimates stage's fast paths give what the slow ways give (issue 18, speed of the extractor).

Each shortcut is held to the pattern or loop it stands in for, on hand-picked and generated text:
whole-word lexicon matches to the ``\\b``-led pattern, the noun-group reading to the token-by-token
loop, and each precheck to the pattern it guards (when the precheck says no, the pattern finds
nothing). The stage's tables were checked md5-identical before and after on the seeds, the
think-tank and the Guardian corpora (docs/PROFILING.md).
"""

from __future__ import annotations

import re

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



# --- Fast paths of issue 18's 100x aim (docs/PROFILING.md, the entry of branch speed18c) ---


def _sentence_spans_slow(text: str) -> list[tuple[int, int]]:
    """The sentence spans as :func:`_sentence_spans` computed them before its precheck."""
    from analysis.estimates.extract import _SENTENCE_END

    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return list(zip([0, *ends], [*ends, len(text)]))


SENTENCE_PIECES = st.lists(st.sampled_from(["Troops", "sent", "3.5", ".", "!", "?", "…", " ", " ", "\n", "\"", "”", "’",
                                            ")", "]", "U.S.", "Mr.", "(", "“", "A", "10"]), max_size=12).map("".join)


@pytest.mark.parametrize(("text", "one_sentence"), [
    ("Russia sent 10,000 troops.", True), ("He paid $3.5m for 2.5 tons.", True), ("", True),
    ("It rose. Then 5 fell.", False), ("Line one\nLine two", False), ("He said “no.” Then 3 left.", False),
    ("Mr. Smith sent 5.", False),  # the precheck says "maybe"; the pattern then finds no end after "Mr."
])
def test_sentence_precheck(text: str, one_sentence: bool) -> None:
    from analysis.estimates.extract import _MAY_END_SENTENCE, _sentence_spans

    assert (_MAY_END_SENTENCE.search(text) is None) == one_sentence
    assert _sentence_spans(text) == _sentence_spans_slow(text)


@settings(max_examples=400, deadline=None)
@given(SENTENCE_PIECES)
def test_sentence_precheck_on_generated_text(text: str) -> None:
    from analysis.estimates.extract import _MAY_END_SENTENCE, _sentence_spans

    assert _sentence_spans(text) == _sentence_spans_slow(text)
    if _MAY_END_SENTENCE.search(text) is None:
        assert _sentence_spans_slow(text) == [(0, len(text))]


def _could_be_head_slow(word: str) -> bool:
    """:func:`_could_be_head` as it read before its words were gathered into one set."""
    from analysis.estimates.counted import _GROUP_ENDERS, _NOT_HEADS, category_cues, category_of_noun
    from analysis.estimates.numbers import SCALES, UNITS
    from analysis.estimates.words import STOP_WORDS, reporting_verbs

    if word in category_of_noun():
        return True
    if word in UNITS or word.removesuffix("s") in SCALES or word in ("dozen", "dozens"):
        return False
    if word in _NOT_HEADS or word in _GROUP_ENDERS or word in category_cues():
        return False
    if word in reporting_verbs() and not word.endswith("s"):
        return False
    return not word.endswith(("ed", "ing", "ly")) and word not in STOP_WORDS


def _lexicon_words() -> list[str]:
    from analysis.estimates.counted import _GROUP_ENDERS, _NOT_HEADS, category_cues, category_of_noun
    from analysis.estimates.numbers import SCALES, UNITS
    from analysis.estimates.words import STOP_WORDS, reporting_verbs

    words = set(category_of_noun()) | set(UNITS) | set(SCALES) | _NOT_HEADS | _GROUP_ENDERS | set(category_cues()) \
        | set(reporting_verbs()) | STOP_WORDS
    return sorted(words | {w + "s" for w in words} | {w.removesuffix("s") for w in words} | {"dozen", "dozens", ""})


def test_could_be_head_on_every_lexicon_word() -> None:
    from analysis.estimates.counted import _could_be_head

    words = _lexicon_words()
    assert [w for w in words if _could_be_head(w)] == [w for w in words if _could_be_head_slow(w)]
    # both answers occur: the set turns words down and lets nouns through
    assert _could_be_head("troops") and _could_be_head("tanks") and not _could_be_head("said")
    assert not _could_be_head("millions") and not _could_be_head("killed") and _could_be_head("claims")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["kill", "ed", "ing", "ly", "s", "troop", "million", "say", "said", "dozen", "the",
                                 "more", "claim", "report", "x"]), max_size=3).map("".join))
def test_could_be_head_on_generated_words(word: str) -> None:
    from analysis.estimates.counted import _could_be_head

    assert _could_be_head(word) == _could_be_head_slow(word)


@pytest.mark.parametrize("word", ["troops", "tanks", "killed", "said", "more", "gas", "bus", "", "claims", "millions"])
def test_head_noun_of_one_word(word: str) -> None:
    from analysis.estimates.counted import _head_noun, _head_noun_of_words

    assert _head_noun([word]) == _head_noun_of_words([word])


def test_head_noun_of_one_word_takes_or_refuses() -> None:
    from analysis.estimates.counted import _head_noun

    assert _head_noun(["troops"]) == "troops" and _head_noun(["killed"]) == "" and _head_noun([]) == ""


@pytest.mark.parametrize("sentence", [
    "North Korean troops crossed.", "Russia's army lost 5,000.", "The us of it", "no group here", "",
    "Kyiv-based analysts", "the ukraine", "UKRAINE sent 5", "Pro-Russian forces",
])
def test_has_group_is_a_search_of_the_mentions(sentence: str) -> None:
    from analysis.estimates.counted import _groups_in, _has_group

    assert _has_group(sentence) == bool(_groups_in(sentence))


def test_has_group_both_ways() -> None:
    from analysis.estimates.counted import _has_group

    assert _has_group("North Korean troops crossed.") and not _has_group("no group here")


def _label_list_slow(left: str) -> bool:
    """:func:`_label_list` without the figure test before its search."""
    from analysis.estimates.exclusions import _LIST_TAIL, _labels

    found = _LIST_TAIL.search(left)
    return bool(found and found.group(1).lower() in _labels())


LIST_PIECES = st.lists(st.sampled_from(["Articles", "sections", "rose", " ", " ", "\n", "5", "12", "a", "t", "%", ",",
                                        "and", "or", "to", "through", "&", "-", "–", "٣", "²", "troops"]),
                       max_size=9).map("".join)


@pytest.mark.parametrize(("left", "listed"), [
    ("Articles 5 and ", True), ("sections 3, 5 and ", True), ("sections 3a, 5tor ", True), ("rose 5% to ", False),
    ("the troops and ", False), ("Articles 5 ", False), ("paragraphs 5\u00a0and\u00a0", True), ("", False),
])
def test_label_list_precheck(left: str, listed: bool) -> None:
    from analysis.estimates.exclusions import _label_list

    assert _label_list(left) == _label_list_slow(left) == listed


@settings(max_examples=400, deadline=None)
@given(LIST_PIECES)
def test_label_list_precheck_on_generated_text(left: str) -> None:
    from analysis.estimates.exclusions import _label_list

    assert _label_list(left) == _label_list_slow(left)


@pytest.mark.parametrize(("sentence", "source"), [
    ("Russia reportedly sent 10,000 troops.", "reports"),  # no verb: the shortcut, "reportedly" kept
    ("Russia sent 10,000 troops.", ""),  # no verb, no "reportedly": the shortcut
    ("The Pentagon said 10,000 troops were sent.", "Pentagon"),  # a verb: its subject, as before
    ("About 10,000 troops were sent, officials said.", "officials"),
])
def test_cited_source_without_and_with_verbs(sentence: str, source: str) -> None:
    from analysis.estimates.sources import cited_source

    start = sentence.index("10,000")
    assert cited_source(sentence, start, start + len("10,000")) == source


def _governing_break_slow() -> re.Pattern[str]:
    """The governing break as first written (a ``\\b`` branch the engine tries at every position),
    from the same marks and words as the fast pattern."""
    from analysis.estimates.counted import GOVERNING_MARKS, GOVERNING_WORDS

    marks = "".join(re.escape(mark) for mark in GOVERNING_MARKS)
    return re.compile(rf"[{marks}]|,\s|\b(?:{'|'.join(GOVERNING_WORDS)})\s", re.I)


GOVERNING_PIECES = st.lists(st.sampled_from(["that", "That", "THAT", "which", "whereas", "whereaſ", "but", "But", "and",
                                             "band", "a", "after", "before", "when", "who", "while", "because", "t", ",",
                                             ", ", ";", "(", "“", "é", "_", "\n", " ", " ", "3", "Russia"]),
                            max_size=10).map("".join)


@pytest.mark.parametrize("left", ["North Korea warned that ", "Russia, which ", "band that", "(that ", "but that and ",
                                  "WHEREAS ", "whereaſ ", "éthat ", "_but ", "3and ", "", "that "])
def test_governing_breaks_literal_first(left: str) -> None:
    from analysis.estimates.counted import _GOVERNING_BREAK_FAST

    assert [m.span() for m in _GOVERNING_BREAK_FAST.finditer(left)] == [m.span() for m in _governing_break_slow().finditer(left)]


def test_governing_breaks_found_and_not() -> None:
    from analysis.estimates.counted import _GOVERNING_BREAK_FAST

    assert [m.group() for m in _GOVERNING_BREAK_FAST.finditer("Russia, which said that ")] == [", ", "which ", "that "]
    assert list(_GOVERNING_BREAK_FAST.finditer("bandthat wheat abut")) == []


@settings(max_examples=400, deadline=None)
@given(GOVERNING_PIECES)
def test_governing_breaks_on_generated_text(left: str) -> None:
    from analysis.estimates.counted import _GOVERNING_BREAK_FAST

    assert [m.span() for m in _GOVERNING_BREAK_FAST.finditer(left)] == [m.span() for m in _governing_break_slow().finditer(left)]


_WORD_RUN_BACKTRACKING = re.compile(r"(?P<run>(?:\s*[A-Za-z][\w’'-]*)*)\s*(?P<next>.)?", re.DOTALL)  # as it was


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["troops", "of", "the", " ", " ", "\n", "’", "'", "-", "é", "Éire", "3", ",", "x_y", "."]),
                max_size=10).map("".join))
def test_word_run_possessive_reads_the_same(right: str) -> None:
    from analysis.estimates.counted import _WORD_RUN

    found, expected = _WORD_RUN.match(right, 0, 90), _WORD_RUN_BACKTRACKING.match(right, 0, 90)
    assert found.group("run", "next") == expected.group("run", "next")


def test_whole_words_names_the_entries_that_cannot_open_a_word() -> None:
    with pytest.raises(ValueError, match=r"'-said'.*lexicon file"):
        WholeWords(["said", "-said"])
    assert WholeWords(["said"]).pattern.search("she said so")


def test_fused_token_loop_drops_and_merges() -> None:
    from analysis.estimates.numbers import tokens

    assert tokens("a lone one") == []  # a lone "one" gives no token
    assert [t.kind for t in tokens("between 10,000 and 12,000 troops")] == ["range"]  # two numbers merged
    assert [t.kind for t in tokens("the score was 2-1")] == ["score"]
    assert len(tokens("eight or nine")) == 2  # "or" joins two figures: no merge


# The number precheck (numbers.may_hold_number): when it says no, the master pattern finds nothing.
# Pieces that sit on each of its conditions: digits of several scripts and digit-like characters
# that are no ``\d`` ("²"), the URL and handle marks, every case of a keyword, a keyword glued to
# letters, digits, "_" or characters beyond ASCII (the Kelvin sign lower-cases to "k"), "a" before
# the words it starts a number with, and plain words.
NUMBER_PIECES = ["ten", "Ten", "TEN", "tEn", "often", "tens", "one", "One", "someone", "may", "May", "mayor",
                 "a", "A", "few", "dozen", "third", "half", "Half", "first", "Second", "thousands", "several",
                 "March", "sept", "troops", "the", "said", "www", "www.", ".", "/", "@", "#", "http", ":",
                 "3", "٣", "３", "²", "x", "_", "é", "\u212a", "’", "-", ",", " ", " ", "\n"]


def _master_finds_nothing(text: str) -> bool:
    from analysis.estimates.numbers import _master, _matches

    return not list(_master().finditer(text)) and not _matches(text)


@pytest.mark.parametrize("text", [
    "ten troops", "Ten", "tens of thousands", "thousands", "a dozen", "A few hundred", "half of them", "in May",
    "www.example.com", "see http://x.org", "@user", "#tag", "3", "٣ soldiers", "３", "F-16", "USD 5", "Éten",
    "\u212aten", "_ten", "ten’s", "“Ten", "first", "Several",
])
def test_number_precheck_says_yes_where_a_number_may_be(text: str) -> None:
    from analysis.estimates.numbers import may_hold_number

    assert may_hold_number(text)


@pytest.mark.parametrize("text", [
    "", "The minister spoke at length.", "Someone often said so.", "a lot of them", "mayor’s office",
    "x² and y²", "tenfold", "a lot more",
])
def test_number_precheck_says_no_to_prose_without_numbers(text: str) -> None:
    from analysis.estimates.numbers import may_hold_number, tokens

    assert not may_hold_number(text)
    assert _master_finds_nothing(text) and tokens(text) == []


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=12).map("".join))
def test_number_precheck_never_hides_a_match(text: str) -> None:
    from analysis.estimates.numbers import may_hold_number

    if not may_hold_number(text):
        assert _master_finds_nothing(text)


def test_number_precheck_on_the_seed_texts() -> None:
    """Every sentence and line of the seed articles: where the precheck says no, the full scan finds
    nothing; and the extractor's output on each article is what the full scan gives."""
    from analysis import PROJECT_ROOT
    from analysis.estimates import extract_all
    from analysis.estimates import numbers
    from analysis.estimates.numbers import may_hold_number

    articles = sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt"))
    assert articles
    skipped = 0
    for path in articles:
        text = path.read_text(encoding="utf-8")
        for piece in re.split(r"(?<=[.!?])\s+|\n", text):
            if not may_hold_number(piece):
                skipped += 1
                assert _master_finds_nothing(piece), piece
        fast = extract_all(text)
        original = numbers.may_hold_number
        numbers.may_hold_number = lambda _text: True  # the full scan, as before the precheck
        try:
            assert extract_all(text) == fast
        finally:
            numbers.may_hold_number = original
    assert skipped  # the seeds hold sentences without numbers, so the fast path was taken


# The word lists' letter-run prefilter (words.WholeWords.may_occur): when it says no, the list's
# pattern finds nothing in the text, nor in any part of it cut where no ASCII letter stands on
# either side of the cut (a clause: ``counted._category`` tests the sentence and searches a clause).
def _cuts(text: str) -> list[str]:
    edges = [i for i in range(len(text) + 1) if i == 0 or i == len(text) or not text[i - 1].isascii()
             or not text[i - 1].isalpha() or not text[i].isascii() or not text[i].isalpha()]
    return [text[i:j] for i in edges for j in edges if i <= j]


def _lexicon_lists() -> list[WholeWords]:
    from analysis.estimates.counted import _cue_words
    from analysis.estimates.sources import _verb_words

    return [VERBS, CUES, _verb_words(), _cue_words()]


@pytest.mark.parametrize(("text", "found"), [
    ("the minister said 3,000", True), ("Said the minister", True), ("He will point out 10,000", True),
    ("10,000 were killed", True), ("Killed: 3", True), ("lost their lives", True), ("saidx", False),
    ("unsaid", False), ("pointed", False), ("the deadline", False), ("", False), ("3 troops", False),
])
def test_word_list_prefilter(text: str, found: bool) -> None:
    assert VERBS.may_occur(text) or CUES.may_occur(text) or not found
    if not found:
        assert not VERBS.may_occur(text) and not CUES.may_occur(text)
    for words in (VERBS, CUES):
        if not words.may_occur(text):
            assert words.search(text) is None and not words.findall(text)


def test_letter_runs() -> None:
    from analysis.estimates.words import first_run, letter_runs

    assert letter_runs("Kyiv’s 10,000-strong X_y\ud800é") == [b"kyiv", b"s", b"strong", b"x", b"y"]
    assert first_run("point out") == b"point" and first_run("Russia’s") == b"russia" and first_run("’tis") == b""


def test_word_list_prefilter_off_where_a_run_says_nothing() -> None:
    assert WholeWords(["kill*"]).keys is None and WholeWords(["kill*"]).may_occur("nothing here")
    assert WholeWords(["éclat", "said"]).keys is None


@settings(max_examples=600, deadline=None)
@given(texts)
def test_word_list_prefilter_never_hides_a_match(text: str) -> None:
    for words in _lexicon_lists():
        if not words.may_occur(text):
            for part in _cuts(text):
                assert words.search(part) is None, (text, part)


def test_word_list_prefilter_on_the_seed_texts() -> None:
    """Every sentence of the seed articles: where a list's prefilter says no, its pattern finds
    nothing; the prefilter says no somewhere (so the fast path is taken)."""
    from analysis import PROJECT_ROOT

    skipped = 0
    for path in sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt")):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", path.read_text(encoding="utf-8")):
            for words in _lexicon_lists():
                if not words.may_occur(sentence):
                    skipped += 1
                    assert not words.pattern.search(sentence), sentence
    assert skipped
def test_sentences_are_read_a_chunk_of_rows_at_a_time(monkeypatch) -> None:
    import pandas as pd

    from analysis.estimates import tables as estimate_tables

    monkeypatch.setattr(estimate_tables, "SENTENCE_CHUNK_ROWS", 2)
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b", "b", "b"], "sentence_id": [0, 1, 0, 1, 2], "char_start": [0, 9, 0, 7, 20],
                              "text": ["One.", "Two 5.", "Three.", "Four 7 troops.", "Five."], "is_heading": [False] * 5})  # fmt: skip
    rows = list(estimate_tables._sentence_rows(sentences))
    assert rows == list(zip(*(sentences[name].tolist() for name in ("doc_id", "sentence_id", "char_start", "text"))))
    whole = estimate_tables.build_estimate_tables(sentences, pd.DataFrame({"doc_id": ["a", "b"]}))
    monkeypatch.setattr(estimate_tables, "SENTENCE_CHUNK_ROWS", 10**6)
    once = estimate_tables.build_estimate_tables(sentences, pd.DataFrame({"doc_id": ["a", "b"]}))
    for name in whole:
        pd.testing.assert_frame_equal(whole[name], once[name])
