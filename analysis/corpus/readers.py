"""Reading a corpus: a folder of ``.txt`` or ``.html`` files (with a metadata CSV), JSON Lines, or CSV.

- **folder**: every visible regular file is an article (``.html`` / ``.htm`` through trafilatura,
  anything else as text). A symbolic link is refused, whatever it points to: a corpus folder is read
  only through regular files inside it, and a link is either a mistake or reaches outside (refused
  rather than skipped, because a skipped article silently changes every result). The metadata CSV
  has one row per file; for a folder of HTML pages it is optional (``corpus.metadata: ""``, or a
  path that does not exist): the page's own title, author, date, URL and site name are used, and
  where a CSV is given its non-empty cells win.
- **JSON Lines** (``.jsonl``, ``.jsonl.gz``) and **CSV** (``.csv``): one article per line or row,
  ``corpus.id_field`` and ``corpus.text_field`` hold the id and text, ``corpus.genre_field`` the
  genre, ``corpus.date_field`` the date that fills ``published`` (as ``YYYY-MM-DD``; a value that
  does not parse is left empty and counted in the run log); every other field is a metadata column.
  Records with empty text are skipped; a file whose every text is empty is an error.
- **Parquet** is not read yet: convert it to JSON Lines or CSV (a one-line error says so).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from analysis.corpus.encoding import decode_text
from analysis.corpus.html import is_html, read_page
from analysis.corpus.model import METADATA_COLUMNS, Article
from analysis.corpus.validate import normalise_date, read_csv_table, read_metadata, record_id, scalar, short
from analysis.params import CorpusParams, InputError
from analysis.paths import resolve, shown

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def read_articles(params: CorpusParams, params_file: str = "the params file") -> Iterator[Article]:
    """Yield the raw articles of the corpus the params point to, validated."""
    source = resolve(params.source)
    name = source.name.lower()
    if source.is_file() and name.endswith(JSONL_SUFFIXES):
        articles = _read_records(source, _jsonl_records(source, params), params, params_file)
    elif source.is_file() and name.endswith(".csv"):
        articles = _read_records(source, _csv_records(source), params, params_file)
    elif source.is_file() and name.endswith(".parquet"):
        raise InputError(f"{shown(source)}: Parquet is not read yet; convert it to JSON Lines or CSV (e.g. pandas.read_parquet(...).to_json(..., orient='records', lines=True))")
    elif source.is_dir():
        articles = iter(_read_folder(source, params, params_file))
    elif source.exists():
        raise InputError(f"{shown(source)}: not a folder nor a .jsonl or .csv file; set corpus.source in {params_file} to one")
    else:
        raise InputError(f"{shown(source)}: corpus not found; set corpus.source in {params_file} to a folder of .txt or .html files, a .jsonl or a .csv file")
    for index, article in enumerate(articles):
        if params.limit_documents and index >= params.limit_documents:
            return
        yield article


# --- folders ---------------------------------------------------------------------------------


def corpus_files(folder: Path) -> list[Path]:
    """The visible files of a corpus folder, sorted; a symbolic link or a non-regular entry is refused."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            raise InputError(
                f"{shown(path)}: a symbolic link; a corpus folder is read only through regular files inside it, "
                "so copy the article into the folder instead of linking it (or move the link out)"
            )
        if path.is_file():
            files.append(path)
    if not files:
        hidden = any(path.name.startswith(".") for path in folder.iterdir())
        what = "only hidden files (names starting with '.')" if hidden else "no files"
        raise InputError(f"{shown(folder)}: {what}; put the articles in it as .txt or .html files, one article per file")
    return files


def _read_folder(folder: Path, params: CorpusParams, params_file: str) -> list[Article]:
    files = corpus_files(folder)
    metadata_path = resolve(params.metadata) if params.metadata else None
    pages = all(is_html(path) for path in files)
    if pages and (metadata_path is None or not metadata_path.is_file()):
        return _read_pages(files, params, params_file)
    if metadata_path is None:
        raise InputError(f"corpus.metadata is empty in {params_file}; a folder of text files needs a metadata CSV (see README)")
    metadata = read_metadata(metadata_path, params.genres, params_file)
    by_file = dict(zip(metadata["file"], metadata.to_dict("records")))
    for path in files:
        if path.name not in by_file:
            hint = f" or set corpus.metadata: '' in {params_file} to take it from the pages" if pages else ""
            raise InputError(f"{shown(path)}: no row in {shown(metadata_path)}; add a row with file={path.name} (doc_id, genre, …){hint}, or move the file out")
    present = {p.name for p in files}
    for name, row in by_file.items():
        if name not in present:
            raise InputError(
                f"{shown(metadata_path)}: doc_id {row['doc_id']} names file {short(name)}, which is not in {shown(folder)}; fix the name or remove the row"
            )
    articles = []
    for path in files:
        row = by_file[path.name]
        if is_html(path):
            page = read_page(path, params.encoding, params_file)
            merged = {**row, **{key: value for key, value in page.metadata.items() if not row.get(key)}}
            articles.append(Article(row["doc_id"], page.text, merged, shown(path)))
        else:
            articles.append(Article(row["doc_id"], decode_text(path, params.encoding, params_file), row, shown(path)))
    return sorted(articles, key=lambda a: a.doc_id)


def _read_pages(files: list[Path], params: CorpusParams, params_file: str) -> list[Article]:
    """A folder of saved pages without a metadata CSV: doc_id is the file name without its suffix."""
    articles = []
    for path in files:
        page = read_page(path, params.encoding, params_file)
        row = {column: "" for column in METADATA_COLUMNS}
        row.update(page.metadata)
        row.update(doc_id=path.stem, file=path.name, genre=params.default_genre)
        articles.append(Article(path.stem, page.text, row, shown(path)))
    return sorted(articles, key=lambda a: a.doc_id)


# --- records: JSON Lines and CSV -------------------------------------------------------------

Record = tuple[str, str, object]
"""``(where, file_label, record)``: ``where`` names it in messages (file:line), ``file_label`` fills ``file``."""


def _jsonl_records(path: Path, params: CorpusParams) -> Iterator[Record]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding=params.encoding, newline="") as lines:
            for number, line in enumerate(_lines(lines), start=1):
                if not line.strip():
                    continue
                where = f"{shown(path)}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{where}: not valid JSON ({exc.msg}); fix or remove that line") from None
                yield where, f"{path.name}:{number}", record
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: not {params.encoding} (byte {exc.start} of a line); re-save it as UTF-8 or set corpus.encoding") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise InputError(f"{shown(path)}: not a readable gzip file ({exc}); re-compress it or save it as plain .jsonl") from None
    except LookupError:
        raise InputError(f"corpus.encoding {params.encoding!r} is not a known encoding; use e.g. utf-8 or cp1252") from None


def _lines(handle: io.TextIOBase) -> Iterator[str]:
    """Lines split on \\n only (JSON strings may hold U+2028 and other separators ``splitlines`` would cut at)."""
    buffer = ""
    while chunk := handle.read(1 << 20):
        buffer += chunk
        *complete, buffer = buffer.split("\n")
        yield from complete
    if buffer:
        yield buffer


def _csv_records(path: Path) -> Iterator[Record]:
    csv.field_size_limit(1 << 30)
    table = read_csv_table(path)
    for number, record in enumerate(table.to_dict("records"), start=1):
        yield f"{shown(path)}: row {number}", f"{path.name}:{number}", record


def _read_records(path: Path, records: Iterator[Record], params: CorpusParams, params_file: str) -> Iterator[Article]:
    seen: set[str] = set()
    n_records = n_yielded = 0
    bad_dates: list[str] = []
    for where, label, record in records:
        n_records += 1
        if not isinstance(record, dict):
            raise InputError(f"{where}: a JSON {type(record).__name__}, not an object; make each line one object such as {{\"id\": ..., \"text\": ...}}")
        for key in (params.id_field, params.text_field):
            if key not in record:
                raise InputError(f"{where}: no {key!r} field; add it or set corpus.id_field / corpus.text_field in {params_file}")
        doc_id = record_id(record[params.id_field], where, params.id_field)
        if doc_id in seen:
            raise InputError(f"{where}: id {short(doc_id)} appears more than once; give each article its own id")
        seen.add(doc_id)
        text = record[params.text_field]
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise InputError(f"{where}: field {params.text_field!r} is a {type(text).__name__}, not a string; put the article text in it as one string")
        if not text.strip():
            continue  # archives hold empty records (e.g. 12 in the Guardian set); they carry nothing to analyse
        if params.genre_field:
            genre = record.get(params.genre_field, "")
            genre = genre if isinstance(genre, str) else scalar(genre)
            if genre not in params.genres:
                raise InputError(f"{where}: genre {short(genre)} not one of {', '.join(params.genres)}; add it to corpus.genres in {params_file}")
        else:
            genre = params.default_genre
        metadata = {str(k): scalar(v) for k, v in record.items() if k not in (params.id_field, params.text_field)}
        if params.date_field and params.date_field in record:
            published = normalise_date(record[params.date_field])
            if published is None and str(record[params.date_field] or "").strip():
                bad_dates.append(f"{where} {short(record[params.date_field])}")
            metadata["published"] = published or ""
        n_yielded += 1
        yield Article(doc_id, text, {**metadata, "file": label, "genre": genre}, where)
    if n_records and not n_yielded:
        raise InputError(f"{shown(path)}: every record's {params.text_field!r} is empty; put the article texts in it or set corpus.text_field in {params_file}")
    if not n_records:
        raise InputError(f"{shown(path)}: no records; put one article per line (JSON Lines) or row (CSV) in it")
    if bad_dates:
        print(
            f"[corpus] {len(bad_dates):,} value(s) of corpus.date_field {params.date_field!r} did not parse as a date "
            f"(published left empty; first: {bad_dates[0]})",
            file=sys.stderr,
        )
