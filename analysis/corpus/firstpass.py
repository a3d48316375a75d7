"""Pass 1 of the corpus stage on some articles: clean, segment and key each one.

In its own module, apart from :mod:`analysis.corpus.build`, because the worker processes run this
part only: a spawned worker imports this module and what cleaning needs (regular expressions,
sentencex, the Aho-Corasick automaton), not pandas and pyarrow, which only the tables need
(about 0.3 s of CPU per worker).
"""

from __future__ import annotations

import gc
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


@dataclass
class Cleaned:
    """One article after pass 1: kept paragraphs, each paragraph's sentences, the keys of both, removed spans."""

    doc_id: str
    metadata: dict[str, object]
    text: str
    paragraphs: list[Paragraph]
    sentences: list[list[tuple[int, int]]]
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
        sentences: list[list[tuple[int, int]]] = []
        keys: list[int | None] = []
        sentence_keys: list[list[int | None]] = []

        def segment_and_key(paragraph: Paragraph, folded: str) -> None:
            """Each paragraph as it is kept: its sentences and keys, from the folded text the repeat check made."""
            spans = sentence_spans(paragraph.text)
            key, keys_of_sentences = paragraph_keys(paragraph.text, spans, min_words, folded)
            sentences.append(spans)
            keys.append(key)
            sentence_keys.append(keys_of_sentences)

        paragraphs, removed = clean_article(article.text, rules, segment_and_key)
        done.append(Cleaned(article.doc_id, article.metadata, "", paragraphs, sentences, keys, sentence_keys, removed))
    return done
