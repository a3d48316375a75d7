"""The corpus stage's fast paths give what the slow ways give (issue 17, speed of the corpus stage).

Each shortcut is held to a plain reference on hand-picked and generated text: the one-pass trigger
scan to a substring test per word, the line rules' alternation to trying rules one by one, the
markdown quick test to the full markdown pass, the span rules' tail patterns to the rules themselves,
the once-per-paragraph glue test to the per-sentence one, the array word count to the word regex. The tables themselves were checked
md5-identical before and after on the seeds, think-tank, Guardian and BBC corpora (docs/PROFILING.md).
"""

from __future__ import annotations

import gc
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import read_boilerplate_rules
from analysis.corpus.clean import _LINE, ROUGH_SENTENCE_END, Paragraph, rough_sentences, clean_article, TriggerScan, _LineRules, _lines_with_offsets, _SpanRules, tail_pattern
from analysis.corpus.firstpass import clean_articles, gc_paused, packed, unpacked
from analysis.corpus.furniture import has_words
from analysis.corpus.markdown import Markup, markup_spans, markup_spans_full
from analysis.corpus.rules import BoilerplateRule, longest_match
from analysis.corpus.model import WORD, Article
from analysis.corpus.segment import _ANY_LOWER_UPPER, _GLUED_WORD, _LOWER_UPPER, GLUE, _long_resplit, _may_glue, sentence_spans
from analysis.corpus.wordcount import count_words
from analysis.lexicons import LEXICON_DIR

RULES = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
SPAN_RULES = [rule for rule in RULES if rule.scope == "span"]
LINE_RULES = [rule for rule in RULES if rule.scope == "line"]
TRIGGER_WORDS = tuple(sorted({word for rule in SPAN_RULES for word in rule.triggers}))

FURNITURE = [
    "Thu 24 Mar 2022 10.55 GMT",
    "24 Mar 202221.18 GMT",
    "Updated at 14.05 GMT",
    "Photograph: Roman Pilipey/EPA",
    "pic.twitter.com/AbC123",
    "— Emma Graham-Harrison (@_EmmaGH) May 22, 2022",
    "https://t.co/Vx",
    "Read more",
    "Day 120",
    "Source: Reuters",
    "Advertisement",
    "Sign up to First Edition, our free daily newsletter",
    "**Outlet** | 2024-05-02 00:00 |",
    "[image01](https://i.imgur.com/x.png)",
    "## Heading",
    "> quoted",
    "* bullet",
    "`code`",
    "| a | b |",
    "---",
]
PIECES = FURNITURE + [
    "The minister said on Monday that", "troops moved", "in May.", "the mayor", "best estimate", "map of Kyiv",
    "(", ")", "“", "”", ". ", "! ", "? ", " ", "  ", "\t", "\u00a0", "—", "-", "_", "*", "#", "|", "[", "]", "(@", "a", "A",
    "Ms. Lee", "U.S.", "concluded.There", "MyanmarAt", "The", "3.5", "…", "...",
    "Jane SmithBristol", "Dr Ann Lee", "1 Mar 2022", "202210.55", "don't", "rock’n’roll", "’'", "_x_", "😀", "é",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
"""Lines made of furniture, markup, prose and odd characters in any order."""
words_and_texts = st.tuples(
    st.lists(st.text(alphabet="ab (@.", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text(alphabet="ab (@.xy", max_size=40),
)


def present_slowly(words: tuple[str, ...], text: str) -> set[int]:
    return {index for index, word in enumerate(words) if word in text}


# --- the trigger scan (Aho-Corasick) equals a substring test per word -------------------------------------


@given(words_and_texts)
@settings(max_examples=300, deadline=None)
def test_trigger_scan_finds_what_substring_tests_find_with_overlapping_words(case: tuple[list[str], str]) -> None:
    words, text = tuple(case[0]), case[1]
    assert TriggerScan(words).present(text) == present_slowly(words, text)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_trigger_scan_with_the_rules_words_equals_substring_tests(text: str) -> None:
    lowered = text.lower()
    assert TriggerScan(TRIGGER_WORDS).present(lowered) == present_slowly(TRIGGER_WORDS, lowered)


def test_trigger_scan_finds_a_word_inside_and_across_another() -> None:
    scan = TriggerScan(("day ", " may ", "est", "best"))
    assert {scan.words[i] for i in scan.present("monday may be best")} == {"day ", " may ", "est", "best"}
    assert scan.present("the mayor") == set()  # ' may ' needs its spaces
    assert TriggerScan(()).present("anything") == set()


@given(texts)
@settings(max_examples=200, deadline=None)
def test_applicable_span_rules_equal_the_per_word_test(text: str) -> None:
    rules = _SpanRules.of(SPAN_RULES)
    lowered = text.lower()
    present = {word for word in TRIGGER_WORDS if word in lowered}
    expected = [rule for rule in SPAN_RULES if not rule.triggers or not present.isdisjoint(rule.triggers)]
    assert rules.applicable(text) == expected


# --- the line rules' alternation equals trying them one by one ---------------------------------------------


@given(texts)
@settings(max_examples=300, deadline=None)
def test_line_rule_alternation_names_the_first_rule_that_matches(text: str) -> None:
    line_rules = _LineRules.of(LINE_RULES)
    assert line_rules.first_match(text) == line_rules.first_match_one_by_one(text)


def test_line_rule_alternation_on_lines_each_rule_removes() -> None:
    line_rules = _LineRules.of(LINE_RULES)
    for line in ["Advertisement", "Read more", "Share this article", "Crawled at: 2024-05-02 11:20:05", "Photo: Jo Bloggs"]:
        assert line_rules.first_match(line) is not None
        assert line_rules.first_match(line) == line_rules.first_match_one_by_one(line)
    assert line_rules.first_match("The minister said on Monday that troops moved.") is None


def _rule(name: str, regex: str) -> BoilerplateRule:
    pattern = re.compile(regex, re.IGNORECASE)
    return BoilerplateRule(name, pattern, "line", frozenset(), longest_match(pattern))


def test_line_rules_in_file_order_and_by_length_class() -> None:
    rules = [_rule("short", r"ab"), _rule("any", r"a.*"), _rule("also_ab", r"a[b]")]
    line_rules = _LineRules.of(rules)
    assert line_rules.first_match("ab") == "short"  # the first in file order, though two match
    assert line_rules.first_match("abc") == "any"  # longer than 'short' can match
    assert line_rules.first_match("xyz") is None


def test_line_rules_with_a_back_reference_are_tried_one_by_one() -> None:
    rules = [_rule("doubled", r"(\w+) \1"), _rule("word", r"\w+")]
    line_rules = _LineRules.of(rules)
    assert line_rules.first_match("bye bye") == "doubled"
    assert line_rules.first_match("bye now") is None
    assert line_rules.first_match("bye") == "word"
    assert all(value is None for value in line_rules.combined.values())  # numbers would shift: not joined


# --- the markdown quick test equals the full pass ----------------------------------------------------------


@given(texts)
@settings(max_examples=300, deadline=None)
def test_markdown_quick_test_equals_the_full_pass(text: str) -> None:
    assert markup_spans(text) == markup_spans_full(text)


def test_markdown_quick_test_skips_plain_lines_and_keeps_a_dash_rule() -> None:
    assert markup_spans("Troops moved 12 km - officials said.") == Markup([])
    assert markup_spans("---").whole_line == "markdown_rule"
    assert markup_spans("See [the report](https://example.org/r) here").spans  # markup is still found


# --- tail patterns: a line without the tail holds no match of the rule -------------------------------------


@given(texts)
@settings(max_examples=300, deadline=None)
def test_a_line_without_a_rules_tail_has_no_match_of_it(text: str) -> None:
    for rule in SPAN_RULES:
        tail = tail_pattern(rule.pattern)
        if tail is not None and tail.search(text) is None:
            assert rule.pattern.search(text) is None, rule.name


def test_tail_of_the_stamp_rule_is_found_in_its_matches_and_skips_lines_without() -> None:
    stamp = next(rule for rule in SPAN_RULES if "sun)[a-z]*" in rule.pattern.pattern and "Source" in rule.pattern.pattern)
    tail = tail_pattern(stamp.pattern)
    assert tail is not None
    line = "Shelling went on, the army said Source: Reuters Thu 24 Mar 2022 10.55 GMT"
    assert stamp.pattern.search(line) and tail.search(line)
    assert tail.search("In March 2022 the army said so.") is None
    spans = _SpanRules.of(SPAN_RULES)
    assert stamp in spans.applicable("In 24 Mar 2022 the army said so.")  # the trigger word is there
    assert stamp not in spans.candidates("In 24 Mar 2022 the army said so.")  # but no clock time and zone


def test_no_tail_for_a_pattern_referring_to_its_groups_or_without_a_single_character_item() -> None:
    assert tail_pattern(re.compile(r"(\w+) x \1")) is None
    assert tail_pattern(re.compile(r"abc|def")) is None  # one alternation: no item after the first
    assert tail_pattern(re.compile(r"\d+x\d")).search("3x4")


def test_tail_of_a_rule_opening_with_a_look_behind_takes_the_look_behind_as_text() -> None:
    signoff = next(rule for rule in SPAN_RULES if rule.name == "letter_signoff")
    tail = tail_pattern(signoff.pattern)
    assert tail is not None
    line = "We must act now.Jane SmithBristol"
    found = signoff.pattern.search(line)
    assert found and found.start() == line.index("Jane")
    assert tail.search(line).start() == line.index(".J")  # the sentence end the look-behind asked for, now read
    assert tail.search("We must act now. Jane Smith of Bristol wrote") is None  # no sentence end glued to a name
    assert signoff not in _SpanRules.of(SPAN_RULES).candidates("We must act now. Jane Smith of Bristol wrote")
    assert tail_pattern(re.compile(r"(?<=[.!?])x")).search("a.x") and not tail_pattern(re.compile(r"(?<=[.!?])x")).search("a x")


def test_tail_opens_with_a_character_that_is_not_a_space_where_the_rule_has_one() -> None:
    stamp = tail_pattern(re.compile(r"\b\d{1,2} (?:jan|mar) \d{4}\d{1,2}[.:]\d{2}", re.IGNORECASE))
    line = "On 1 Mar 202210.55 troops moved"
    assert stamp.search(line).start() == line.index(".55")  # from [.:], not from the space after "1"
    assert stamp.search("On 1 Mar 2022 troops moved") is None
    only_spaces = tail_pattern(re.compile(r"\d+ \d+"))  # a space is the only single-character item: still a tail
    assert only_spaces.search("3 4") and only_spaces.search("34") is None


# --- words counted with arrays equal the regex's matches -----------------------------------------------------


@given(st.text(alphabet=st.sampled_from(list("ab_'’ .-\n1é\u00a0😀𝔸\ud800")), max_size=60), st.integers(min_value=1, max_value=70))
@settings(max_examples=500, deadline=None)
def test_count_words_equals_the_regex_in_any_chunk_size(text: str, chunk: int) -> None:
    assert count_words(text, chunk) == len(WORD.findall(text))


@given(texts)
@settings(max_examples=200, deadline=None)
def test_count_words_equals_the_regex_on_furniture_and_prose(text: str) -> None:
    assert count_words(text) == len(WORD.findall(text))


def test_count_words_joins_only_an_apostrophe_between_word_characters() -> None:
    assert count_words("don't rock’n’roll") == 2
    assert count_words("rock''roll 'quoted' end’") == 4
    assert count_words("snake_case 3.5 U.S. 😀 𝔸lpha") == 6  # 𝔸 is a letter outside the basic plane, 😀 is not
    assert count_words("") == 0 and count_words("— … |") == 0
    assert count_words("ab" * 10, chunk=3) == 1  # one word cut by every chunk boundary


@given(st.text(alphabet=st.sampled_from(list('ab .!?…"”\n\t\u00a0\u2003')), max_size=40))
@settings(max_examples=400, deadline=None)
def test_rough_sentence_split_space_first_equals_the_look_behind_first_pattern(text: str) -> None:
    assert ROUGH_SENTENCE_END.split(text) == re.split(r"(?<=[.!?…\"”])\s+", text)


def test_rough_sentence_split_cuts_only_after_a_sentence_end() -> None:
    assert ROUGH_SENTENCE_END.split("one. two!  three” four five") == ["one.", "two!", "three”", "four five"]


@given(st.text(alphabet=st.sampled_from(list('ab .!?…"”\n\t\u00a0\u2003')), max_size=40))
@settings(max_examples=400, deadline=None)
def test_rough_sentences_mark_first_equal_the_split(text: str) -> None:
    pieces = ROUGH_SENTENCE_END.split(text)
    assert rough_sentences(text) == (pieces if len(pieces) > 1 else [])


def test_rough_sentences_hand_picked() -> None:
    assert rough_sentences("one. two!  three” four five") == ["one.", "two!", "three”", "four five"]
    assert rough_sentences("a.b said “x” . y. ") == ["a.b said “x”", ".", "y.", ""]
    assert rough_sentences("no break here.") == [] and rough_sentences("") == []


# --- the word threshold in one match equals counting the words ----------------------------------------------


@given(texts, st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30))
@settings(max_examples=300, deadline=None)
def test_has_words_equals_counting_every_word_of_the_slice(text: str, min_words: int, start: int, length: int) -> None:
    end = min(len(text), start + length)
    start = min(start, end)
    assert has_words(text, min_words, start, end) == (len(WORD.findall(text[start:end])) >= min_words)


def test_has_words_never_splits_a_word_to_make_up_the_count() -> None:
    assert not has_words("don't rock’n’roll", 3)  # two words, though "don", "t", "rock" ... are runs of letters
    assert has_words("don't rock’n’roll", 2)
    assert has_words("— a, b; c. d", 4) and not has_words("— a, b; c.", 4)
    assert has_words("", 0) and not has_words("", 1)


def test_clean_article_hands_each_kept_paragraph_and_its_fold_to_on_kept() -> None:
    seen: list[tuple[str, str]] = []
    text = "STRASSE Straße news\n\nPhotograph: Jo Bloggs/Agency\n\nThe army said so on Monday."
    paragraphs, _ = clean_article(text, RULES, lambda paragraph, folded: seen.append((paragraph.text, folded)))
    assert [paragraph.text for paragraph in paragraphs] == [kept for kept, _ in seen]
    assert seen and all(folded == kept.casefold() for kept, folded in seen)
    assert "Photograph: Jo Bloggs/Agency" not in [kept for kept, _ in seen]  # a removed line is not handed on


def test_a_paragraph_pickles_whole() -> None:
    import pickle

    paragraph = Paragraph("Troops moved.", [(0, 4), (7, 20)], is_heading=True)
    copy = pickle.loads(pickle.dumps(paragraph))
    assert copy == paragraph and copy is not paragraph
    assert copy.raw_span(0, 9) == paragraph.raw_span(0, 9) == (4, 22)  # across both runs
    assert pickle.loads(pickle.dumps(Paragraph("x", [(0, 0)]))).is_heading is False


# --- the glue test once per paragraph equals the per-sentence test -----------------------------------------


def sentence_spans_per_sentence(paragraph: str) -> list[tuple[int, int]]:
    """segment.py's glue split as it ran before: the [a-z][A-Z] test on every sentence."""
    spans = []
    for start, end in _long_resplit(paragraph):
        if not _may_glue(paragraph, start, end):
            spans.append((start, end))
            continue
        for found in GLUE.finditer(paragraph, start, end):
            cut = found.start()
            if cut - start >= 2 and _GLUED_WORD.search(paragraph, start, cut):
                spans.append((start, cut))
                start = cut
        spans.append((start, end))
    return spans


@given(texts)
@settings(max_examples=200, deadline=None)
def test_glue_test_per_paragraph_equals_per_sentence(text: str) -> None:
    paragraph = text.strip()
    expected = sentence_spans_per_sentence(paragraph)
    if "Ms." not in paragraph and "Mx." not in paragraph:
        assert sentence_spans(paragraph) == expected


def test_glued_heading_still_split_and_plain_text_untouched() -> None:
    glued = "Sanctions on MyanmarAt a media appearance the minister spoke."
    assert len(sentence_spans(glued)) == 2 == len(sentence_spans_per_sentence(glued))
    plain = "no capital after a lower-case letter here. nor here."
    assert sentence_spans(plain) == sentence_spans_per_sentence(plain)


@given(texts)
@settings(max_examples=300, deadline=None)
def test_capital_first_glue_scan_agrees_with_the_plain_one(text: str) -> None:
    assert (_ANY_LOWER_UPPER.search(text) is None) == (_LOWER_UPPER.search(text) is None)


# --- lines cut with str.find equal lines cut with the regex -----------------------------------------------


def lines_by_regex(text: str) -> list[tuple[int, str]]:
    return [(found.start(), found.group().rstrip("\r\n")) for found in _LINE.finditer(text) if found.group()]


@given(st.lists(st.sampled_from(["a", "b c", "\n", "\n\n", " ", "\r", "\r\n", "\u2028", "\x0c", "\u0085"]), max_size=16).map("".join))
@settings(max_examples=500, deadline=None)
def test_lines_cut_with_find_equal_lines_cut_with_the_regex(text: str) -> None:
    assert list(_lines_with_offsets(text)) == lines_by_regex(text)
    if not any(mark in text for mark in "\r\u2028\x0c\u0085"):  # "\n" only: the str.find path, as splitlines cuts
        assert [line for _, line in _lines_with_offsets(text)] == text.splitlines()


def test_lines_keep_their_offsets() -> None:
    text = "one\n\ntwo\nthree"
    assert list(_lines_with_offsets(text)) == [(0, "one"), (4, ""), (5, "two"), (9, "three")]
    assert list(_lines_with_offsets("a\r\nb")) == [(0, "a"), (3, "b")]


# --- the collector pause and the light worker import -------------------------------------------------------


def test_gc_paused_turns_the_collector_off_and_restores_it() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it on under the outer one
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left off, as it was
    finally:
        gc.enable()


def test_worker_module_imports_without_pandas_or_pyarrow() -> None:
    code = "import sys, analysis.corpus.firstpass; print(sorted(m for m in ('pandas', 'pyarrow', 'trafilatura') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert output == "[]"


def test_reading_a_corpus_imports_the_encoding_guesser_only_for_a_file_that_needs_it() -> None:
    code = (
        "import sys, analysis.corpus.readers; print('charset_normalizer' in sys.modules)\n"
        "from analysis.corpus.encoding import likely_encoding\n"
        "likely_encoding('Привет, мир: это текст в другой кодировке.'.encode('koi8-r')); print('charset_normalizer' in sys.modules)"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert output == ["False", "True"]


CSV_TEXT = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t\x00’é;\'#') + ["\u2028"]), max_size=12)


def _pandas_csv(table, path) -> bytes:
    table.to_csv(path, index=False, lineterminator="\n")
    return path.read_bytes()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(CSV_TEXT, st.integers(-(2**62), 2**62), st.booleans(), st.one_of(st.none(), CSV_TEXT), st.floats()), max_size=8),
    st.sampled_from(["object", "str"]),
)
def test_write_csv_is_pandas_to_csv(rows, text_dtype) -> None:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="write-csv-") as name:
        _check_write_csv(rows, text_dtype, Path(name))


def _check_write_csv(rows, text_dtype, folder) -> None:
    import pandas as pd

    from analysis.pipeline import write_csv

    table = pd.DataFrame(
        {
            "text": pd.Series([row[0] for row in rows], dtype=text_dtype),
            "n,1": pd.Series([row[1] for row in rows], dtype="int64"),
            "flag": pd.Series([row[2] for row in rows], dtype="bool"),
            "maybe": pd.Series([row[3] for row in rows], dtype="str"),
            "value": pd.Series([row[4] for row in rows], dtype="float64"),
        }
    )
    write_csv(table, folder / "fast.csv")
    assert (folder / "fast.csv").read_bytes() == _pandas_csv(table, folder / "slow.csv")


def test_write_csv_in_chunks_is_the_same_bytes(tmp_path, monkeypatch) -> None:
    """Chunks of rows (a partial last one, a chunk boundary inside quoted fields) join to the bytes
    of one pandas write."""
    import pandas as pd

    import analysis.pipeline as pipeline

    table = pd.DataFrame(
        {
            "text": [f"line {i}, \"q\"\nnext" if i % 3 == 0 else f"t{i}" for i in range(11)],
            "n": pd.Series(range(11), dtype="int64"),
            "maybe": pd.Series([None if i % 4 == 0 else f"m{i}" for i in range(11)], dtype="str"),
            "value": pd.Series([float("nan"), -0.0, 1e16, 18261.0, 2.5, float("inf"), -float("inf"), 1e-310, 0.1, 3.0, -7.25]),
        }
    )
    for rows in (1, 3, 5, 11, 20):
        monkeypatch.setattr(pipeline, "CSV_CHUNK_ROWS", rows)
        pipeline.write_csv(table, tmp_path / "fast.csv")
        assert (tmp_path / "fast.csv").read_bytes() == _pandas_csv(table, tmp_path / "slow.csv")


def test_write_csv_falls_back_to_pandas(tmp_path) -> None:
    """Tables the direct join does not cover (one column, float32, missing values in object
    columns, repeated names) come out as pandas writes them."""
    import pandas as pd

    from analysis.pipeline import _csv_column, write_csv

    tables = [
        pd.DataFrame({"only": ["", "a", ""]}),
        pd.DataFrame({"x": pd.Series([0.1, float("nan"), 1e-5], dtype="float32"), "y": ["a", "b,", "c"]}),
        pd.DataFrame({"x": pd.Series(["a", None], dtype=object), "y": [1, 2]}),
        pd.DataFrame([[1, 2]], columns=["x", "x"]),
        pd.DataFrame({"x": pd.Series([1, None], dtype="Int64"), "y": ["a", "b"]}),
        pd.DataFrame({"x": pd.Series([0.5, None], dtype="Float64"), "y": ["a", "b"]}),  # nullable floats write <NA> as empty
        pd.DataFrame({"x": pd.Series([], dtype=object), "y": pd.Series([], dtype="int64")}),
    ]
    assert _csv_column(tables[1]["x"]) is None and _csv_column(tables[2]["x"]) is None
    assert _csv_column(tables[1]["y"]) == ["a", '"b,"', "c"]
    for table in tables:
        write_csv(table, tmp_path / "fast.csv")
        assert (tmp_path / "fast.csv").read_bytes() == _pandas_csv(table, tmp_path / "slow.csv")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\ré’") + ["\u2028", "\U0001f600"]), max_size=40), st.integers(1, 7))
def test_clean_text_written_in_chunks_is_write_text(text, chunk) -> None:
    """Slices of any size (one cut inside a multi-byte character's neighbours, between \\r and \\n)
    write the bytes of one ``write_text``."""
    import tempfile
    from pathlib import Path

    import analysis.pipeline as pipeline

    with tempfile.TemporaryDirectory(prefix="write-text-") as name:
        folder = Path(name)
        original = pipeline.TEXT_CHUNK_CHARACTERS
        pipeline.TEXT_CHUNK_CHARACTERS = chunk
        try:
            pipeline.write_text_in_chunks(text, folder / "chunked.txt")
        finally:
            pipeline.TEXT_CHUNK_CHARACTERS = original
        (folder / "whole.txt").write_text(text, encoding="utf-8")
        assert (folder / "chunked.txt").read_bytes() == (folder / "whole.txt").read_bytes()


def test_clean_text_in_chunks_writes_every_chunk(tmp_path, monkeypatch) -> None:
    """A text longer than several chunks (the last one partial) is written whole, not its first chunk."""
    import analysis.pipeline as pipeline

    monkeypatch.setattr(pipeline, "TEXT_CHUNK_CHARACTERS", 4)
    pipeline.write_text_in_chunks("abcdefghij’k", tmp_path / "t.txt")
    assert (tmp_path / "t.txt").read_text(encoding="utf-8") == "abcdefghij’k"


def test_write_csv_joins_float64_columns_as_pandas_writes_them(tmp_path) -> None:
    """float64 columns (missing values, infinities, negative zero, exponents, shortest repr) go
    the direct way, and their bytes are pandas' own."""
    import pandas as pd

    from analysis.pipeline import _csv_column, write_csv

    values = [0.1, float("nan"), 1e-5, -0.0, float("inf"), -float("inf"), 1e16, 123456789.125, 2.5e-300, 18261.0]
    table = pd.DataFrame({"x": pd.Series(values, dtype="float64"), "y": ["a"] * len(values)})
    assert _csv_column(table["x"]) == ["0.1", "", "1e-05", "-0.0", "inf", "-inf", "1e+16", "123456789.125", "2.5e-300", "18261.0"]
    write_csv(table, tmp_path / "fast.csv")
    assert (tmp_path / "fast.csv").read_bytes() == _pandas_csv(table, tmp_path / "slow.csv")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab Zé’ß.,İ'n")), max_size=30), min_size=1, max_size=5), st.integers(0, 3))
def test_paragraph_keys_are_text_keys(sentences, min_words) -> None:
    """The sentences' keys, hashed inline from slices of the folded paragraph, are text_key's (None below
    ``min_words`` words); the paragraph's own key too."""
    from analysis.corpus.furniture import _hashed, paragraph_keys, text_key

    text, spans = "", []
    for sentence in sentences:
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    key, keys = paragraph_keys(text, spans, min_words)
    assert key == text_key(text, min_words)
    if len(spans) > 1:
        assert keys == [text_key(text[start:end], min_words) for start, end in spans]
    assert text_key("Two words", 2) == _hashed("two words") and text_key("One", 2) is None


MARKED_TEXT = st.text(alphabet=st.sampled_from(list("ab _\n.*é")), max_size=30)


@settings(max_examples=500, deadline=None)
@given(MARKED_TEXT)
def test_underscore_patterns_are_emphasis_and_strong_without_stars(text) -> None:
    """Mark-first underscore patterns find EMPHASIS's and STRONG's matches (groups too) on a line without "*"."""
    from analysis.corpus.markdown import EMPHASIS, STRONG, UNDERSCORE_EMPHASIS, UNDERSCORE_STRONG

    text = text.replace("*", "")
    assert [m.span() for m in UNDERSCORE_EMPHASIS.finditer(text)] == [m.span() for m in EMPHASIS.finditer(text)]
    assert [m.span(1) + m.span(2) + m.span() for m in UNDERSCORE_STRONG.finditer(text)] == [
        m.span(1) + m.span(2) + m.span() for m in STRONG.finditer(text)
    ]


def test_underscore_patterns_hand_picked() -> None:
    from analysis.corpus.markdown import EMPHASIS, STRONG, UNDERSCORE_EMPHASIS, UNDERSCORE_STRONG, markup_spans_full

    for text in ["_a_", "a_b_", "x _a b_ y", "_a_b_", "__a__", "___a___", "__a_", "snake_case_name", "_ a_", "_a _", "__ a__", "é_a_", "_a_é"]:
        assert [m.span() for m in UNDERSCORE_EMPHASIS.finditer(text)] == [m.span() for m in EMPHASIS.finditer(text)], text
        assert [m.span(1) + m.span(2) + m.span() for m in UNDERSCORE_STRONG.finditer(text)] == [
            m.span(1) + m.span(2) + m.span() for m in STRONG.finditer(text)
        ], text
    assert markup_spans_full("x _a_ y").spans == [("markdown_markup", 2, 3), ("markdown_markup", 4, 5)]
    assert markup_spans_full("snake_case_name").spans == []
    assert markup_spans_full("*a* and _b_").spans == [("markdown_markup", i, i + 1) for i in (0, 2, 8, 10)]


# --- pass-1 records sent from the workers as marshal bytes equal the records -----------------------------------

PACKED_ARTICLES = [
    Article("a1", "## A heading\n\nThe  minister\u00a0said on Monday that troops moved. They came back.\n\nPhotograph: Jo Bloggs/EPA\n"
            "Read more\nThe minister said on Monday that troops moved.", {"outlet": "X", "genre": "reporting"}, "a1"),
    Article("a2", "*Crawled at: 2024-05-02 11:20:05*\n24 Mar 202221.18 GMT A [link](https://e.org) and **bold** text here.",
            {"outlet": "Y", "genre": ""}, "a2"),
    Article("a3", "", {"outlet": "Y"}, "a3"),
]


def test_packed_records_come_back_equal_through_marshal() -> None:
    records = clean_articles(PACKED_ARTICLES, RULES, 3)
    assert any(p.is_heading for p in records[0].paragraphs) and any(len(p.runs) > 1 for p in records[0].paragraphs)
    assert any(record.removed for record in records) and any(key is not None for key in records[0].paragraph_keys)
    data = packed(records)
    assert data[:1] == b"M"  # plain values only: marshal wrote them
    back = unpacked(data)
    assert back == records
    assert all(type(p) is Paragraph for record in back for p in record.paragraphs)
    assert all(type(spans) is bytes for record in back for spans in record.sentences)  # packed spans, as pass 1 holds them


class _Outlet(str):
    """A str subclass, which marshal does not write (pickle does)."""


def test_packed_records_fall_back_to_pickle_for_metadata_marshal_cannot_write() -> None:
    import datetime

    for odd in (datetime.date(2022, 3, 24), _Outlet("X")):
        records = clean_articles([Article("a", "Troops moved on Monday. They came back.", {"outlet": odd}, "a")], RULES, 3)
        data = packed(records)
        assert data[:1] == b"P"
        back = unpacked(data)
        assert back == records and type(back[0].metadata["outlet"]) is type(odd)


def test_pass_one_shared_between_this_process_and_workers_keeps_chunk_order() -> None:
    from analysis.corpus.build import _clean_in_parallel

    chunks = [[Article(f"d{i}{j}", f"Troops moved {i} km on day {j}. They came back.\n\n## Part {i}", {}, "x") for j in range(2)] for i in range(5)]
    expected = [clean_articles(chunk, RULES, 3) for chunk in chunks]
    for jobs in (2, 3):
        assert _clean_in_parallel(chunks, RULES, 3, jobs) == expected


def test_a_chunk_whose_hand_out_fails_stops_pass_one_instead_of_going_missing(monkeypatch) -> None:
    """A worker pool that breaks while chunks are handed out (its submit raises inside a done
    callback, where the exception is only logged) must not leave the tables without those articles."""
    from concurrent.futures import Future

    import pytest

    import analysis.corpus.build as build

    class BreaksAfterOne:
        """An executor that runs its first task at once and then refuses every other."""

        def __init__(self, **_: object) -> None:
            self.calls = 0

        def __enter__(self) -> "BreaksAfterOne":
            return self

        def __exit__(self, *_: object) -> None:
            return None

        def submit(self, function, *args) -> Future:
            self.calls += 1
            if self.calls > 1:
                raise RuntimeError("pool broken")
            future: Future = Future()
            future.set_result(function(*args))
            return future

    monkeypatch.setattr(build, "ProcessPoolExecutor", BreaksAfterOne)
    chunks = [[Article(f"d{i}", f"Troops moved {i} km. They came back.", {}, "x")] for i in range(6)]
    with pytest.raises(RuntimeError, match="were not cleaned"):
        build._clean_in_parallel(chunks, RULES, 3, 2)
