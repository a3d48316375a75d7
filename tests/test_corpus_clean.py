"""Cleaning rules (line and span), markdown to plain text, repeated furniture, segmentation of glued text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.corpus import Article, FurnitureSettings, build_corpus, clean_lines, read_boilerplate_rules, segment
from analysis.corpus.clean import clean_article
from analysis.corpus.rules import BoilerplateRule
from analysis.lexicons import LEXICON_DIR
from analysis.params import InputError

RULES = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")


def removed_rules(raw: str) -> list[str]:
    return [rule for rule, *_ in clean_lines(raw, RULES)[1]]


# --- span rules and the furniture the issue names --------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kept", "rule"),
    [
        ("12 Apr 202209.41 Shelling resumed in the east.", "Shelling resumed in the east.", "liveblog_timestamp"),
        ("The talks ended.18.02 BST Officials left the room.", "The talks ended. Officials left the room.", "liveblog_timestamp"),
        # the sentence right before a tweet's link or signature is the tweet's text and goes too
        ("Police were there. Crowds gathered in the square. pic.twitter.com/Xy12Ab", "Police were there.", "tweet_embed"),
        ("She wrote back. We stand with you. — A Minister (@aminister) April 5, 2022", "She wrote back.", "tweet_embed"),
        # the sentence right before a credit is its caption and goes with it (rule caption)
        ("The port was shelled at dawn. Smoke rose over the port. Photograph: Anna Name/Agency", "The port was shelled at dawn.", "photo_credit"),
        ("The full text is at https://example.org/report?id=3 for readers.", "The full text is at for readers.", "url"),
        ("Queues grew. A drone hit the depot. Photograph: AP Long queues formed at the station.", "Queues grew. Long queues formed at the station.", "photo_credit"),
        ("Talks resumed. 01:33Leader says the door stays open – video Officials met at noon.", "Talks resumed. Officials met at noon.", "video_embed"),
    ],
)
def test_span_rules_remove_furniture_inside_a_paragraph(raw: str, kept: str, rule: str) -> None:
    paragraphs, removed = clean_lines(raw, RULES)
    assert paragraphs == [kept]
    assert rule in [r for r, *_ in removed]
    for _, start, end, text in removed:
        assert raw[start:end] == text


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Updated at 09.15 GMT", "liveblog_furniture"),
        ("*Crawled at: 2023-01-09 08:00:00*", "crawl_header"),
        ("**Some Outlet** | 2023-01-09 00:00 |", "crawl_header"),
        ("Jane Roe is a Senior Fellow at an institute in London.", "author_bio"),
        ("Join our panel of reporters for a livestream event next week", "promo"),
        ("Follow our live coverage on Telegram", "promo"),
        ("Sources: a ministry, two agencies", "source_citation"),
        ("▲ Figure 2: Ships built per year.", "caption"),
        ("Jane Roe is a senior fellow at an institute. Previously, she was the deputy director of a team in a ministry, where she led a unit of analysts and advised senior leaders on strategy for many years.", "author_bio"),
    ],
)
def test_line_rules_remove_furniture_lines(line: str, rule: str) -> None:
    assert removed_rules(f"Body text stays here.\n{line}\n") == [rule]


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin said 10,000 troops arrived on 24 March 2022 near the border.",
        "The photograph shows soldiers at 10.30 in the morning.",
        "She followed the live coverage closely, she said.",
        "Officials joined the talks in Geneva on Monday.",
        "The McDonald family met Ron DeSantis at 10:30 in Florida – video footage shows.",
        "He bought an iPhone in the YouTube Store on Monday.",
        "- Understanding Russia Today is a first and sustained task for any analyst of the war.",
        "Jane Roe is the favourite in the best director category, a position she holds with two others.",
    ],
)
def test_prose_that_mentions_furniture_words_stays(sentence: str) -> None:
    paragraphs, removed = clean_lines(sentence, RULES)
    assert paragraphs == [sentence] and removed == []


def test_a_user_span_rule_removes_only_its_match(tmp_path: Path) -> None:
    path = tmp_path / "rules.txt"
    path.write_text("# my publisher\nspan\tedition_stamp\t\\[Print edition\\]\nfooter\tAll rights reserved\\.?\n", encoding="utf-8")
    rules = read_boilerplate_rules(path)
    assert [(r.name, r.scope) for r in rules] == [("edition_stamp", "span"), ("footer", "line")]
    paragraphs, removed = clean_lines("Troops moved [Print edition] at dawn.\nAll rights reserved.\n", rules)
    assert paragraphs == ["Troops moved at dawn."]
    assert [r[0] for r in removed] == ["edition_stamp", "footer"]


@pytest.mark.parametrize("line", ["no tab here", "span\tname_only", "span\tempty\t(?:)"])
def test_malformed_rules_are_one_line_errors(tmp_path: Path, line: str) -> None:
    path = tmp_path / "rules.txt"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"rules.txt:1"):
        read_boilerplate_rules(path)


# --- markdown --------------------------------------------------------------------------------


def test_markdown_becomes_plain_text() -> None:
    raw = (
        "## Where the troops are\n"
        "Read [the full report](https://example.org/r) by **the institute** and _its_ staff.\n"
        "![a map](https://example.org/map.png)\n"
        "[image01](https://i.example.org/x.png)\n"
        "| Year | Troops |\n|---|---|\n| 2024 | 10,000 |\n"
        "---\n"
    )
    paragraphs, removed = clean_article(raw, RULES)
    assert [p.text for p in paragraphs] == [
        "Where the troops are",
        "Read the full report by the institute and its staff.",
        "Year Troops",
        "2024 10,000",
    ]
    assert [p.is_heading for p in paragraphs] == [True, False, False, False]
    rules = {rule for rule, *_ in removed}
    assert {"markdown_markup", "markdown_link_url", "markdown_image", "markdown_table", "markdown_table_rule", "markdown_rule"} <= rules
    for _, start, end, text in removed:
        assert raw[start:end] == text


def test_a_markdown_heading_is_flagged_even_with_final_punctuation() -> None:
    corpus = build_corpus([Article("a", "# A heading that ends with a full stop.\nBody text here. More body.", {"genre": ""}, "t")], [])
    assert corpus.sentences["is_heading"].tolist() == [True, False, False]


def test_plain_text_asterisks_and_underscores_are_not_markup() -> None:
    text = "The ratio was 5*3 in file_name_v2, said the snake_case fan."
    assert clean_lines(text, RULES) == ([text], [])


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("`Yes,' he said, `we will.'", "`Yes,' he said, `we will.'"),  # a span is tight: no space inside its backticks
        ("`I am not worried,' the minister said.", "`I am not worried,' the minister said."),
        ("Run `make test` before a commit.", "Run make test before a commit."),
        ("Quote ``a `b` c`` ends.", "Quote a `b` c ends."),
        ("One ` then ``two`` and ` more.", "One ` then two and ` more."),
        ("___`A pull quote set in code`___", "A pull quote set in code"),
        ("Open `` and ``close`` here.", "Open `` and close here."),
    ],
)
def test_only_paired_backtick_runs_are_code_spans(line: str, kept: str) -> None:
    paragraphs, removed = clean_article(line, RULES)
    assert [p.text for p in paragraphs] == [kept]
    for _, start, end, text in removed:
        assert line[start:end] == text


# --- offsets: raw[raw_char_start:raw_char_end] is the removed text, always ---------------------

FRAGMENTS = st.sampled_from(
    [
        "Troops moved.", "  ", "\t", "\u00a0", "**", "*", "_", "[link](https://x.org/a)", "![i](y.png)", "## ",
        "| ", " |", "pic.twitter.com/AbC1", "Photograph: Jo Bloggs/Agency", "24 Mar 202221.18", "20.25 GMT",
        "https://example.org/x", "Read more", "\n", "\n\n", "\r\n", "Officials said so.", "“Quoted words,” he said.", "—",
        "Advertisement", "Follow our live coverage on Telegram", "(@handle) March 3, 2022",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=25))
def test_every_removed_span_slices_the_raw_text(parts: list[str]) -> None:
    raw = "".join(parts)
    paragraphs, removed = clean_article(raw, RULES)
    for _, start, end, text in removed:
        assert 0 <= start < end <= len(raw) and raw[start:end] == text
    for paragraph in paragraphs:
        assert paragraph.text == paragraph.text.strip() and "  " not in paragraph.text
        for index, char in enumerate(paragraph.text):  # every kept character is a raw character (spaces read as " ")
            source = raw[paragraph.raw_offset(index)]
            assert source == char or (char == " " and source.isspace())


# --- repeated furniture across articles ------------------------------------------------------


def articles(texts: dict[str, tuple[str, str]]) -> list[Article]:
    return [Article(doc_id, text, {"doc_id": doc_id, "outlet": outlet, "genre": ""}, doc_id) for doc_id, (outlet, text) in texts.items()]


def test_a_line_repeated_in_one_outlets_articles_is_furniture_and_logged(capsys: pytest.CaptureFixture[str]) -> None:
    promo = "Get our morning briefing delivered to you every day"
    texts = {f"a{i}": ("Outlet A", f"Story number {i} about the front line. It has news {i}.\n{promo}") for i in range(3)}
    corpus = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2))
    removed = corpus.removed_spans
    assert removed["rule"].tolist() == ["repeated_across_articles"] * 3 and set(removed["text"]) == {promo}
    assert not corpus.sentences["text"].str.contains("briefing").any()
    assert "repeated_across_articles: 3" in capsys.readouterr().err


def test_a_repeated_sentence_inside_a_paragraph_is_cut_out() -> None:
    sign_off = "Reporting by our staff in the capital."
    texts = {f"a{i}": ("A", f"Shells fell on district {i} overnight. {sign_off}") for i in range(4)}
    corpus = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2))
    assert set(corpus.clean_texts.values()) == {f"Shells fell on district {i} overnight." for i in range(4)}
    for row in corpus.removed_spans.itertuples():
        assert texts[row.doc_id][1][row.raw_char_start : row.raw_char_end] == row.text == sign_off


def test_a_quotation_printed_by_several_outlets_survives() -> None:
    quote = "“We will defend every inch of our land,” the president said."
    texts = {f"{outlet}{i}": (outlet, f"Report {outlet} {i} on the day's events.\n{quote}") for outlet in "ABC" for i in range(2)}
    texts.update({f"Z{i}": ("Z", f"Unrelated story {i} on the economy and prices.") for i in range(20)})
    corpus = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2))
    assert corpus.removed_spans.empty
    assert corpus.sentences["text"].eq(quote).sum() == 6


def test_a_line_in_a_large_share_of_all_articles_goes_whoever_prints_it() -> None:
    line = "This article was amended to correct a date"
    texts = {f"{outlet}{i}": (outlet, f"Story {outlet}{i} with its own words here.\n{line}") for outlet in "AB" for i in range(2)}
    corpus = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2))
    assert corpus.removed_spans["rule"].tolist() == ["repeated_across_articles"] * 4


def test_the_rule_is_off_with_zero_documents() -> None:
    texts = {f"a{i}": ("A", "Same furniture line in every article here") for i in range(5)}
    assert build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(0, 0.5, 2)).removed_spans.empty


# --- segmentation ----------------------------------------------------------------------------


def spans_text(paragraphs: list[str]) -> list[str]:
    text = "\n\n".join(paragraphs)
    return [text[start:end] for _, start, end, _ in segment(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("The review concluded.There was no appeal.", ["The review concluded.", "There was no appeal."]),
        ("It angered MPs.As a result the vote failed.", ["It angered MPs.", "As a result the vote failed."]),
        ("J.K. Rowling met U.S. envoys, e.g. in Kyiv, at 3.5 times the cost.", ["J.K. Rowling met U.S. envoys, e.g. in Kyiv, at 3.5 times the cost."]),
        ("See www.example.co.uk/News today.Then more.", ["See www.example.co.uk/News today.", "Then more."]),
    ],
)
def test_glued_and_abbreviated_text(paragraph: str, expected: list[str]) -> None:
    assert spans_text([paragraph]) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Wong says Australia is weighing sanctions on MyanmarAt a media appearance, the minister spoke.",
            ["Wong says Australia is weighing sanctions on Myanmar", "At a media appearance, the minister spoke."],
        ),
        ("SummaryIt is 7.27am in Ukraine.", ["Summary", "It is 7.27am in Ukraine."]),
        ("Strikes hit the regionsRussia attacked the port.", ["Strikes hit the regions", "Russia attacked the port."]),
        ("Lavrov saysRussia’s operation goes on.", ["Lavrov says", "Russia’s operation goes on."]),
    ],
)
def test_a_heading_glued_to_its_first_sentence_is_split_off(paragraph: str, expected: list[str]) -> None:
    """A lower-case word run straight into a capitalised sentence opener ends a heading (live-blog post titles)."""
    assert spans_text([paragraph]) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "He posted on LinkedIn about it.",
        "Chips of gallium arsenide (GaAs) and the PoA were discussed.",
        "The StandForUkraine group and VoxUkraine met.",
        "Hackers of #OpRussia and HackerOne wrote, and HomesforUkraine.eu helped.",
        "Michael McGowanThe state said so.",
        "The iPhone and eBay sold well.",
    ],
)
def test_camel_case_names_are_not_glued_headings(paragraph: str) -> None:
    """Camel-case names, acronyms and chemical formulas hold the same shape and stay one sentence."""
    assert spans_text([paragraph]) == [paragraph]


def test_caption_with_emphasis_closed_after_a_space_is_removed() -> None:
    """A ▲ figure caption whose closing emphasis mark follows a space (so markdown leaves both marks) is
    still a caption; a ▲ inside a sentence is not."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    caption = "_▲ Figure 4: Navy Ship Schedule Delays, as of September 2024. Source: U.S. GAO, February 2025, 16. _"
    kept, removed = clean_lines(f"{caption}\nPrices rose ▲ 3% this year, officials said.", rules)
    assert [r[0] for r in removed] == ["caption"]
    assert kept == ["Prices rose ▲ 3% this year, officials said."]


def test_brackets_paired_far_apart_do_not_glue_a_paragraph_into_one_sentence() -> None:
    body = " ".join(f"Sentence number {i} reports what the officials said.There was more." for i in range(12))
    paragraph = f"(Updated) {body} (see above)."
    sentences = spans_text([paragraph])
    assert len(sentences) >= 20 and max(len(s) for s in sentences) < 200
    assert "".join(sentences).replace(" ", "") == paragraph.replace(" ", "")


def test_a_long_quotation_paired_far_apart_is_split_too() -> None:
    body = " ".join(f"Point {i} of the statement was read out.Then came another." for i in range(12))
    sentences = spans_text([f"“{body}” he said."])
    assert len(sentences) >= 20 and sentences[0].startswith("“")


# --- bounded time on huge input --------------------------------------------------------------


def test_a_2mb_line_without_spaces_goes_through() -> None:
    # Its time and memory, and a 20 MB article's (where a loop quadratic in the paragraphs would
    # show), are measured by bench/bench_limits.py in `make bench`, not timed here.
    raw = "x" * 2_000_000
    corpus = build_corpus([Article("big", raw, {"genre": ""}, "t")], RULES)
    assert corpus.documents["n_chars"].tolist() == [2_000_000]


def test_rule_scopes_are_line_or_span() -> None:
    rule = BoilerplateRule("x", re.compile("x"))
    assert rule.scope == "line"


def test_paragraphs_shared_by_versions_of_one_story_are_not_furniture() -> None:
    background = [f"Background sentence {word} explains the long dispute over the plant." for word in ("one", "two", "three", "four")]
    texts = {f"v{i}": ("A", "\n".join([f"Version {i} of the story leads with new facts."] + background)) for i in range(4)}
    texts.update({f"z{i}": ("A", f"Unrelated story {i} on the economy and prices.") for i in range(20)})
    corpus = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2, same_story_keys=3))
    assert corpus.removed_spans.empty
    counted_only = build_corpus(articles(texts), [], furniture_settings=FurnitureSettings(3, 0.5, 2, same_story_keys=1000))
    assert set(counted_only.removed_spans["text"]) == set(background)


@pytest.mark.parametrize("min_words", [0, 1, 2, 3, 5])
@given(text=st.text(alphabet=st.sampled_from("ab '’.\n"), max_size=30))
@settings(max_examples=200, deadline=None)
def test_text_key_word_threshold_matches_a_full_word_count(text: str, min_words: int) -> None:
    """text_key stops counting words at min_words; it must still agree with counting them all."""
    from analysis.corpus.furniture import text_key
    from analysis.corpus.model import WORD

    key = text_key(text, min_words)
    assert (key is None) == (len(WORD.findall(text)) < min_words)


@pytest.mark.parametrize("min_words", [1, 2, 6, 8])
def test_text_key_boundary_exactly_min_words_counts_and_one_fewer_does_not(min_words: int) -> None:
    """The islice in text_key counts up to min_words: a sentence of exactly min_words words has a
    key, one of min_words - 1 has none (the off-by-one a stopped count invites), and more words
    change nothing but the key."""
    from analysis.corpus.furniture import text_key

    words = [f"word{i}" for i in range(min_words + 3)]
    exactly = " ".join(words[:min_words]) + "."
    one_fewer = " ".join(words[: min_words - 1]) + "."
    assert text_key(exactly, min_words) is not None
    assert text_key(one_fewer, min_words) is None
    assert text_key(" ".join(words), min_words) is not None
    assert text_key(exactly, min_words) == text_key(exactly.upper(), min_words) != text_key(" ".join(words), min_words)


@given(st.text(alphabet="ab \n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\t", max_size=30))
def test_lines_are_cut_as_splitlines_cuts_them(text: str) -> None:
    from analysis.corpus.clean import _lines_with_offsets

    expected, start = [], 0
    for line in text.splitlines(keepends=True):
        expected.append((start, line.rstrip("\r\n")))
        start += len(line)
    assert list(_lines_with_offsets(text)) == expected


def test_sentences_come_in_doc_id_order_with_texts_cut_from_the_clean_text() -> None:
    texts = {"b": "Second article here. It has two sentences.", "a": "First one. Also two.", "c": "Third, one sentence."}
    corpus = build_corpus([Article(doc_id, text, {"genre": ""}, "t") for doc_id, text in texts.items()], [])
    sentences = corpus.sentences
    assert sentences[["doc_id", "sentence_id"]].values.tolist() == [["a", 0], ["a", 1], ["b", 0], ["b", 1], ["c", 0]]
    for row in sentences.itertuples():
        assert corpus.clean_texts[row.doc_id][row.char_start : row.char_end] == row.text
    assert sentences["text"].tolist() == ["First one.", "Also two.", "Second article here.", "It has two sentences.", "Third, one sentence."]
    twice = build_corpus([Article("x", "One. Two.", {"genre": ""}, "t"), Article("w", "Alone.", {"genre": ""}, "t"),
                          Article("x", "Three.", {"genre": ""}, "t")], [])
    assert twice.sentences[["doc_id", "sentence_id", "text"]].values.tolist() == [
        ["w", 0, "Alone."], ["x", 0, "One."], ["x", 0, "Three."], ["x", 1, "Two."]]


@pytest.mark.parametrize("min_words", [0, 1, 2, 4])
@given(text=st.text(alphabet=st.sampled_from("aBß '’.\n"), max_size=40), cuts=st.lists(st.integers(0, 40), max_size=4))
@settings(max_examples=200, deadline=None)
def test_paragraph_keys_equal_text_key_of_each_piece(text: str, cuts: list[int], min_words: int) -> None:
    """paragraph_keys folds the paragraph once and slices it; the keys must be text_key's of each
    sentence (also when "ß" folds to two characters and slicing the folded text would misplace them)."""
    from analysis.corpus.furniture import paragraph_keys, text_key

    bounds = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
    spans = [(start, end) for start, end in zip(bounds, bounds[1:]) if end > start]
    key, sentence_keys = paragraph_keys(text, spans, min_words)
    assert key == text_key(text, min_words)
    expected = [text_key(text[start:end], min_words) for start, end in spans] if len(spans) > 1 else [None] * len(spans)
    assert sentence_keys == expected


def test_paragraph_keys_fold_sharp_s_per_sentence() -> None:
    """A paragraph whose folding changes its length ("Straße" -> "strasse") still keys each sentence as
    text_key does: the slice of the folded paragraph would start two characters late."""
    from analysis.corpus.furniture import paragraph_keys, text_key

    text = "Die Straße ist lang und breit. Second sentence has five words."
    spans = [(0, 30), (31, len(text))]
    _, keys = paragraph_keys(text, spans, 4)
    assert keys == [text_key(text[0:30], 4), text_key(text[31:], 4)]
    assert keys[1] == text_key("second sentence has five words.", 4)


def test_line_rule_length_bound_skips_only_lines_too_long_to_match() -> None:
    """A line rule's longest possible match comes from the regex parser: a bounded rule is skipped on a
    longer line (it could not fullmatch it), an unbounded one is always tried, and the bound is exact."""
    from analysis.corpus.rules import longest_match

    bounded = re.compile(r"read (?:the )?original (?:article|story)[.:]?", re.IGNORECASE)
    assert longest_match(bounded) == len("read the original article.")
    assert longest_match(re.compile(r"(?:https?://|www\.)\S+")) == float("inf")
    rules = [BoilerplateRule("read_original", bounded, "line", max_length=longest_match(bounded))]
    kept, removed = clean_lines("Read the original article.\nRead the original article. And more words here.", rules)
    assert [r[0] for r in removed] == ["read_original"]
    assert kept == ["Read the original article. And more words here."]


@pytest.mark.parametrize(
    ("line", "removed_rules", "kept"),
    [
        (
            "The war went on. A monument is covered with sandbags, in Kharkiv. Photograph: Marko Đurica/Reuters Russia attacked again.",
            ["caption", "photo_credit"],
            ["The war went on. Russia attacked again."],
        ),
        (
            "Talks stalled. Ryan McGrath sits in Kyiv. Photograph: Ryan McGrath/Getty Images Talks resumed on Monday.",
            ["caption", "photo_credit"],
            ["Talks stalled. Talks resumed on Monday."],
        ),
        ("Ukraine conflict map On the other hand, there is no sign yet.", ["graphic_label"], ["On the other hand, there is no sign yet."]),
        ("Map But in Russia, the news was met coolly.", ["graphic_label"], ["But in Russia, the news was met coolly."]),
        (
            "Families left. Will China side with Russia?Read more Another element of the meeting.",
            ["related_link"],
            ["Families left. Another element of the meeting."],
        ),
        ("It was late. Read more Another element of the meeting.", ["related_link"], ["It was late. Another element of the meeting."]),
    ],
)
def test_captions_labels_and_link_residue_are_removed(line: str, removed_rules: list[str], kept: list[str]) -> None:
    """The sentence right before a photo credit is its caption; a graphic's label ending in 'map' and a
    related link's 'Read more' at a sentence start go; credit names may be Mc/Mac names or non-ASCII."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    kept_lines, removed = clean_lines(line, rules)
    assert [r[0] for r in removed] == removed_rules
    assert kept_lines == kept


@pytest.mark.parametrize(
    "line",
    [
        "This paper seeks to map North Korea’s command system.",
        "We map Allied radar sites, they map Russian ones.",
        "Russia would find drones useful as pathfinders to map Allied radar.",
        "The photograph shows the minister. He said the photo was old.",
        "She read more books. Read more carefully, he said.",
    ],
)
def test_map_verbs_photo_words_and_read_more_in_prose_are_kept(line: str) -> None:
    """'to map', 'we map', the words photograph or photo without a credit's colon, and 'read more' in prose stay."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    kept_lines, removed = clean_lines(line, rules)
    assert removed == []
    assert kept_lines == [line]


def test_a_full_date_time_and_zone_glued_to_a_sentence_is_a_stamp() -> None:
    """A date, a clock time and a zone together (a live blog's key-event stamp, with the 'Source: Agency'
    before it) go from a sentence's end; a date or a time alone in prose stays."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    kept, removed = clean_lines("The UK pledged 6,000 missiles to Ukraine’s military Source: Reuters Thu 24 Mar 2022 10.55 GMT", rules)
    assert kept == ["The UK pledged 6,000 missiles to Ukraine’s military"]
    assert [(r[0], r[3]) for r in removed] == [("liveblog_timestamp", "Source: Reuters Thu 24 Mar 2022 10.55 GMT")]
    prose = "The summit on 24 March 2022 opened at 10.55 in Brussels, and the best was yet to come."
    assert clean_lines(prose, rules) == ([prose], [])


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("The agency acted. IAEA puts its centre in full response mode in #Ukraine.— IAEA - Agency (@iaeaorg) March 4, 2022", ["The agency acted."]),
        ("Johnson spoke. Johnson on peace talks, watch at 2230 on @BBCTwo pic.twitter.com/cO47BN28il Shoigu resurfaced.", ["Johnson spoke. Shoigu resurfaced."]),
    ],
)
def test_an_embedded_tweets_text_goes_with_its_link_or_signature(line: str, kept: list[str]) -> None:
    """The sentence right before a tweet's picture link or its '— Name (@handle) Date' signature is the tweet's text."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    kept_lines, removed = clean_lines(line, rules)
    assert kept_lines == kept
    assert {r[0] for r in removed} == {"tweet_embed"}


def test_a_tweet_reported_in_prose_is_kept() -> None:
    """Without a picture link or a signature after it, a sentence about a tweet (even with a handle) is article text."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    line = "“Call with @SecBlinken on ways to stop the war,” Kuleba said on Twitter. He wrote that the talks went well."
    assert clean_lines(line, rules) == ([line], [])


def test_a_newsletter_sign_up_glued_into_a_paragraph_goes_up_to_its_schedule() -> None:
    """'Sign up to X, our free daily newsletter – every weekday morning at 7am BST' goes; the sentence after it stays,
    and 'sign up' in prose is kept."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    line = "Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST The Turkish minister spoke."
    kept, removed = clean_lines(line, rules)
    assert kept == ["The Turkish minister spoke."]
    assert [r[0] for r in removed] == ["promo"]
    prose = "Sweden will sign up to the treaty, and Finland may sign up for our free trade area later."
    assert clean_lines(prose, rules) == ([prose], [])


def test_a_tweet_signed_without_a_dash_and_an_email_promo_go() -> None:
    """A tweet's '(@handle) Date' signature may follow its text without a dash: the name, the signature and
    the text's sentence go; so does an email sign-up promo with its follow line. A handle in prose stays."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    line = "Losses are high. Zelenskiy is open about the brutal fight Emma Graham-Harrison (@_EmmaGH) May 22, 2022 Talks resumed."
    kept, removed = clean_lines(line, rules)
    assert kept == ["Losses are high. Talks resumed."]
    assert {r[0] for r in removed} == {"tweet_embed"}
    promo = "Sign up to the daily Business Today email or follow Guardian Business on Twitter at @BusinessDesk She said wheat was stuck."
    assert clean_lines(promo, rules)[0] == ["She said wheat was stuck."]
    prose = "Kuleba (@DmytroKuleba) wrote that the talks went well, on May 22, 2022 in Kyiv."
    assert clean_lines(prose, rules) == ([prose], [])


def test_a_url_ends_at_a_dash_so_the_tweet_signature_after_it_is_found() -> None:
    """'...https://t.co/Vx— Name (@handle) Date': the link stops at the dash, the signature and the tweet's text go too."""
    rules = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
    line = "Losses are high. The fight is brutal https://t.co/VxeeMIXkzQ— Emma Graham-Harrison (@_EmmaGH) May 22, 2022"
    kept, removed = clean_lines(line, rules)
    assert kept == ["Losses are high."]
    assert [r[0] for r in removed] == ["tweet_embed", "url", "tweet_embed"]
    assert removed[1][3] == "https://t.co/VxeeMIXkzQ"


# --- end rules: author bios at an article's foot; letter sign-offs; live-blog titles; multi-sentence tweets ---------------


def test_an_authors_bio_at_the_articles_end_goes_with_the_sentences_after_it() -> None:
    raw = (
        "The war will not end soon.\nFor the sake of a wider peace it must be kept that way. Simon Jenkins is a Guardian columnist\n"
        "Join a panel of journalists for a livestreamed event. Book tickets here"
    )
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["The war will not end soon.", "For the sake of a wider peace it must be kept that way."]
    assert ("author_bio", "Simon Jenkins is a Guardian columnist") in [(rule, text) for rule, _, _, text in removed]
    glued = "Justice may never be done.Chris Stephen is the author of Judgement Day (Atlantic Books, 2004). He is a former correspondent"
    assert clean_lines(glued, RULES)[0] == ["Justice may never be done."]
    assert clean_lines("Talks went on.\nTed Galen Carpenter is senior fellow for defense studies at the Cato Institute.", RULES)[0] == ["Talks went on."]


@pytest.mark.parametrize(
    "raw",
    [
        # a bio-like sentence that is not at the end is article text
        "Talks stalled. Rajan Menon is the director of the grand strategy program at Defense Priorities.\nHe warned of escalation.\nTalks resume.\nNothing moved.",
        # news reports: an honorific, reported speech, a quotation, a role word missing
        "Mr Gammell is a former Scottish international rugby player and director of the firm.",
        '"Laura Ashley is a bit of a shrivelled husk of a company," said analyst Nick Bubb, a director of research.',
        "Montgomery is a senior fellow at the Foundation for Defense of Democracies, he told reporters.",
        "The UK is a close ally of Turkey.",
        "Serge Betsen is a doubt with a thigh injury.",
    ],
)
def test_reporting_sentences_with_is_a_survive_the_bio_rule(raw: str) -> None:
    kept, removed = clean_lines(raw, RULES)
    assert "author_bio" not in [rule for rule, *_ in removed]
    assert " ".join(kept) == " ".join(raw.split("\n"))


def test_end_rules_see_only_the_last_lines() -> None:
    rule = BoilerplateRule("tail", re.compile(r"the end$", re.IGNORECASE), "end")
    raw = "one the end\ntwo the end\nthree the end\nfour the end\n\n"
    kept, removed = clean_lines(raw, [rule])
    assert kept == ["one the end", "two", "three", "four"]
    assert [text for *_, text in removed] == ["the end"] * 3
    assert clean_lines("x" * 5000 + " the end", [rule])[1]  # within the last 2,000 characters of a long line
    assert clean_lines("the end " + "x" * 5000, [rule])[1] == []


def test_an_end_rule_is_read_from_the_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.txt"
    path.write_text("end\tbio\t[A-Z]\\w+ is a fellow\\b.*$\tfellow\n", encoding="utf-8")
    (rule,) = read_boilerplate_rules(path)
    assert (rule.scope, rule.name, rule.triggers) == ("end", "bio", frozenset({"fellow"}))
    path.write_text("end\tbio\t(?:x)?\n", encoding="utf-8")
    with pytest.raises(InputError, match="end rule bio matches empty text"):
        read_boilerplate_rules(path)


def test_a_letter_writers_sign_off_glued_between_letters_goes() -> None:
    raw = (
        "I have never had any indication that view was inconsistent with membership.Simon FowlerLamberhurst, Kent It was refreshing "
        "to read the piece.Paul SaltLondon Never mind the Archers.Tim LaneStorrington, West Sussex"
    )
    kept, removed = clean_lines(raw, RULES)
    assert [text for rule, _, _, text in removed if rule == "letter_signoff"] == [
        "Simon FowlerLamberhurst, Kent",
        "Paul SaltLondon",
        "Tim LaneStorrington, West Sussex",
    ]
    assert kept == ["I have never had any indication that view was inconsistent with membership. It was refreshing to read the piece. Never mind the Archers."]


@pytest.mark.parametrize(
    "raw",
    [
        "Opposition does not derail the nomination.Mitch McConnell spoke on Thursday.",
        'Programs used to pirate DVDs. "RipGuard is designed to reduce ripping," it said.',
        "It was bought by U.S.-based BlackRock for $23 billion.",
        "It was a relief.Paul KarpThe shadow minister spoke.",
    ],
)
def test_camel_case_names_after_a_sentence_are_not_sign_offs(raw: str) -> None:
    assert "letter_signoff" not in removed_rules(raw)


def test_a_live_blog_posts_title_glued_between_its_time_and_its_first_sentence_goes() -> None:
    raw = "Have a pleasant evening. 4d ago09.13Social media users report app glitch preventing voucher useSocial media is awash with complaints."
    kept, removed = clean_lines(raw, RULES)
    assert ("liveblog_title", "4d ago09.13Social media users report app glitch preventing voucher use") in [(r, t) for r, _, _, t in removed]
    assert kept == ["Have a pleasant evening. Social media is awash with complaints."]
    # a post that opens with a sentence (no glued title) keeps it; only the stamp goes
    kept, removed = clean_lines("Done. 7 Mar 202204.32Thanks for following our coverage of the crisis. We will move on.", RULES)
    assert "liveblog_title" not in [rule for rule, *_ in removed]


def test_an_embedded_tweet_of_several_sentences_goes_from_where_it_is_glued() -> None:
    raw = (
        "Refugees waited, UNHCR head Filippo Grandi said.The vast majority here are women with kids. The doors opened but "
        "there was no room. pic.twitter.com/Xy12Ab— Shaun Walker (@shaunwalker7) March 5, 2022"
    )
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["Refugees waited, UNHCR head Filippo Grandi said."]
    # without a glued start only the tweet's last sentence goes (the older rule): text with spaces is not taken back
    kept, _ = clean_lines("Refugees waited at the station. The doors opened. pic.twitter.com/Xy12Ab", RULES)
    assert kept == ["Refugees waited at the station."]


def test_a_callout_forms_instructions_and_a_letters_footer_go() -> None:
    raw = (
        "How do you feel about it? Share your experiences You can get in touch by filling in the form below. Your responses "
        "are secure. Read terms of service here and privacy policy here. Have an opinion on anything you’ve read in the Guardian "
        "today? Please email us your letter and it will be considered for publication."
    )
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["How do you feel about it?"]
    assert {rule for rule, *_ in removed} == {"promo"}
    assert clean_lines("You can get in touch with the ministry by email.", RULES)[1] == []


def test_a_live_bloggers_sign_off_and_handover_go() -> None:
    raw = (
        "The firm mines coal.\nThat’s it from me, Léonie Chao-Fong, today. My colleagues in the US will be here shortly with all the "
        "latest from Ukraine. Thank you.\nThe strike hit at dawn. Thanks so much for joining me. I’m handing over to my colleague Joanna Walters now."
    )
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["The firm mines coal.", "The strike hit at dawn."]
    assert {rule for rule, *_ in removed} == {"liveblog_signoff"}


@pytest.mark.parametrize(
    "sentence",
    [
        "He said: “Thanks for reading the report so closely.”",
        "The E-7A Wedgetail will be taking over from the E-3D Sentry as a key airborne manager.",
        "My colleague in the ministry said the talks would resume.",
    ],
)
def test_thanks_and_handovers_in_prose_stay(sentence: str) -> None:
    assert clean_lines(f"First.\n{sentence}", RULES) == (["First.", sentence], [])


def test_read_more_running_into_the_next_posts_stamp_ends_the_related_link() -> None:
    raw = "Palaszczuk told reporters.Read more:Lobbying rules tightened ahead of reportRead moreUpdated at 08.05 BST The talks resumed."
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["Palaszczuk told reporters. The talks resumed."]
    assert [rule for rule, *_ in removed] == ["related_link", "liveblog_timestamp"]
    # 'Read more' inside a word's run of lower-case letters is no link's end
    assert "related_link" not in removed_rules("Nobody wanted to Read morely archaic texts.")


def test_a_callouts_invitation_goes_with_its_form() -> None:
    raw = (
        "Wang spoke. We would like to hear from those living in Finland on their thoughts. How do you feel about it? "
        "Share your experiences You can get in touch by filling in the form below. Read terms of service here and privacy policy here."
    )
    assert clean_lines(raw, RULES)[0] == ["Wang spoke."]
    assert clean_lines("We would like to hear from the minister, the MP said.", RULES)[1] == []


def test_key_counts_take_sets_as_they_are_and_count_a_list_s_keys_once() -> None:
    """Each article counts a key once, whether its keys come as a set (counted without a copy) or as
    a list repeating them (the Dask engine's shards); a set handed in is left as it was."""
    from analysis.corpus.furniture import count_keys

    keys = {1, 2}
    counts = count_keys([("Outlet A", keys), ("Outlet A", [2, 2, 3]), ("Outlet B", frozenset({3}))])
    assert counts.n_documents == 3
    assert counts.documents == {1: 1, 2: 2, 3: 2}
    assert counts.several_outlets == {3}
    assert keys == {1, 2}
