"""The corpus as partitions: a folder, one JSON Lines file, or a glob of ``.jsonl``, ``.jsonl.gz``
and ``.parquet`` files, each read in chunks of ``engine.partition_documents`` articles.

A partition names a file and a range of its articles, so a worker reads its own articles and the
corpus is never gathered into one process. JSON Lines files are read by the corpus stage's own
reader (:func:`analysis.corpus.read_articles`), Parquet files here with the same rules: the id and
text fields, empty texts skipped, the genre checked, every other column a metadata field.
"""

from __future__ import annotations

import dataclasses
import glob
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from analysis.engines import is_file_corpus  # noqa: F401 - the engines import it from here
from analysis.engines.stagefuncs import Article, read_articles
from analysis.params import CorpusParams, InputError
from analysis.paths import resolve, shown

FILE_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")
"""The files a corpus glob may match."""


@dataclass(frozen=True)
class Partition:
    """Articles ``start`` to ``stop`` (0-based, in reading order) of one corpus file; ``path`` empty
    for a folder corpus, whose articles the driver reads and hands over."""

    index: int
    path: str
    start: int
    stop: int


def corpus_files(params: CorpusParams, params_file: str = "the params file") -> list[Path] | None:
    """The files of a JSON Lines / Parquet corpus (a glob matches many), or None for a folder corpus."""
    if glob.has_magic(params.source):
        pattern = str(resolve(params.source))
        files = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(f"{params.source}: no file matches; set corpus.source in {params_file} to a glob of .jsonl, .jsonl.gz or .parquet files")
        odd = [f for f in files if not f.name.endswith(FILE_SUFFIXES)]
        if odd:
            raise InputError(f"{shown(odd[0])}: matched by corpus.source but not .jsonl, .jsonl.gz or .parquet; narrow the glob in {params_file}")
        return files
    source = resolve(params.source)
    if source.is_file() and source.name.endswith(FILE_SUFFIXES):
        return [source]
    if source.is_dir():
        return None
    list(islice(read_articles(params, params_file), 1))  # the corpus stage's own message for anything else
    return None


def file_articles(path: Path, params: CorpusParams, params_file: str = "the params file") -> Iterator[Article]:
    """The validated articles of one corpus file, in order."""
    if path.name.endswith(".parquet"):
        return _parquet_articles(path, params)
    return read_articles(dataclasses.replace(params, source=str(path), limit_documents=0), params_file)


def count_articles(path: str, params: CorpusParams, params_file: str) -> int:
    """How many articles a file holds (a quick pass before partitioning)."""
    return sum(1 for _ in file_articles(Path(path), params, params_file))


def partitions(files: list[Path], counts: list[int], size: int, limit: int = 0) -> list[Partition]:
    """Chunks of at most ``size`` articles of each file, the first ``limit`` articles only (0 = all)."""
    parts: list[Partition] = []
    remaining = limit or sum(counts)
    for path, count in zip(files, counts):
        count = min(count, remaining)
        remaining -= count
        for start in range(0, count, size):
            parts.append(Partition(len(parts), str(path), start, min(start + size, count)))
    return parts or [Partition(0, str(files[0]) if files else "", 0, 0)]


def partition_articles(part: Partition, params: CorpusParams, params_file: str) -> list[Article]:
    """The articles of one partition, read by the worker that processes it."""
    if part.stop <= part.start:
        return []
    return list(islice(file_articles(Path(part.path), params, params_file), part.start, part.stop))


def all_articles(files: list[Path], params: CorpusParams, params_file: str) -> Iterator[Article]:
    """Every article of a file corpus in order (the local engine), the first ``limit_documents`` only."""
    seen: dict[str, str] = {}
    count = 0
    for path in files:
        for article in file_articles(path, params, params_file):
            if params.limit_documents and count >= params.limit_documents:
                return
            check_unique(article.doc_id, article.origin, seen)
            count += 1
            yield article


def check_unique(doc_id: str, origin: str, seen: dict[str, str]) -> None:
    """Stop at an id already given to another article (across files of a glob)."""
    if doc_id in seen:
        raise InputError(f"{origin}: id {doc_id} appears more than once (first at {seen[doc_id]}); give each article its own id")
    seen[doc_id] = origin


def _parquet_articles(path: Path, params: CorpusParams) -> Iterator[Article]:
    import pyarrow.parquet as pq

    try:
        source = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types for a file that is not Parquet
        raise InputError(f"{shown(path)}: not a readable Parquet file ({type(exc).__name__}); re-write it with pyarrow or pandas") from None
    names = source.schema_arrow.names
    for key in (params.id_field, params.text_field):
        if key not in names:
            raise InputError(f"{shown(path)}: no {key!r} column; add it or set corpus.id_field / corpus.text_field")
    seen: set[str] = set()
    number = 0
    for batch in source.iter_batches(batch_size=1000):
        for record in batch.to_pylist():
            number += 1
            doc_id = str(record[params.id_field])
            if doc_id in seen:
                raise InputError(f"{shown(path)}:{number}: id {doc_id} appears more than once; give each article its own id")
            seen.add(doc_id)
            text = record[params.text_field] or ""
            if not str(text).strip():
                continue
            genre = "" if not params.genre_field or record.get(params.genre_field) is None else str(record[params.genre_field])
            if params.genre_field and genre not in params.genres:
                raise InputError(f"{shown(path)}:{number}: genre {genre!r} not one of {', '.join(params.genres)}; add it to corpus.genres")
            metadata = {k: _scalar(v) for k, v in record.items() if k not in (params.id_field, params.text_field)}
            yield Article(doc_id, str(text), {**metadata, "file": f"{path.name}:{number}", "genre": genre}, f"{shown(path)}:{number}")


def _scalar(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
