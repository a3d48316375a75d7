"""Pass 1 of the corpus stage on some articles: clean, segment and key each one.

In its own module, apart from :mod:`analysis.corpus.build`, because the worker processes run this
part only: a spawned worker imports this module and what cleaning needs (regular expressions,
sentencex, the Aho-Corasick automaton), not pandas and pyarrow, which only the tables need
(about 0.3 s of CPU per worker).
"""

from __future__ import annotations

import gc
import marshal
import pickle
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from analysis.corpus.clean import Paragraph, Removed, clean_article
from analysis.corpus.furniture import paragraph_keys
from analysis.corpus.model import Article
from analysis.corpus.rules import BoilerplateRule
from analysis.corpus.segment import sentence_spans


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off inside the block, back as it was after it.

    The stage allocates millions of small acyclic objects (offset tuples, spans, keys), and each
    allocation burst set off collections that walked everything alive, the whole corpus included:
    unpickling the workers' results took five times as long with the collector on
    (``docs/PROFILING.md``). Nothing the stage builds needs the collector (no reference cycles are made
    per article); what a cycle elsewhere holds is freed at the first collection after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def packed_spans(spans: list[tuple[int, int]]) -> bytes:
    """A paragraph's sentence spans as the bytes of their offsets (int64, start and end in turn).

    Pass 1 holds every paragraph's spans until pass 2: as a list of tuples of Python ints they cost
    about 120 bytes a sentence (17 MB on a 20 MB article, the largest part of its records,
    ``docs/PROFILING.md``), as bytes 16, and marshal writes bytes as they are."""
    return array("q", [offset for span in spans for offset in span]).tobytes()


def unpacked_spans(data: bytes) -> list[tuple[int, int]]:
    """The spans :func:`packed_spans` packed."""
    offsets = array("q", data).tolist()
    return list(zip(offsets[::2], offsets[1::2]))


@dataclass
class Cleaned:
    """One article after pass 1: kept paragraphs, each paragraph's sentences, the keys of both, removed spans."""

    doc_id: str
    metadata: dict[str, object]
    text: str
    paragraphs: list[Paragraph]
    sentences: list[bytes]
    """Each paragraph's sentence spans, :func:`packed_spans` (read back by :func:`unpacked_spans`)."""
    paragraph_keys: list[int | None]
    sentence_keys: list[list[int | None]]
    removed: list[Removed]

    def keys(self) -> set[int]:
        found = {key for key in self.paragraph_keys if key is not None}
        found.update(key for keys in self.sentence_keys for key in keys if key is not None)
        return found


def clean_articles(articles: list[Article], rules: list[BoilerplateRule], min_words: int, progress: bool = False) -> list[Cleaned]:
    """Pass 1 on some articles: clean, segment and key each one."""
    with gc_paused():
        return _clean_articles(articles, rules, min_words, progress)


def _clean_articles(articles: list[Article], rules: list[BoilerplateRule], min_words: int, progress: bool) -> list[Cleaned]:
    done = []
    shown = articles
    if progress:  # the parent process's bar; workers show none (and need not import tqdm)
        from tqdm import tqdm

        shown = tqdm(articles, desc="cleaning and segmenting", unit="article", disable=None, leave=False)
    for article in shown:
        sentences: list[bytes] = []
        keys: list[int | None] = []
        sentence_keys: list[list[int | None]] = []

        def segment_and_key(paragraph: Paragraph, folded: str) -> None:
            """Each paragraph as it is kept: its sentences and keys, from the folded text the repeat check made."""
            spans = sentence_spans(paragraph.text)
            key, keys_of_sentences = paragraph_keys(paragraph.text, spans, min_words, folded)
            sentences.append(packed_spans(spans))
            keys.append(key)
            sentence_keys.append(keys_of_sentences)

        paragraphs, removed = clean_article(article.text, rules, segment_and_key)
        done.append(Cleaned(article.doc_id, article.metadata, "", paragraphs, sentences, keys, sentence_keys, removed))
    return done


def clean_articles_packed(articles: list[Article], rules: list[BoilerplateRule], min_words: int) -> bytes:
    """:func:`clean_articles` in a worker process, its records sent back as :func:`packed` bytes."""
    return packed(clean_articles(articles, rules, min_words))


_MARSHAL, _PICKLE = b"M", b"P"
"""The first byte of :func:`packed`'s bytes: which serialiser wrote the rest."""


def packed(records: list[Cleaned]) -> bytes:
    """Pass-1 records as bytes, for the trip from a worker process to the parent (:func:`unpacked` reads them back).

    Each record is laid out as a tuple of plain values (its paragraphs as three lists: texts, runs, heading flags)
    and written by ``marshal``, which writes such values in C without pickle's memo of every object: on the
    think-tank corpus's 94,000 paragraphs and 300,000 sentence spans and keys it took half pickle's time
    (``docs/PROFILING.md``). A record marshal cannot write (metadata of another type than its own, such as a date or
    a str subclass) sends the whole chunk by pickle instead, as before.
    """
    rows = [
        (
            record.doc_id, record.metadata, record.text,
            [paragraph.text for paragraph in record.paragraphs],
            [paragraph.runs for paragraph in record.paragraphs],
            [paragraph.is_heading for paragraph in record.paragraphs],
            record.sentences, record.paragraph_keys, record.sentence_keys, record.removed,
        )
        for record in records
    ]
    try:
        return _MARSHAL + marshal.dumps(rows)
    except ValueError:  # an object of a type marshal does not write (only exact built-in types)
        return _PICKLE + pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)


def unpacked(data: bytes) -> list[Cleaned]:
    """The records :func:`packed` wrote, equal to the ones given to it."""
    if data[:1] == _PICKLE:
        return pickle.loads(data[1:])
    return [
        Cleaned(doc_id, metadata, text, list(map(Paragraph, texts, runs, headings)), sentences, keys, sentence_keys, removed)
        for doc_id, metadata, text, texts, runs, headings, sentences, keys, sentence_keys, removed in marshal.loads(memoryview(data)[1:])
    ]
