"""The corpus stage holds a long article few times over (issue 16, bounded memory per article).

Each test pins one of the copies that made the stage's peak on ``bench/bench_limits.py``'s articles
(``docs/PROFILING.md``, branch memB16): the strips of the whole file when it is read, the trigger scan's
offset map of a long line, pass 1's records and the raw text beside the joined cleaned text, the key counts
of a corpus too small for furniture. The tables stay what they were: the other corpus tests, and the seed
and think-tank tables compared md5 for md5, hold that.
"""

from __future__ import annotations

import random
import sys
import tracemalloc
import weakref
from pathlib import Path

import pytest

from analysis.corpus import build, furniture
from analysis.corpus.build import _build_corpus, build_corpus, finish_corpus
from analysis.corpus.clean import TriggerScan
from analysis.corpus.encoding import decode_text
from analysis.corpus.firstpass import clean_articles, packed_spans, unpacked_spans
from analysis.corpus.segment import sentence_spans
from analysis.corpus.furniture import FurnitureSettings, may_find
from analysis.corpus.model import Article
from analysis.corpus.wordcount import count_words
from analysis.params import InputError

PARAGRAPH = "Officials said 3,000 troops arrived on Monday. They may stay. Read more about it here, officials said."


def _traced_peak(function, *args):  # noqa: ANN001, ANN202 - a test helper
    """``function(*args)`` and the largest Python allocation above the start while it ran, in bytes."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        result = function(*args)
        return result, tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()


# --- reading a file ----------------------------------------------------------------------------


def test_reading_a_long_file_holds_its_bytes_and_its_text_only(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    size = 4_000_000
    path.write_bytes((PARAGRAPH + "\n").encode("utf-8") * (size // (len(PARAGRAPH) + 1)))
    text, peak = _traced_peak(decode_text, path, "utf-8")
    assert text.startswith(PARAGRAPH) and len(text) > 0.99 * size
    # the bytes and the decoded text (4 MB each); a strip of either, as before, added a third and a fourth copy
    assert peak < 2.5 * size


@pytest.mark.parametrize("blank", [b"  \n", b"\r\n\t \x00\n", "\u00a0\u2009\n".encode("utf-8"), b"\xef\xbb\xbf \n"])
def test_a_file_of_blanks_is_still_refused_as_empty(tmp_path: Path, blank: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(blank)
    with pytest.raises(InputError, match="empty"):
        decode_text(path, "utf-8")


@pytest.mark.parametrize("text", ["x", " \n.\n", "\ufeff\u00a0é"])
def test_a_file_with_one_visible_character_is_read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert decode_text(path, "utf-8") == text.removeprefix("\ufeff")


# --- the trigger scan of a long line -------------------------------------------------------------


def _peak_resident_above(function, *args) -> float:  # noqa: ANN001 - a test helper
    """MB the process's resident high-water mark rose above its resident memory at the start while ``function`` ran
    (Linux: the mark is reset through ``/proc/self/clear_refs``; the scan's memory is Rust's, which tracemalloc misses)."""

    def status(field: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
        raise KeyError(field)

    Path("/proc/self/clear_refs").write_text("5")
    start = status("VmRSS:")
    function(*args)
    return (status("VmHWM:") - start) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux") or not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc")
def test_the_trigger_scan_of_a_long_line_holds_no_map_of_its_offsets() -> None:
    rng = random.Random(16)
    line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(4_000_000)) + " read more"
    scan = TriggerScan(("read more", "sign up", "photo"))
    assert scan.present(line) == {0}
    # the str automaton mapped every byte to its character offset (8 bytes a byte: about 30 MB here); the bytes'
    # automaton reads the encoded line (4 MB)
    assert _peak_resident_above(scan.present, line) < 16


def test_the_trigger_scan_reads_words_beyond_ascii_as_substring_tests_do() -> None:
    words = ("é", "ée", "€ 3", "“quote", "ok")
    scan = TriggerScan(words)
    for text in ["café", "une idée", "cost € 3 million", "he said “quote” here", "nothing", "\ud800 lone ok"]:
        assert scan.present(text) == {index for index, word in enumerate(words) if word in text}


# --- pass 2 -------------------------------------------------------------------------------------


def _articles(n: int, paragraphs: int = 30) -> list[Article]:
    return [Article(f"d{i}", "\n".join(f"{PARAGRAPH} Paragraph {p} of article {i}." for p in range(paragraphs)), {"genre": "", "outlet": "O"}, "t") for i in range(n)]


@pytest.mark.parametrize("spans", [[], [(0, 5)], [(0, 12), (13, 40), (41, 2**40)]])
def test_packed_spans_come_back_as_they_were(spans: list[tuple[int, int]]) -> None:
    assert unpacked_spans(packed_spans(spans)) == spans
    assert len(packed_spans(spans)) == 16 * len(spans)


def test_pass_one_holds_each_paragraphs_spans_packed_at_16_bytes_a_sentence() -> None:
    """A list of tuples of Python ints cost about 120 bytes a sentence (the largest part of a 20 MB article's records)."""
    records = clean_articles(_articles(1, 400), [], 4)
    record = records[0]
    assert all(type(spans) is bytes for spans in record.sentences)
    assert [unpacked_spans(spans) for spans in record.sentences] == [sentence_spans(p.text) for p in record.paragraphs]
    n_sentences = sum(len(spans) // 16 for spans in record.sentences)
    assert sum(sys.getsizeof(spans) for spans in record.sentences) < 30 * n_sentences


def test_finishing_an_article_empties_its_record_as_it_goes() -> None:
    articles = _articles(2)
    cleaned = clean_articles(articles, [], 4)
    records = list(cleaned)
    for record, article in zip(records, articles):
        record.text = article.text
    corpus = finish_corpus(cleaned, set(), log=False)
    assert len(corpus.sentences) == 2 * 30 * 4
    for record in records:  # nothing of pass 1 outlives its article's rows: spans, keys, paragraphs, raw text
        assert record.paragraphs == [] and record.sentences == [] and record.paragraph_keys == [] and record.sentence_keys == []
        assert record.text == ""


class _Raw(str):
    """A raw text that can be watched (a weak reference) without being held."""


def test_the_cleaned_text_is_joined_after_the_raw_text_and_the_records_are_let_go() -> None:
    """When the cleaned text is joined (its length asked by the word count), the raw text is no longer held."""
    raw = _Raw("\n".join(f"{PARAGRAPH} Paragraph {p}." for p in range(2_000)))
    length, watched = len(raw), weakref.ref(raw)
    articles = [Article("big", raw, {"genre": ""}, "t")]
    del raw
    alive: list[bool] = []
    count = build.count_words

    def counting(text: str, *args: int) -> int:
        alive.append(watched() is not None)
        return count(text, *args)

    build.count_words = counting
    try:
        corpus = _build_corpus(articles, [], 1, None, consume=True)
    finally:
        build.count_words = count
    assert alive == [False]
    assert articles == []  # handed over and emptied
    assert corpus.documents.loc[0, "n_chars"] == length + 1_999  # "\n" between paragraphs became "\n\n"


def test_build_corpus_leaves_the_callers_articles_alone() -> None:
    articles = _articles(2, 3)
    build_corpus(articles, [])
    assert [article.doc_id for article in articles] == ["d0", "d1"] and all(article.text for article in articles)


# --- furniture counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(("n_documents", "settings", "expected"), [
    (4, FurnitureSettings(min_documents=4), True),
    (100, FurnitureSettings(min_documents=4), True),
    (3, FurnitureSettings(min_documents=4), False),
    (100, FurnitureSettings(min_documents=0), False),
])
def test_furniture_is_looked_for_only_where_a_key_could_be_in_enough_articles(n_documents: int, settings: FurnitureSettings, expected: bool) -> None:
    assert may_find(settings, n_documents) is expected


@pytest.mark.parametrize(("n_articles", "counted"), [(3, False), (4, True)])
def test_keys_are_counted_only_when_furniture_may_be_found(monkeypatch: pytest.MonkeyPatch, n_articles: int, counted: bool) -> None:
    calls: list[int] = []
    count_keys = furniture.count_keys

    def counting(articles):  # noqa: ANN001, ANN202
        calls.append(1)
        return count_keys(articles)

    monkeypatch.setattr(furniture, "count_keys", counting)
    # the same sign-off in every article: furniture from four articles of one outlet on, when the rule can look
    articles = [Article(f"d{i}", f"Story {i} {'word ' * i}began here today.\nSign up for our daily newsletter now please.", {"genre": "", "outlet": "O"}, "t") for i in range(n_articles)]
    corpus = build_corpus(articles, [], furniture_settings=FurnitureSettings(min_documents=4, same_story_keys=3))
    assert bool(calls) is counted
    removed = corpus.removed_spans["rule"].eq(furniture.RULE).sum()
    assert removed == (n_articles if counted else 0)


# --- the word count -----------------------------------------------------------------------------


def test_the_word_count_reads_a_long_text_a_quarter_million_characters_at_a_time() -> None:
    text = (PARAGRAPH + " don't ") * 20_000  # over 2 MB
    words, peak = _traced_peak(count_words, text)
    assert words == count_words(text, chunk=len(text) + 1)
    assert peak < 4 * 2**20  # a piece of 2**20 characters held 11 MB of copies and masks


# --- the sentence table ------------------------------------------------------------------------


def test_the_freed_records_go_back_to_the_system_before_the_sentence_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass-1 records are freed by then and the table's Arrow text does not reuse their heap: returned first, the
    stage's peak on 50,000 numbers was 4 MB lower."""
    articles = _articles(2, 5)
    cleaned = clean_articles(articles, [], 4)
    for record, article in zip(cleaned, articles):
        record.text = article.text
    events: list[str] = []
    monkeypatch.setattr(build, "release_free_heap", lambda: events.append(f"released, {sum(r is not None for r in cleaned)} records left") or True)
    table = build._sentence_table
    monkeypatch.setattr(build, "_sentence_table", lambda rows: events.append("table") or table(rows))
    corpus = finish_corpus(cleaned, set(), log=False)
    assert events == ["released, 0 records left", "table"]
    assert len(corpus.sentences) == 2 * 5 * 4


def test_the_tables_do_not_depend_on_whether_the_heap_could_be_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the C library has no ``malloc_trim`` (``release_free_heap`` returns False) nothing else changes."""
    def corpus(released: bool):  # noqa: ANN202 - a test helper
        monkeypatch.setattr(build, "release_free_heap", lambda: released)
        return build_corpus(_articles(3, 4), [])

    returned, kept = corpus(True), corpus(False)
    for name in ("documents", "sentences", "removed_spans"):
        assert getattr(returned, name).equals(getattr(kept, name))
    assert returned.clean_texts == kept.clean_texts
