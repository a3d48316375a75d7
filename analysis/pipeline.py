"""Run the stages of the collection and keep their tables on disk.

Each stage reads the tables of the stages before it from ``data/processed/<run>/`` and writes its
own there. Writes are atomic: all of a stage's tables are first written to a hidden folder beside
them and moved into place only when every one is complete, so a failed run leaves the previous
complete outputs, never half-written ones.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from analysis.params import InputError, Params
from analysis.paths import clean_text_name, shown
from analysis.stages import PARQUET_SUFFIX, STAGE_TABLES, table_suffix

CLEAN_TEXT_DIR = "clean"


def run_stage(stage: str, params: Params, jobs: int = 1) -> dict[str, pd.DataFrame]:
    """Compute one stage's tables from its inputs and write them atomically.

    ``jobs`` is how many cores the stage may use (processes segmenting the corpus, threads
    building the claims' similarity graph); the tables never depend on it.
    """
    started = time.perf_counter()
    tables, texts = _STAGE_FUNCTIONS[stage](params, jobs)
    missing = set(STAGE_TABLES[stage]) - set(tables)
    if missing:
        raise RuntimeError(f"stage {stage} did not produce {', '.join(sorted(missing))}")
    chosen = table_format(params, len(tables["documents"]) if stage == "corpus" else None)
    write_tables({name: tables[name] for name in STAGE_TABLES[stage]}, params.processed_dir, texts, table_format=chosen)
    rows = ", ".join(f"{len(tables[name]):,} {name}" for name in STAGE_TABLES[stage][:2])
    print(f"[{stage}] {rows} -> {shown(params.processed_dir)} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return tables


def run_all(params: Params, stages: tuple[str, ...] = tuple(STAGE_TABLES), jobs: int = 1) -> None:
    """Run the given stages in pipeline order on up to ``jobs`` cores.

    The corpus stage segments articles in ``jobs`` processes. Framing, claims and estimates each
    read only the corpus tables, so they are independent: with ``jobs`` > 1 they run side by side,
    each in its own process writing its own tables, and the cores are shared out among the stages
    running at once (threads beyond a stage's share only contend: on the think-tank corpus, claims
    with two threads beside framing made the run slower than with one). The outputs are the same
    whatever ``jobs`` is.
    """
    ordered = [stage for stage in STAGE_TABLES if stage in stages]
    with tqdm(total=len(ordered), desc=f"stages of run {params.run}", unit="stage", disable=None) as progress:
        if "corpus" in ordered:
            run_stage("corpus", params, jobs)
            progress.update()
        later = [stage for stage in ordered if stage != "corpus"]
        if jobs <= 1 or len(later) <= 1:
            for stage in later:
                run_stage(stage, params, jobs)
                progress.update()
            return
        workers = min(jobs, len(later))
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for future in as_completed([pool.submit(_run_stage_quietly, stage, params, jobs // workers) for stage in later]):
                future.result()
                progress.update()


def _run_stage_quietly(stage: str, params: Params, jobs: int) -> None:
    """Run a stage in a worker process without sending its tables back."""
    run_stage(stage, params, jobs)


def read_table(params: Params, name: str, columns: list[str] | None = None, *, n_rows: int | None = None,
               categories: Sequence[str] = ()) -> pd.DataFrame:
    """Read a table of the run, CSV or Parquet dataset alike; document ids ("007") stay strings and
    empty text cells stay empty strings. ``columns``: only these (in the table's own order), so a
    notebook that needs a few columns of a large table does not hold its texts. ``n_rows``: only
    the table's first rows (the ones a report shows, :data:`analysis.display.MAX_HTML_ROWS`), so a
    text column can be read for those rows alone. ``categories``: text columns read as pandas
    categoricals (as :func:`normalise_table` makes them: empty cells the category "", categories
    sorted), for labels that a few values repeat on every row of a large table: a code a row in
    place of a string a row."""
    dataset = params.processed_dir / f"{name}{PARQUET_SUFFIX}"
    if dataset.is_dir():
        table = read_parquet_dataset(dataset, columns)
        table = table if n_rows is None else table.head(n_rows).copy()
    else:
        path = _csv_table_path(params, name)
        table = pd.read_csv(path, **_csv_options(path, categories), usecols=columns, nrows=n_rows)
    if categories:
        return normalise_table(_as_categories(table, categories))
    return normalise_table(table)


def _as_categories(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``table`` with those of ``columns`` it has made categoricals of their text. Read as text
    first: pandas' own categorical parsing infers numbers ("007" would become the category 7); the
    text columns' memory goes back to Arrow's pool, whose unused memory is then released, so the
    text read does not stay resident beside the codes."""
    import pyarrow as pa

    for column in columns:
        if column in table:
            table[column] = table[column].astype("category")
    pa.default_memory_pool().release_unused()
    return table


def read_estimates(params: Params, documents: pd.DataFrame) -> pd.DataFrame:
    """The estimates table as a report reads it whole: without its ``sentence`` column
    (:data:`analysis.estimates.ESTIMATE_COLUMNS_WITHOUT_SENTENCE`), its label columns
    (:data:`analysis.estimates.ESTIMATE_LABEL_COLUMNS`) categoricals, and each row's article's
    ``genre`` from ``documents`` (a categorical too), rows of an article ``documents`` lacks left
    out, as an inner merge on ``doc_id`` leaves them; ``sentence_id``, ``char_start`` and
    ``char_end`` 32-bit where they fit. On 50,000 numbers the label columns as strings were half
    the table the notebooks hold while they draw (issue 16)."""
    from analysis.estimates import ESTIMATE_COLUMNS_WITHOUT_SENTENCE, ESTIMATE_LABEL_COLUMNS

    estimates = read_table(params, "estimates", ESTIMATE_COLUMNS_WITHOUT_SENTENCE, categories=ESTIMATE_LABEL_COLUMNS)
    ids = estimates["doc_id"].cat.categories
    articles = documents.drop_duplicates("doc_id")  # one row an article (the corpus stage writes each id once)
    # the genre of each category of doc_id (NaN for an article documents lacks), then given to the rows by code
    genres = pd.Series(articles["genre"].to_numpy(), index=articles["doc_id"].astype(str)).reindex(ids)
    if genres.isna().any():
        estimates = estimates[estimates["doc_id"].isin(ids[genres.notna()])].reset_index(drop=True)
    genre_type = pd.CategoricalDtype(sorted({"", *genres.dropna().astype(str)}))
    per_id = pd.Categorical(genres.fillna("").astype(str), dtype=genre_type).codes
    codes = estimates["doc_id"].cat.codes.to_numpy()
    estimates["genre"] = pd.Categorical.from_codes(per_id[codes], dtype=genre_type)
    for column in ("sentence_id", "char_start", "char_end"):
        # offsets and sentence numbers of any article under 2 GB: half the bytes of int64, the same numbers
        if column in estimates and estimates[column].dtype == np.int64 and (estimates.empty or estimates[column].abs().max() < 2**31):
            estimates[column] = estimates[column].astype(np.int32)
    return estimates


def _is_id_column(column: str) -> bool:
    """Whether a column holds document ids, which must stay strings ("007" is not 7)."""
    return column in ("doc_id", "doc_ids") or column.endswith("_doc_id")


def _csv_options(path: Path, categories: Sequence[str] = ()) -> dict:
    """How every reader of a run's CSV table reads it: ids as strings, only empty cells missing;
    the ``categories`` columns (those present) as strings too, made categoricals once read."""
    header = pd.read_csv(path, nrows=0).columns
    text = [column for column in header if _is_id_column(column) or column in categories]
    return {"dtype": {column: str for column in text}, "keep_default_na": False, "na_values": [""]}


def _csv_table_path(params: Params, name: str) -> Path:
    path = params.processed_dir / f"{name}.csv"
    if not path.is_file():
        stage = next((s for s, names in STAGE_TABLES.items() if name in names), "?")
        raise InputError(
            f"{shown(path)}: table not built yet; run `make RUN={params.run}` "
            f"(or `python -m analysis run --params {shown(params.path)} --stage {stage}`)"
        )
    return path


TABLE_CHUNK_ROWS = 5_000
"""Rows of a CSV table read at once where a table is read in pieces (:func:`read_first_sentences`,
:func:`read_table_chunks`)."""


def read_first_sentences(params: Params) -> pd.DataFrame:
    """``doc_id``, ``sentence_id``, ``text`` of each article's first sentence (its lowest sentence_id),
    what :func:`analysis.display.article_label` names an untitled article by. Read
    :data:`TABLE_CHUNK_ROWS` rows at a time, so a notebook does not hold every sentence's
    text (a 20 MB article) to name its articles."""
    columns = ["doc_id", "sentence_id", "text"]
    if (params.processed_dir / f"sentences{PARQUET_SUFFIX}").is_dir():
        return _first_rows(read_table(params, "sentences", columns))
    chunks = pd.read_csv(_csv_table_path(params, "sentences"), usecols=columns, dtype={"doc_id": str, "text": str},
                         keep_default_na=False, na_values=[""], chunksize=TABLE_CHUNK_ROWS)
    firsts = [_first_rows(normalise_table(chunk)) for chunk in chunks]
    return _first_rows(pd.concat(firsts, ignore_index=True)) if firsts else pd.DataFrame(columns=columns)


def read_rows(params: Params, name: str, keys: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of a table whose key (the columns of ``keys``, e.g. ``doc_id`` and ``sentence_id``)
    is one of ``keys``' rows, in the table's order, with ``columns`` (in the table's order; the key
    columns are always read). A CSV is read :data:`TABLE_CHUNK_ROWS` rows at a time and a
    Parquet dataset a part at a time, only the matching rows kept, so a notebook that shows a few
    rows' text does not hold the text of every row. Cells are as :func:`read_table` reads them; a
    column empty in every row kept is an object column of empty strings, as :func:`normalise_table`
    makes it, in either format (rows are chosen first, then normalised)."""
    on = list(keys.columns)
    wanted = pd.MultiIndex.from_frame(_key_frame(keys, on))
    chosen = None if columns is None else [*on, *[c for c in columns if c not in on]]

    def matching(table: pd.DataFrame) -> pd.Series:
        return pd.Series(pd.MultiIndex.from_frame(_key_frame(table, on)).isin(wanted), index=table.index)

    dataset = params.processed_dir / f"{name}{PARQUET_SUFFIX}"
    if dataset.is_dir():
        import pyarrow as pa

        parts = [part.filter(pa.array(matching(part.select(on).to_pandas()).to_numpy()))
                 for part in _parquet_part_tables(dataset, chosen)]
        rows = pa.concat_tables(parts, promote_options="permissive").to_pandas() if parts else pd.DataFrame(columns=chosen)
        return normalise_table(rows)
    path = _csv_table_path(params, name)
    chunks = pd.read_csv(path, **_csv_options(path), usecols=chosen, chunksize=TABLE_CHUNK_ROWS)
    kept = [chunk[matching(chunk)] for chunk in chunks]
    if not kept:
        header = pd.read_csv(path, nrows=0).columns
        return normalise_table(pd.DataFrame(columns=[c for c in header if chosen is None or c in chosen]))
    rows = pd.concat(kept, ignore_index=True)
    return normalise_table(rows.reset_index(drop=True))


def read_shared_cluster_texts(params: Params, columns: tuple[str, ...] = ("short_label", "representative"), *,
                              min_docs: int = 2) -> pd.DataFrame:
    """``clusters``' ``cluster_id`` and ``n_docs`` for every cluster, and its text ``columns`` only
    for the clusters carried by ``min_docs`` or more articles (an empty string elsewhere), in the
    table's order: what a summary names (claims every article or several articles carry), without
    the texts of the single-article clusters, one per sentence of a long article (issue 16)."""
    clusters = read_table(params, "clusters", ["cluster_id", "n_docs"])
    shared = read_rows(params, "clusters", clusters.loc[clusters["n_docs"] >= min_docs, ["cluster_id"]], list(columns))
    texts = shared[["cluster_id", *columns]].astype({column: object for column in columns})
    named = clusters.merge(texts, on="cluster_id", how="left")
    return named.fillna({column: "" for column in columns}).astype({column: "str" for column in columns})[["cluster_id", *columns, "n_docs"]]


def read_table_chunks(params: Params, name: str, columns: list[str] | None = None, *, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """The table of :func:`read_table`, ``rows`` rows at a time (:data:`TABLE_CHUNK_ROWS`
    by default; a CSV read in chunks, each part of a Parquet dataset in batches), each chunk
    normalised as :func:`read_table` normalises the whole: a stage that reads its input row by row
    (the estimates) does not hold every sentence's text beside the table it builds. Only
    ``columns``, in the table's own order, when given."""
    rows = rows or TABLE_CHUNK_ROWS
    dataset = params.processed_dir / f"{name}{PARQUET_SUFFIX}"
    if dataset.is_dir():
        import pyarrow.parquet as pq

        for part in parquet_parts(dataset):
            names = None if columns is None else [column for column in pq.read_schema(part).names if column in columns]
            for batch in pq.ParquetFile(part).iter_batches(batch_size=rows, columns=names):
                yield normalise_table(batch.to_pandas())
        return
    path = _csv_table_path(params, name)
    with pd.read_csv(path, **_csv_options(path), usecols=columns, chunksize=rows) as chunks:
        for chunk in chunks:
            yield normalise_table(chunk)


def _key_frame(table: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """``table``'s key columns with document ids as strings (a missing id as the empty string, as
    :func:`normalise_table` reads it), so keys from any table and either format compare equal."""
    key = table[on].copy()
    for column in filter(_is_id_column, on):
        key[column] = key[column].fillna("").astype(str)
    return key


def _first_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """The row of each doc_id with the lowest sentence_id (the first such row when it repeats)."""
    ordered = sentences.sort_values(["doc_id", "sentence_id"], kind="stable")
    return ordered.drop_duplicates("doc_id", keep="first").reset_index(drop=True)


def normalise_table(table: pd.DataFrame) -> pd.DataFrame:
    """Columns with no value become object columns, and missing text cells empty strings, as in a CSV read.

    A categorical column (:func:`read_table`'s ``categories``) stays one: its empty cells become the
    category "" (always one of its categories, so ``fillna("")`` and comparisons with "" work as on
    text), and its categories are sorted, so sorting by it orders rows as sorting the text would."""
    categorical = [column for column in table.columns if isinstance(table[column].dtype, pd.CategoricalDtype)]
    for column in categorical:
        table[column] = text_categories(table[column])
    empty = [column for column in table.columns if column not in categorical and table[column].isna().all()]
    table[empty] = table[empty].astype(object)
    text_columns = table.select_dtypes(include=["object", "string"]).columns
    table[text_columns] = table[text_columns].fillna("")
    return table


def text_categories(column: pd.Series) -> pd.Series:
    """A categorical text column with "" among its categories, its missing cells "", and its
    categories in sorted order (the codes then sort as the text does)."""
    if "" not in column.cat.categories:
        column = column.cat.add_categories("")
    column = column.fillna("")
    ordered = sorted(column.cat.categories)
    return column if list(column.cat.categories) == ordered else column.cat.reorder_categories(ordered)


def parquet_parts(dataset: Path) -> list[Path]:
    """The part files of a Parquet dataset folder, in row order."""
    return sorted(dataset.glob("part-*.parquet"))


def read_parquet_dataset(dataset: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """All parts of a dataset as one table (only ``columns``, when given, in the table's order);
    parts whose columns differ in type (a column empty in one part) are promoted to a common type."""
    import pyarrow as pa

    parts = _parquet_part_tables(dataset, columns)
    if not parts:
        return pd.DataFrame()
    return pa.concat_tables(parts, promote_options="permissive").to_pandas()


def _parquet_part_tables(dataset: Path, columns: list[str] | None) -> list:
    """Each part of a dataset as a pyarrow table holding only ``columns`` (all when None), in the
    table's order: the other columns are never read from disk, so asking for a few columns of a
    large table does not hold its texts even for a moment."""
    import pyarrow.parquet as pq

    parts = []
    for part in parquet_parts(dataset):
        names = None if columns is None else [name for name in pq.read_schema(part).names if name in columns]
        parts.append(pq.read_table(part, columns=names))
    return parts


def write_parquet_part(table: pd.DataFrame, path: Path) -> None:
    """One part of a dataset, written under a hidden name and moved into place when complete."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), partial)
    os.replace(partial, path)


def table_format(params: Params, n_documents: int | None = None) -> str:
    """``csv`` or ``parquet`` for this run's tables: ``engine.table_format``, or with ``auto`` Parquet
    from ``engine.parquet_min_documents`` articles on. Without a count (a later stage), the format
    the run's ``documents`` table was written in."""
    if n_documents is None or params.engine.table_format != "auto":
        return table_suffix(params).removeprefix(".")
    return "parquet" if n_documents >= params.engine.parquet_min_documents else "csv"


def replace_table(staged: Path, folder: Path, name: str, suffix: str) -> None:
    """Move a complete table (a CSV file or a Parquet dataset folder) from staging into ``folder``,
    removing the run's copy of the same table in the other format."""
    other = folder / f"{name}{'.csv' if suffix == PARQUET_SUFFIX else PARQUET_SUFFIX}"
    target = folder / f"{name}{suffix}"
    if target.is_dir():
        trash = Path(tempfile.mkdtemp(prefix=".staging-old-", dir=folder))
        os.replace(target, trash / target.name)
        os.replace(staged, target)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(staged, target)
    if other.is_dir():
        shutil.rmtree(other, ignore_errors=True)
    elif other.exists():
        other.unlink()


def read_clean_text(params: Params, doc_id: str) -> str:
    """The cleaned text of one document, the one all character offsets point into."""
    return (params.processed_dir / CLEAN_TEXT_DIR / clean_text_name(doc_id)).read_text(encoding="utf-8")


def _csv_field(value: str) -> str:
    """``value`` as the csv module writes it with minimal quoting and ``\\n`` as line end."""
    if "," in value or '"' in value or "\n" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


CSV_CHUNK_ROWS = 1_000
"""Rows :func:`write_csv` formats and writes at once: the fields of a whole table as Python strings
(a 20 MB article's claims tables) would take several times the table's own memory; 5,000 rows of
the estimates table (each row repeats its sentence) were 8 MB of fields on an article of 50,000
numbers, its stage's peak once the table was built in blocks (docs/PROFILING.md, memA16)."""


def _csv_kind(column: pd.Series) -> str | None:
    """How :func:`write_csv` formats a column: ``"int"``, ``"float"`` (float64), ``"bool"``,
    ``"text"`` (pandas string or only-``str`` object values), or ``None`` for any other dtype (the
    table goes to pandas)."""
    dtype = column.dtype
    if dtype == "int64":
        return "int"
    if dtype == "float64":
        return "float"
    if dtype == "bool":
        return "bool"
    if isinstance(dtype, pd.StringDtype):
        return "text"
    if dtype == object and pd.api.types.infer_dtype(column, skipna=False) in ("string", "empty"):
        return "text"
    return None


def _csv_fields(kind: str, column: pd.Series) -> list[str]:
    """The CSV fields of a column of a :func:`_csv_kind`."""
    if kind == "int":
        return list(map(str, column.tolist()))
    if kind == "float":
        # pandas' own steps for a float64 column without float_format (Index.get_values_for_csv):
        # numpy's str of each value, missing values as the empty na_rep
        values = column.to_numpy()
        fields = values.astype(str)
        fields[np.isnan(values)] = ""
        return fields.tolist()
    if kind == "bool":
        return ["True" if value else "False" for value in column.tolist()]
    # missing values of a pandas string column are written as empty fields, as pandas writes them (na_rep="")
    values = column.fillna("") if isinstance(column.dtype, pd.StringDtype) else column
    return [_csv_field(value) for value in values.tolist()]


def _csv_column(column: pd.Series) -> list[str] | None:
    """The CSV fields of a column of int64, float64, bool, pandas string or only-``str`` object values, or
    ``None`` for any other dtype."""
    kind = _csv_kind(column)
    return None if kind is None else _csv_fields(kind, column)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """``table.to_csv(path, index=False, lineterminator="\\n")``, byte for byte: tables of two or
    more uniquely named ``str`` columns holding int64, float64, bool or string values are joined
    directly (the pandas writer spends most of the corpus stage's table-writing time per cell, and
    it turns a block of text columns into a fixed-width numpy array as wide as its longest cell,
    many times a long token's size), any other goes to pandas. Written
    :data:`CSV_CHUNK_ROWS` rows at a time."""
    names = list(table.columns)
    kinds: list[str | None] = [None]
    if len(names) >= 2 and all(type(name) is str for name in names) and len(set(names)) == len(names):
        kinds = [_csv_kind(table[name]) for name in names]
    if None in kinds:
        table.to_csv(path, index=False, lineterminator="\n")
        return
    width = len(names)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(map(_csv_field, names)) + "\n")
        for start in range(0, len(table), CSV_CHUNK_ROWS):
            chunk = table.iloc[start : start + CSV_CHUNK_ROWS]
            # one flat list of fields and separators, joined once: row by row joins cost a call per row
            cells = [","] * (2 * width * len(chunk))
            for position, (name, kind) in enumerate(zip(names, kinds)):
                cells[2 * position :: 2 * width] = _csv_fields(str(kind), chunk[name])
            cells[2 * width - 1 :: 2 * width] = ["\n"] * len(chunk)
            _write_cells(handle, cells)


def _write_cells(handle: io.TextIOBase, cells: list[str]) -> None:
    """``handle.write("".join(cells))``, byte for byte, joining and encoding at most
    :data:`TEXT_CHUNK_CHARACTERS` characters at once: a chunk's rows joined whole, then encoded
    whole, were two more copies of its text (a row holding a 2 MB token twice, as the estimates'
    excluded number and its sentence, added 8 MB to write)."""
    if sum(map(len, cells)) <= TEXT_CHUNK_CHARACTERS:
        # the common case, one join in C; the loop below would give the same bytes a cell at a time
        handle.write("".join(cells))
        return
    piece: list[str] = []
    size = 0
    for cell in cells:
        if size + len(cell) > TEXT_CHUNK_CHARACTERS and piece:
            handle.write("".join(piece))
            piece, size = [], 0
        if len(cell) > TEXT_CHUNK_CHARACTERS:
            _write_slices(handle, cell)
            continue
        piece.append(cell)
        size += len(cell)
    if piece:
        handle.write("".join(piece))


TEXT_CHUNK_CHARACTERS = 1 << 20
"""Characters of a cleaned text encoded and written at once by :func:`write_text_in_chunks`."""


def write_text_in_chunks(text: str, path: Path) -> None:
    """``path.write_text(text, encoding="utf-8")``, byte for byte, a slice of
    :data:`TEXT_CHUNK_CHARACTERS` characters at a time: the whole text encoded at once is a
    second copy of it (a 20 MB article's cleaned text was the corpus stage's peak)."""
    with open(path, "w", encoding="utf-8", newline=None) as handle:
        _write_slices(handle, text)


def _write_slices(handle: io.TextIOBase, text: str) -> None:
    """``handle.write(text)``, a slice of :data:`TEXT_CHUNK_CHARACTERS` characters at a time, so
    that the handle's encoder never holds a second copy of a long text."""
    for start in range(0, len(text), TEXT_CHUNK_CHARACTERS):
        handle.write(text[start : start + TEXT_CHUNK_CHARACTERS])


def write_tables(
    tables: dict[str, pd.DataFrame], folder: Path, texts: dict[str, str] | None = None, *, table_format: str = "csv"
) -> None:
    """Write tables as ``<name>.csv`` or Parquet datasets ``<name>.parquet/`` (and texts as
    ``clean/<id>.txt``) into ``folder`` atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    suffix = PARQUET_SUFFIX if table_format == "parquet" else ".csv"
    try:
        for name, table in tables.items():
            if suffix == PARQUET_SUFFIX:
                write_parquet_part(table, staging / f"{name}{suffix}" / "part-00000.parquet")
            else:
                write_csv(table, staging / f"{name}.csv")
        if texts is not None:
            (staging / CLEAN_TEXT_DIR).mkdir()
            for doc_id, text in texts.items():
                write_text_in_chunks(text, staging / CLEAN_TEXT_DIR / clean_text_name(doc_id))
            shutil.rmtree(folder / CLEAN_TEXT_DIR, ignore_errors=True)
            os.replace(staging / CLEAN_TEXT_DIR, folder / CLEAN_TEXT_DIR)
        for name in tables:
            replace_table(staging / f"{name}{suffix}", folder, name, suffix)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


StageResult = tuple[dict[str, pd.DataFrame], dict[str, str] | None]


def _corpus_stage(params: Params, jobs: int) -> StageResult:
    from analysis.corpus import load_corpus

    corpus = load_corpus(params.corpus, shown(params.path), jobs=jobs)
    tables = {"documents": corpus.documents, "sentences": corpus.sentences, "removed_spans": corpus.removed_spans}
    return tables, corpus.clean_texts


def _framing_stage(params: Params, jobs: int) -> StageResult:
    from analysis.framing import build_framing_tables

    settings = params.framing
    tables = build_framing_tables(
        read_table(params, "sentences"),
        read_table(params, "documents"),
        n_bootstrap=settings.n_bootstrap,
        seed=settings.seed,
        distinctive_min_count=settings.distinctive_min_count,
        distinctive_top_n=settings.distinctive_top_n,
    )
    return tables, None


def _claims_stage(params: Params, jobs: int) -> StageResult:
    from analysis.claims import build_claim_tables
    from analysis.claims.select import SENTENCE_COLUMNS

    settings = params.claims
    # only the columns the claims use, handed over: build_claim_tables frees the table once it has chosen the claims
    sentences = [read_table(params, "sentences", SENTENCE_COLUMNS)]
    tables = build_claim_tables(
        sentences,
        read_table(params, "documents"),
        min_words=settings.min_words,
        ngram_range=tuple(settings.ngram_range),
        min_df=settings.min_df,
        max_df=settings.max_df,
        sublinear_tf=settings.sublinear_tf,
        stop_words=None if settings.stop_words == "none" else settings.stop_words,
        normalise=settings.normalise,
        distance_threshold=settings.distance_threshold,
        linkage=settings.linkage,
        max_claims_exact=settings.max_claims_exact,
        sweep_thresholds=tuple(settings.sweep_thresholds),
        split_giant=settings.split_giant_components,
        large_sweep_max_threshold=settings.large_sweep_max_threshold,
        min_shared_terms=settings.min_shared_terms,
        separate_numbers=settings.separate_numbers,
        separate_negations=settings.separate_negations,
        same_statement=settings.same_statement,
        date_column=settings.date_column,
        n_jobs=jobs,
    )
    return tables, None


def _estimates_stage(params: Params, jobs: int) -> StageResult:
    from analysis.estimates import build_estimate_tables

    # the sentences a chunk at a time: the whole sentence table beside the estimates table, which repeats
    # each sentence once per number, was a fifth of the stage's peak on an article of 50,000 numbers
    sentences = read_table_chunks(params, "sentences", ["doc_id", "sentence_id", "char_start", "text"])
    return build_estimate_tables(sentences, read_table(params, "documents")), None


_STAGE_FUNCTIONS: dict[str, Callable[[Params, int], StageResult]] = {
    "corpus": _corpus_stage,
    "framing": _framing_stage,
    "claims": _claims_stage,
    "estimates": _estimates_stage,
}
