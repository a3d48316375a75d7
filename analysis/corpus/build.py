"""The corpus stage: read, clean and segment the articles, remove repeated furniture, build the tables.

Pass 1 (per article; for a large corpus in ``jobs`` processes, ``jobs - 1`` workers and this one): clean
(:mod:`analysis.corpus.clean`), segment (:mod:`analysis.corpus.segment`) and key every paragraph and
sentence. Between the passes the keys are counted over the whole corpus
(:mod:`analysis.corpus.furniture`). Pass 2 (per article): drop the furniture paragraphs and
sentences and lay out the tables. The tables are the same whatever ``jobs`` is.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from array import array
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
from tqdm import tqdm

from analysis.corpus import furniture
from analysis.corpus.clean import Paragraph, Removed
from analysis.corpus.firstpass import Cleaned, clean_articles, clean_articles_packed, gc_paused, unpacked, unpacked_spans
from analysis.corpus.furniture import FurnitureSettings
from analysis.corpus.model import COUNT_COLUMNS, METADATA_COLUMNS, REMOVED_COLUMNS, SENTENCE_COLUMNS, WORD, Article, Corpus
from analysis.corpus.readers import read_articles
from analysis.corpus.rules import BoilerplateRule, read_boilerplate_rules
from analysis.corpus.segment import looks_like_heading, sentence_spans
from analysis.corpus.wordcount import count_words
from analysis.heap import release_free_heap
from analysis.params import CorpusParams, InputError
from analysis.paths import resolve

PARALLEL_MIN_ARTICLES = 200
"""Below this many articles the corpus is segmented in one process: starting workers costs more."""


def load_corpus(params: CorpusParams, params_file: str = "the params file", *, jobs: int = 1) -> Corpus:
    """Read, validate, clean and segment the corpus the params point to (in ``jobs`` processes)."""
    rules = read_boilerplate_rules(resolve(params.boilerplate_rules))
    with gc_paused():
        return _load_corpus(params, params_file, rules, jobs)


def _load_corpus(params: CorpusParams, params_file: str, rules: list[BoilerplateRule], jobs: int) -> Corpus:
    articles = list(read_articles(params, params_file))
    if not articles:
        raise InputError(f"{params.source}: no article with text; check corpus.source and corpus.text_field in {params_file}")
    # the list is handed over: emptied once pass 1 is done, so only the records hold the raw texts, and each is dropped
    # as soon as its article's removed rows are cut (finish_article), before its cleaned text is joined
    return _build_corpus(articles, rules, jobs, furniture.settings_of(params), consume=True)


@dataclass
class _SentenceRows:
    """The sentences table while it is laid out: numbers in typed arrays (8 bytes a value, not a Python
    int each) and no text: a sentence's text is ``clean_texts[doc_id][char_start:char_end]``, cut when
    the table is made (:func:`_sentence_table`), so a 20 MB article's sentences are not held as
    Python strings beside its cleaned text."""

    doc_ids: list[str] = field(default_factory=list)
    """One entry per article, with ``counts`` its number of sentences and ``texts`` its cleaned text."""
    texts: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    sentence_id: array = field(default_factory=lambda: array("q"))
    paragraph_id: array = field(default_factory=lambda: array("q"))
    char_start: array = field(default_factory=lambda: array("q"))
    char_end: array = field(default_factory=lambda: array("q"))
    is_heading: array = field(default_factory=lambda: array("b"))


@dataclass
class _Tables:
    metadata_rows: list[dict[str, object]] = field(default_factory=list)
    sentence_rows: _SentenceRows = field(default_factory=lambda: _SentenceRows())
    removed_rows: list[Removed] = field(default_factory=list)
    clean_texts: dict[str, str] = field(default_factory=dict)


def build_corpus(
    articles: list[Article], rules: list[BoilerplateRule], *, jobs: int = 1, furniture_settings: FurnitureSettings | None = None
) -> Corpus:
    """Clean and segment validated articles into the load stage's tables.

    ``furniture_settings`` turns on the ``repeated_across_articles`` rule (off when None). With
    ``jobs`` > 1 and a large corpus, consecutive chunks of articles are cleaned in ``jobs - 1`` worker
    processes and this one (:func:`_clean_in_parallel`) and joined in order, so the tables are the same
    as with one process.
    """
    with gc_paused():
        return _build_corpus(articles, rules, jobs, furniture_settings)


def _build_corpus(
    articles: list[Article], rules: list[BoilerplateRule], jobs: int, furniture_settings: FurnitureSettings | None, *, consume: bool = False
) -> Corpus:
    """:func:`build_corpus`; with ``consume`` the list ``articles`` is emptied once pass 1's records hold the raw texts."""
    settings = furniture_settings or FurnitureSettings(min_documents=0)
    if jobs > 1 and len(articles) >= PARALLEL_MIN_ARTICLES:
        size = -(-len(articles) // (CHUNKS_PER_JOB * jobs))
        chunks = [articles[start : start + size] for start in range(0, len(articles), size)]
        cleaned = [article for part in _clean_in_parallel(chunks, rules, settings.min_words, jobs) for article in part]
        del chunks  # they hold the articles too (see consume)
    else:
        cleaned = clean_articles(articles, rules, settings.min_words, progress=True)
    furniture_keys: set[int] = set()
    if furniture.may_find(settings, len(cleaned)):  # else no key can be furniture: no counts of every key to hold
        keys_of = [article.keys() for article in cleaned]
        counts = furniture.count_keys((str(article.metadata.get("outlet", "")), keys) for article, keys in zip(cleaned, keys_of))
        furniture_keys = furniture.furniture_keys(counts, settings, keys_of)
        del keys_of, counts  # the corpus-wide counts are done with: free them before the tables are laid out
    _give_raw_texts(cleaned, articles)
    sort = len({article.doc_id for article in articles}) < len(articles)
    if consume:
        articles.clear()
    return finish_corpus(cleaned, furniture_keys, sort=sort)


def _give_raw_texts(cleaned: list[Cleaned], articles: list[Article]) -> None:
    """Each pass-1 record its article's raw text (workers send back offsets only, not the raw text); a function of its
    own so that no loop variable outlives it holding the last article and its text (see ``consume``)."""
    for record, source in zip(cleaned, articles):
        record.text = source.text


CHUNKS_PER_JOB = 4
"""Chunks of articles per process in pass 1 (more even shares at the end, at a few milliseconds a chunk)."""
CHUNKS_AHEAD = 1
"""Chunks each worker process holds at a time: the next is handed out as soon as one is done (a few milliseconds
of waiting per chunk), so at the end this process waits for at most one chunk per worker."""


def _clean_in_parallel(chunks: list[list[Article]], rules: list[BoilerplateRule], min_words: int, jobs: int) -> list[list[Cleaned]]:
    """Pass 1 on ``chunks`` in ``jobs`` processes: ``jobs - 1`` spawned workers and this one, in chunk order.

    The workers take chunks from the front of the list, this process from the back, until none is left. The share
    this process cleans needs no trip through a pipe, and one worker fewer starts: a worker costs its start
    (interpreter, imports, the rules compiled) and the packing of its records and their reading here, CPU time a
    pool of ``jobs`` workers spent beside an idle parent (``docs/PROFILING.md``). Each worker's records come back as
    :func:`~analysis.corpus.firstpass.packed` bytes.
    """
    parts: list[list[Cleaned] | None] = [None] * len(chunks)
    pending = deque(range(len(chunks)))
    submitted: list[tuple[Future[bytes], int]] = []
    lock = threading.Lock()  # the workers' chunks are handed out from the pool's thread, as each one is done
    bar = tqdm(total=len(chunks), desc="cleaning and segmenting", unit="chunk", disable=None, leave=False)
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=multiprocessing.get_context("spawn")) as pool:

        def hand_out(done: Future[bytes] | None = None) -> None:
            """The next chunk from the front to a worker; called again as each chunk a worker had is done."""
            if done is not None:
                bar.update()
            with lock:
                if not pending:
                    return
                index = pending.popleft()
                future = pool.submit(clean_articles_packed, chunks[index], rules, min_words)
                submitted.append((future, index))
            future.add_done_callback(hand_out)

        try:
            for _ in range((jobs - 1) * CHUNKS_AHEAD):
                hand_out()
            while True:
                with lock:
                    if not pending:
                        break
                    index = pending.pop()
                parts[index] = clean_articles(chunks[index], rules, min_words)
                bar.update()
        finally:  # on an error here, nothing more is handed out
            with lock:
                pending.clear()
        for future, index in submitted:  # complete: nothing is handed out once pending is empty
            parts[index] = unpacked(future.result())
    bar.close()
    missing = [index for index, part in enumerate(parts) if part is None]
    if missing:  # a chunk whose hand-out failed (a broken pool): never write tables without its articles
        raise RuntimeError(f"pass 1: chunks {missing[:5]} of {len(parts)} were not cleaned")
    return [part for part in parts if part is not None]


def finish_corpus(cleaned: list, furniture_keys: set[int], *, sort: bool = False, log: bool = True) -> Corpus:
    """Pass 2 on pass 1's records (raw ``text`` filled in): the tables, with ``furniture_keys`` removed.

    The Dask engine calls it per partition with the furniture keys decided over the whole corpus
    (:mod:`analysis.engines.dask`). ``cleaned`` is emptied as the articles are finished; ``sort``
    when a doc_id is given twice; ``log`` prints what the rule removed.
    """
    tables = _Tables()
    # articles are finished in doc_id order, so the sentence rows come out sorted and need no sort (a copy) later;
    # each pass-1 record is dropped once finished, so its paragraphs and spans do not outlive it
    for index in sorted(range(len(cleaned)), key=lambda i: cleaned[i].doc_id):
        article, cleaned[index] = cleaned[index], None
        finish_article(article, furniture_keys, tables)
        del article
    # the pass-1 records (every paragraph's text, spans and keys, several times the article) are freed now but stay
    # resident in the C heap, and the sentence table's Arrow text comes from Arrow's own allocator, not from them:
    # returned first, the table is laid out in their place (50,000 numbers: the stage's peak 142 -> 138 MB)
    release_free_heap()
    if log:
        _log_furniture(tables.removed_rows)
    return _as_corpus(tables, sort=sort)


def finish_article(article: Cleaned, furniture_keys: set[int], tables: _Tables) -> None:
    """Pass 2 on one article: drop its furniture paragraphs and sentences, add its rows to ``tables``.

    The record is consumed: each paragraph's entries are taken off its lists as the paragraph's rows are laid out,
    and its raw text is dropped once the removed rows are cut, so that the cleaned text, joined last, is not held
    beside the raw text and every span, key and run of pass 1 (on a 20 MB article these were most of the stage's
    peak, ``docs/PROFILING.md``)."""
    removed = list(article.removed)
    texts: list[str] = []  # the kept paragraphs' texts, joined into the cleaned text at the end
    rows = tables.sentence_rows
    offset, sentence_id = 0, 0
    # popped from the end, so each entry leaves the record (and, unless cut below, memory) once it is laid out
    queues = (article.paragraphs, article.sentences, article.paragraph_keys, article.sentence_keys)
    for queue in queues:
        queue.reverse()
    while article.paragraphs:
        paragraph, packed, key, keys = (queue.pop() for queue in queues)
        spans = unpacked_spans(packed)
        if key is not None and key in furniture_keys:
            removed.append(_removed(article.text, paragraph, 0, len(paragraph.text)))
            continue
        # one set test for the paragraph's sentences (nearly every paragraph has no furniture in it), then which
        cut = [] if furniture_keys.isdisjoint(keys) else [(start, end) for (start, end), sentence_key in zip(spans, keys) if sentence_key in furniture_keys]
        if cut:
            removed += [_removed(article.text, paragraph, start, end) for start, end in cut]
            paragraph = paragraph.cut(cut)
            if not WORD.search(paragraph.text):
                continue
            spans = sentence_spans(paragraph.text)
        heading = paragraph.is_heading or (len(spans) == 1 and looks_like_heading(paragraph.text))
        count = len(spans)  # one extend per column and paragraph, not an append per sentence
        rows.sentence_id.extend(range(sentence_id, sentence_id + count))
        rows.paragraph_id.extend([len(texts)] * count)
        rows.char_start.extend([offset + start for start, _ in spans])
        rows.char_end.extend([offset + end for _, end in spans])
        rows.is_heading.extend([heading] * count)
        sentence_id += count
        offset += len(paragraph.text) + 2
        texts.append(paragraph.text)
    article.text = ""  # the raw text's last use was the removed rows above
    clean_text = "\n\n".join(texts)
    n_paragraphs = len(texts)
    del texts
    rows.doc_ids.append(article.doc_id)
    rows.counts.append(sentence_id)
    rows.texts.append(clean_text)
    removed.sort(key=lambda row: (row[1], row[2]))
    tables.removed_rows += [(article.doc_id, *row) for row in removed]
    tables.clean_texts[article.doc_id] = clean_text
    n_words = count_words(clean_text)  # len(WORD.findall(clean_text)) in array operations, no list of the text's words
    counts = (len(clean_text), n_words, sentence_id, n_paragraphs, len(removed))
    tables.metadata_rows.append({**article.metadata, "doc_id": article.doc_id, **dict(zip(COUNT_COLUMNS, counts))})


def _removed(raw: str, paragraph: Paragraph, start: int, end: int) -> Removed:
    raw_start, raw_end = paragraph.raw_span(start, end)
    return (furniture.RULE, raw_start, raw_end, raw[raw_start:raw_end])


def _log_furniture(removed_rows: list) -> None:
    rows = [row for row in removed_rows if row[1] == furniture.RULE]
    if rows:
        distinct = len({row[4].casefold() for row in rows})
        n_docs = len({row[0] for row in rows})
        print(f"[corpus] {furniture.RULE}: {len(rows):,} paragraphs or sentences ({distinct:,} distinct) removed from {n_docs:,} articles", file=sys.stderr)


def _as_corpus(tables: _Tables, *, sort: bool = False) -> Corpus:
    columns = _document_columns(tables.metadata_rows)
    documents = pd.DataFrame(tables.metadata_rows, columns=columns)
    text_columns = [c for c in columns if c not in COUNT_COLUMNS]
    documents[text_columns] = documents[text_columns].astype(object).fillna("")
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    sentences = _sentence_table(tables.sentence_rows)
    if sort:  # a doc_id given twice (the readers refuse it, a caller of build_corpus may not): its rows interleave
        sentences = sentences.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
    removed_spans = pd.DataFrame(tables.removed_rows, columns=REMOVED_COLUMNS).sort_values(["doc_id", "raw_char_start"], kind="stable")
    return Corpus(documents, sentences, removed_spans.reset_index(drop=True), tables.clean_texts)


TEXT_CHUNK_ROWS = 20_000
"""Sentence texts cut as Python strings at once while the text column is made (then stored by Arrow)."""


def _sentence_table(rows: _SentenceRows) -> pd.DataFrame:
    """The sentences table (:data:`SENTENCE_COLUMNS`, the dtypes a table of Python lists gets) from
    ``rows``, in their order: doc_id order (:func:`build_corpus` finishes articles in doc_id order),
    sentence_id order within each. The text column is cut from the cleaned texts :data:`TEXT_CHUNK_ROWS`
    sentences at a time straight into Arrow strings, so the texts never exist twice in full."""
    if not len(rows.sentence_id):
        return pd.DataFrame({column: [] for column in SENTENCE_COLUMNS})
    starts, ends = np.frombuffer(rows.char_start, dtype=np.int64), np.frombuffer(rows.char_end, dtype=np.int64)
    chunks, first = [], 0
    for text, count in zip(rows.texts, rows.counts):
        for begin in range(first, first + count, TEXT_CHUNK_ROWS):
            stop = min(begin + TEXT_CHUNK_ROWS, first + count)
            chunks.append(pa.array([text[a:b] for a, b in zip(starts[begin:stop].tolist(), ends[begin:stop].tolist())], type=pa.large_string()))
        first += count
    texts = pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string()), dtype=pd.StringDtype("pyarrow", na_value=np.nan))
    return pd.DataFrame({
        "doc_id": pd.Series([doc_id for doc_id, count in zip(rows.doc_ids, rows.counts) for _ in range(count)]),
        "sentence_id": np.array(rows.sentence_id, dtype=np.int64),
        "paragraph_id": np.array(rows.paragraph_id, dtype=np.int64),
        "char_start": starts.copy(),
        "char_end": ends.copy(),
        "text": pd.Series(texts),
        "is_heading": np.array(rows.is_heading, dtype=bool),
    })[SENTENCE_COLUMNS]


def _document_columns(rows: list[dict[str, object]]) -> list[str]:
    extra = sorted({key for row in rows for key in row} - set(METADATA_COLUMNS) - set(COUNT_COLUMNS))
    return METADATA_COLUMNS + extra + COUNT_COLUMNS
