"""Load, validate, clean and segment a corpus of news articles.

Two input shapes are read:

- a folder of text files plus a metadata CSV with one row per file (the seed corpus);
- a JSON Lines file (optionally gzipped), one article per line, whose ``id`` and ``text`` fields
  hold the article and whose other fields are its metadata (large archives).

Cleaning removes web boilerplate line by line, by the rules in ``lexicons/boilerplate.txt`` plus
two that compare lines with each other (a repeated paragraph such as a pull quote or a doubled
title, and the name line under a pull quote). Every removed span is kept in ``removed_spans`` with
its rule and its offsets into the raw text.

The cleaned text is the kept lines, each stripped and with runs of spaces folded, joined by a blank
line: one kept line is one paragraph. Sentences come from ``sentencex`` (measured against pysbd,
syntok and blingfire: the fastest by an order of magnitude, and it splits text glued across a
missing space, "frightening.North Korea"), run per paragraph, plus one rule of ours: an ellipsis
followed by a capitalised word ends a sentence. Each sentence keeps offsets into the cleaned text
such that ``clean_text[char_start:char_end] == text``.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import re
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import pandas as pd
import sentencex
from tqdm import tqdm

from analysis.params import CorpusParams, InputError
from analysis.paths import article_files, resolve, shown

METADATA_COLUMNS = ["doc_id", "file", "title", "outlet", "author", "url", "published", "genre", "genre_rationale"]
REQUIRED_METADATA = ["doc_id", "file", "genre"]
SENTENCE_COLUMNS = ["doc_id", "sentence_id", "paragraph_id", "char_start", "char_end", "text", "is_heading"]
REMOVED_COLUMNS = ["doc_id", "rule", "raw_char_start", "raw_char_end", "text"]
COUNT_COLUMNS = ["n_chars", "n_words", "n_sentences", "n_paragraphs", "n_removed_spans"]

WORD = re.compile(r"\w+(?:['’]\w+)*")
SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
ELLIPSIS_BREAK = re.compile(r"(?:(?<=…)|(?<=\.\.\.))\s+(?=[A-Z“\"‘'])")
FINAL_PUNCTUATION = tuple(".!?…:;\"”’')]")
HEADING_MAX_WORDS = 20
REPEAT_MIN_WORDS = 4
NAME_LINE = re.compile(r"(?:[A-Z][\w.'’-]+\s+){0,3}[A-Z][\w.'’-]+")


@dataclass(frozen=True)
class Article:
    """One raw article: its id, its text as decoded, and its metadata."""

    doc_id: str
    text: str
    metadata: dict[str, str]
    origin: str
    """Where the text came from, for error messages: a file path, or file:line for JSON Lines."""


@dataclass(frozen=True)
class Corpus:
    """A cleaned, segmented corpus: the tables of the load stage plus the cleaned texts."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    removed_spans: pd.DataFrame
    clean_texts: dict[str, str]


@dataclass(frozen=True)
class BoilerplateRule:
    """A line pattern removed during cleaning."""

    name: str
    pattern: re.Pattern[str]


def read_boilerplate_rules(path: Path) -> list[BoilerplateRule]:
    """Read ``rule<TAB>regex`` lines; ``#`` lines are comments. Patterns match whole lines, case-insensitive."""
    rules = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, regex = line.partition("\t")
        if not sep:
            raise InputError(f"{shown(path)}:{number}: expected 'rule<TAB>regex'; separate the name and the pattern with a tab")
        try:
            rules.append(BoilerplateRule(name.strip(), re.compile(regex.strip(), re.IGNORECASE)))
        except re.error as exc:
            raise InputError(f"{shown(path)}:{number}: invalid regular expression ({exc}); fix the pattern") from None
    return rules


def load_corpus(params: CorpusParams, params_file: str = "the params file", *, jobs: int = 1) -> Corpus:
    """Read, validate, clean and segment the corpus the params point to (in ``jobs`` processes)."""
    rules = read_boilerplate_rules(resolve(params.boilerplate_rules))
    articles = list(read_articles(params, params_file))
    return build_corpus(articles, rules, jobs=jobs)


def read_articles(params: CorpusParams, params_file: str = "the params file") -> Iterator[Article]:
    """Yield the raw articles of a folder-with-metadata or a JSON Lines corpus, validated."""
    source = resolve(params.source)
    if source.is_file() and source.name.endswith((".jsonl", ".jsonl.gz")):
        articles = _read_jsonl(source, params)
    elif source.is_dir():
        articles = _read_folder(source, resolve(params.metadata), params, params_file)
    elif source.exists():
        raise InputError(f"{shown(source)}: not a folder nor a .jsonl file; set corpus.source in {params_file} to one")
    else:
        raise InputError(f"{shown(source)}: corpus not found; set corpus.source in {params_file} to a folder of .txt files or a .jsonl file")
    for index, article in enumerate(articles):
        if params.limit_documents and index >= params.limit_documents:
            return
        yield article


PARALLEL_MIN_ARTICLES = 200
"""Below this many articles the corpus is segmented in one process: starting workers costs more."""


def build_corpus(articles: list[Article], rules: list[BoilerplateRule], *, jobs: int = 1) -> Corpus:
    """Clean and segment validated articles into the load stage's tables.

    With ``jobs`` > 1 and a large corpus, consecutive chunks of articles are processed in worker
    processes and joined in order, so the tables are the same as with one process.
    """
    if jobs > 1 and len(articles) >= PARALLEL_MIN_ARTICLES:
        size = -(-len(articles) // (4 * jobs))
        chunks = [articles[start : start + size] for start in range(0, len(articles), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            done = pool.map(_clean_and_segment, chunks, [rules] * len(chunks))
            parts = list(tqdm(done, total=len(chunks), desc="cleaning and segmenting", unit="chunk", disable=None, leave=False))
    else:
        parts = [_clean_and_segment(articles, rules, progress=True)]
    metadata_rows = [row for part in parts for row in part.metadata_rows]
    sentence_columns = {column: [value for part in parts for value in part.sentence_columns[column]] for column in SENTENCE_COLUMNS}
    removed_rows = [row for part in parts for row in part.removed_rows]
    clean_texts = {doc_id: text for part in parts for doc_id, text in part.clean_texts.items()}
    columns = _document_columns(metadata_rows)
    documents = pd.DataFrame(metadata_rows, columns=columns)
    text_columns = [c for c in columns if c not in COUNT_COLUMNS]
    documents[text_columns] = documents[text_columns].astype(object).fillna("")
    documents = documents.sort_values("doc_id", kind="stable").reset_index(drop=True)
    sentences = pd.DataFrame(sentence_columns).sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)
    removed_spans = pd.DataFrame(removed_rows, columns=REMOVED_COLUMNS).sort_values(["doc_id", "raw_char_start"], kind="stable")
    return Corpus(documents, sentences, removed_spans.reset_index(drop=True), clean_texts)


@dataclass
class _Part:
    """What cleaning and segmenting some articles gives, before it becomes tables."""

    metadata_rows: list[dict[str, object]]
    sentence_columns: dict[str, list]
    removed_rows: list[tuple[str, str, int, int, str]]
    clean_texts: dict[str, str]


def _clean_and_segment(articles: list[Article], rules: list[BoilerplateRule], progress: bool = False) -> _Part:
    part = _Part([], _empty_columns(SENTENCE_COLUMNS), [], {})
    shown_articles = tqdm(articles, desc="cleaning and segmenting", unit="article", disable=None if progress else True, leave=False)
    for article in shown_articles:
        paragraphs, removed = clean_lines(article.text, rules)
        clean_text = "\n\n".join(paragraphs)
        sentences = segment(paragraphs)
        for sentence_id, (paragraph_id, start, end, is_heading) in enumerate(sentences):
            row = (article.doc_id, sentence_id, paragraph_id, start, end, clean_text[start:end], is_heading)
            for column, value in zip(SENTENCE_COLUMNS, row):
                part.sentence_columns[column].append(value)
        part.removed_rows += [(article.doc_id, rule, start, end, text) for rule, start, end, text in removed]
        part.clean_texts[article.doc_id] = clean_text
        counts = (len(clean_text), len(WORD.findall(clean_text)), len(sentences), len(paragraphs), len(removed))
        part.metadata_rows.append({**article.metadata, "doc_id": article.doc_id, **dict(zip(COUNT_COLUMNS, counts))})
    return part


def clean_lines(text: str, rules: list[BoilerplateRule]) -> tuple[list[str], list[tuple[str, int, int, str]]]:
    """Split raw text into kept paragraphs and removed spans ``(rule, raw_start, raw_end, text)``."""
    kept: list[str] = []
    removed: list[tuple[str, int, int, str]] = []
    seen_text = ""
    previous_was_repeat = False
    for start, line in _lines_with_offsets(text):
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        folded = SPACES.sub(" ", stripped)
        rule = _matching_rule(folded, rules)
        if rule is None and folded in seen_text and len(WORD.findall(folded)) >= REPEAT_MIN_WORDS:
            rule = "repeated_paragraph"
        elif rule is None and previous_was_repeat and NAME_LINE.fullmatch(folded):
            rule = "pull_quote_attribution"
        previous_was_repeat = rule == "repeated_paragraph"
        if rule is None:
            kept.append(folded)
            seen_text += folded + "\n"
        else:
            removed.append((rule, start, start + len(stripped), stripped))
    return kept, removed


def segment(paragraphs: list[str]) -> list[tuple[int, int, int, bool]]:
    """Sentence spans ``(paragraph_id, start, end, is_heading)`` in the text the paragraphs make when joined by a blank line."""
    spans = []
    offset = 0
    for paragraph_id, paragraph in enumerate(paragraphs):
        pieces = list(_sentence_spans(paragraph))
        heading = len(pieces) == 1 and _looks_like_heading(paragraph)
        spans += [(paragraph_id, offset + start, offset + end, heading) for start, end in pieces]
        offset += len(paragraph) + 2
    return spans


def _sentence_spans(paragraph: str) -> Iterator[tuple[int, int]]:
    cursor = 0
    for sentence in sentencex.segment("en", paragraph):
        for piece in ELLIPSIS_BREAK.split(sentence) if "…" in sentence or "..." in sentence else (sentence,):
            piece = piece.strip()
            if not piece:
                continue
            start = paragraph.find(piece, cursor)
            if start < 0:  # the segmenter altered the text; keep the rest whole rather than lose words
                rest = paragraph[cursor:].strip()
                if rest:
                    start = paragraph.index(rest, cursor)
                    yield start, start + len(rest)
                return
            cursor = start + len(piece)
            yield start, cursor


def _looks_like_heading(paragraph: str) -> bool:
    return not paragraph.endswith(FINAL_PUNCTUATION) and len(WORD.findall(paragraph)) <= HEADING_MAX_WORDS


def _matching_rule(line: str, rules: list[BoilerplateRule]) -> str | None:
    return next((rule.name for rule in rules if rule.pattern.fullmatch(line)), None)


def _lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, line.rstrip("\r\n")
        start += len(line)


def _read_folder(folder: Path, metadata_path: Path, params: CorpusParams, params_file: str) -> list[Article]:
    metadata = read_metadata(metadata_path, params.genres, params_file)
    files = article_files(folder)
    by_file = dict(zip(metadata["file"], metadata.to_dict("records")))
    for path in files:
        if path.name not in by_file:
            raise InputError(f"{shown(path)}: no row in {shown(metadata_path)}; add a row with file={path.name} (doc_id, genre, …) or move the file out")
    present = {p.name for p in files}
    for name, row in by_file.items():
        if name not in present:
            raise InputError(
                f"{shown(metadata_path)}: doc_id {row['doc_id']} names file {name}, which is not in {shown(folder)}; fix the name or remove the row"
            )
    articles = []
    for path in files:
        row = by_file[path.name]
        articles.append(Article(row["doc_id"], decode_text(path, params.encoding, params_file), row, shown(path)))
    return sorted(articles, key=lambda a: a.doc_id)


def read_metadata(path: Path, genres: list[str], params_file: str = "the params file") -> pd.DataFrame:
    """Read and check the metadata CSV: required columns, unique ids, known genres."""
    if not path.is_file():
        raise InputError(f"{shown(path)}: metadata file not found; create it with columns {', '.join(METADATA_COLUMNS)}")
    try:
        metadata = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{shown(path)}: not UTF-8; re-save the metadata as UTF-8 CSV") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{shown(path)}: not a readable CSV ({str(exc).splitlines()[0]}); fix the file") from None
    missing = [c for c in REQUIRED_METADATA if c not in metadata.columns]
    if missing:
        raise InputError(f"{shown(path)}: missing column(s) {', '.join(missing)}; the header needs {', '.join(METADATA_COLUMNS)}")
    metadata = metadata.apply(lambda column: column.str.strip())
    for column in METADATA_COLUMNS:
        if column not in metadata.columns:
            metadata[column] = ""
    duplicated = metadata["doc_id"][metadata["doc_id"].duplicated()]
    if not duplicated.empty:
        raise InputError(f"{shown(path)}: doc_id {duplicated.iloc[0]} appears more than once; give each article its own doc_id")
    empty_ids = metadata.index[metadata["doc_id"] == ""]
    if len(empty_ids):
        raise InputError(f"{shown(path)}: row {empty_ids[0] + 2} has no doc_id; fill it in")
    duplicated_files = metadata["file"][metadata["file"].duplicated()]
    if not duplicated_files.empty:
        raise InputError(f"{shown(path)}: file {duplicated_files.iloc[0]} is listed more than once; keep one row per file")
    unknown = metadata[~metadata["genre"].isin(genres)]
    if not unknown.empty:
        row = unknown.iloc[0]
        raise InputError(
            f"{shown(path)}: doc_id {row['doc_id']} has genre {row['genre']!r}, not one of {', '.join(genres)}; "
            f"use one of those or add it to corpus.genres in {params_file}"
        )
    return metadata


def decode_text(path: Path, encoding: str, params_file: str = "the params file") -> str:
    """Read a text file, refusing empty, binary and wrongly encoded files with a fix in the message."""
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{shown(path)}: file is empty; remove it and its metadata row, or paste the article text in")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{shown(path)}: binary data (NUL bytes), not text; replace it with the article saved as plain text")
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(f"{params_file}: corpus.encoding {encoding!r} is not a known encoding; use e.g. utf-8 or cp1252") from None
    except UnicodeDecodeError as exc:
        guess = likely_encoding(data)
        looks = f"looks like {guess}" if guess else "encoding unknown"
        fix = f"set corpus.encoding: {guess} in {params_file}" if guess else f"set corpus.encoding in {params_file}"
        raise InputError(f"{shown(path)}: not {encoding} (byte {exc.start}; {looks}); re-save it as UTF-8 or {fix}") from None
    return text.removeprefix("\ufeff")


_TYPOGRAPHIC = frozenset("‘’‚“”„–—…•·«»‹›¡¿°£€¥§©®™¶†‡‰ \u00a0")


def likely_encoding(data: bytes) -> str | None:
    """The encoding a file that is not UTF-8 most likely has, or None.

    Windows-1252 (what Western word processors and older sites save English text in) when the
    bytes decode to mostly ASCII with accented letters and typographic punctuation; otherwise
    charset-normalizer's best guess, which on a few accented words in English text tends to name
    an East European code page instead.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    others = [char for char in text if not char.isascii()]
    # Text in another script read as Windows-1252 is mostly accented letters; English is mostly ASCII.
    mostly_ascii = sum(char.isalpha() for char in others) <= 0.5 * sum(char.isalpha() for char in text)
    if text and mostly_ascii and all(char.isalpha() or char in _TYPOGRAPHIC for char in others):
        return "cp1252"
    guess = charset_normalizer.from_bytes(data).best()
    return guess.encoding if guess else None


def _read_jsonl(path: Path, params: CorpusParams) -> Iterator[Article]:
    try:
        yield from _jsonl_records(path, params)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{shown(path)}: not {params.encoding} (byte {exc.start} of a line); re-save it as UTF-8 or set corpus.encoding"
        ) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{shown(path)}: not a readable gzip file ({exc}); re-compress it or save it as plain .jsonl") from None
    except LookupError:
        raise InputError(f"corpus.encoding {params.encoding!r} is not a known encoding; use e.g. utf-8 or cp1252") from None


def _jsonl_records(path: Path, params: CorpusParams) -> Iterator[Article]:
    opener = gzip.open if path.name.endswith(".gz") else open
    seen: set[str] = set()
    with opener(path, "rt", encoding=params.encoding) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{shown(path)}:{number}: not valid JSON ({exc.msg}); fix or remove that line") from None
            for key in (params.id_field, params.text_field):
                if key not in record:
                    raise InputError(f"{shown(path)}:{number}: no {key!r} field; add it or set corpus.id_field / corpus.text_field")
            doc_id = str(record[params.id_field])
            if doc_id in seen:
                raise InputError(f"{shown(path)}:{number}: id {doc_id} appears more than once; give each article its own id")
            seen.add(doc_id)
            text = record[params.text_field] or ""
            if not text.strip():
                continue  # archives hold empty records (e.g. 12 in the Guardian set); they carry nothing to analyse
            genre = str(record.get(params.genre_field, "")) if params.genre_field else ""
            if params.genre_field and genre not in params.genres:
                raise InputError(
                    f"{shown(path)}:{number}: genre {genre!r} not one of {', '.join(params.genres)}; add it to corpus.genres"
                )
            metadata = {k: _scalar(v) for k, v in record.items() if k not in (params.id_field, params.text_field)}
            yield Article(doc_id, text, {**metadata, "file": f"{path.name}:{number}", "genre": genre}, f"{shown(path)}:{number}")


def _scalar(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _document_columns(rows: list[dict[str, str]]) -> list[str]:
    extra = sorted({key for row in rows for key in row} - set(METADATA_COLUMNS) - set(COUNT_COLUMNS))
    return METADATA_COLUMNS + extra + COUNT_COLUMNS


def _empty_columns(columns: list[str]) -> dict[str, list]:
    return {column: [] for column in columns}


OVERVIEW_COLUMNS = ["doc_id", "title", "outlet", "author", "genre", "n_words", "n_sentences", "n_paragraphs", "n_removed_spans"]
"""The columns of ``documents`` worth showing a reader first."""


def sentence_lengths(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Words per sentence (headings left out), with each sentence's genre."""
    body = sentences.loc[~sentences["is_heading"], ["doc_id", "sentence_id", "text"]]
    lengths = body.assign(n_words=body["text"].str.count(WORD.pattern)).drop(columns="text")
    return lengths.merge(documents[["doc_id", "genre"]], on="doc_id").sort_values(["doc_id", "sentence_id"], ignore_index=True)


def removed_by_rule(removed_spans: pd.DataFrame) -> pd.DataFrame:
    """How many spans each cleaning rule removed, and from how many documents."""
    counts = removed_spans.groupby("rule").agg(n_spans=("doc_id", "size"), n_documents=("doc_id", "nunique"))
    return counts.sort_values(["n_spans", "n_documents"], ascending=False).reset_index()
