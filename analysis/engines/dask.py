"""The Dask engine: the same stages on a ``dask.distributed`` cluster.

Without ``engine.scheduler`` a LocalCluster sized to the machine is started; with one, the user's
cluster is used (``dask scheduler`` / ``dask worker``, dask-jobqueue, Kubernetes). Workers read
and write the run's folder themselves, so on a cluster of several machines the project and
``data/processed/`` must sit at the same path on a shared file system (README "Running on a
cluster").

Each stage works on partitions of whole articles (:mod:`analysis.engines.readers`). The corpus,
framing and estimates stages run per partition on the workers; corpus-wide tables are combined
from per-partition pieces (:mod:`analysis.engines.combine`). Claims: terms counted and TF-IDF rows
built per partition, document frequencies merged on the workers (:mod:`analysis.claims.partitioned`);
the similarity graph in blocks of partition pairs on the workers, veto rules applied in each block,
each block reduced to its components there and the graph's components clustered in batches on the
workers (:mod:`analysis.engines.dask_claims`).

Writes are atomic as in the local engine: every part goes to a hidden staging folder of the run,
written under a hidden name and renamed when complete, and the stage's tables are moved into place
only when every partition has finished. A worker that dies has its partitions recomputed on the
others by the scheduler (each part rewrites the same file); if it keeps dying the run stops with a
one-line message and the tables stay as they were.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from dask.sizeof import sizeof
from tqdm import tqdm

from analysis.corpus import furniture as furniture_rule
from analysis.engines import combine
from analysis.engines.readers import Partition, check_unique, corpus_files, count_articles, partition_articles, partitions
from analysis.engines.stagefuncs import (
    DISTINCTIVE_PRIOR_SCALE,
    FURNITURE_RULE,
    Cleaned,
    KeyCounts,
    build_estimate_tables,
    candidate_keys,
    clean_articles,
    count_keys,
    finish_corpus,
    furniture_keys,
    gc_paused,
    settings_of,
    read_articles,
    read_boilerplate_rules,
)
from analysis.params import EngineParams, InputError, Params
from analysis.paths import resolve, shown
from analysis.pipeline import (
    CLEAN_TEXT_DIR,
    PARQUET_SUFFIX,
    clean_text_name,
    normalise_table,
    parquet_parts,
    read_parquet_dataset,
    replace_table,
    table_format,
    write_csv,
    write_parquet_part,
    write_text_in_chunks,
)
from analysis.stages import STAGE_TABLES


def run_dask(params: Params, stages: tuple[str, ...], client: Any = None) -> None:
    """Run ``stages`` in pipeline order on the cluster of ``params.engine`` (or on ``client``)."""
    ordered = [stage for stage in STAGE_TABLES if stage in stages]
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(connect(params.engine))
        workers = len(client.scheduler_info(n_workers=-1)["workers"])
        print(f"[dask] {workers} workers; dashboard: {client.dashboard_link}", file=sys.stderr)
        if "corpus" in ordered:
            _run_timed(client, params, "corpus")
        later = [stage for stage in ordered if stage != "corpus"]
        # framing, claims and estimates read only the corpus tables: their tasks share the cluster at
        # once (the claims task on one worker while the partitions of the others fill the rest)
        with ThreadPoolExecutor(max_workers=max(1, len(later))) as pool:
            for future in [pool.submit(_run_timed, client, params, stage) for stage in later]:
                future.result()


def _run_timed(client: Any, params: Params, stage: str) -> None:
    started = time.perf_counter()
    rows = _RUNNERS[stage](client, params)
    print(f"[{stage}] {rows} -> {shown(params.processed_dir)} ({time.perf_counter() - started:.1f} s, dask)", file=sys.stderr)


CONNECT_TIMEOUT = "10s"
"""How long to wait for the user's scheduler to answer."""


# A LocalCluster's nannies restart their own workers. distributed's SpecCluster also closes for good
# the nanny of a worker that has been gone for `distributed.deploy.lost-worker-timeout` (15 s by
# default), a rule for job-queue workers: a worker killed (its memory limit, a crash) whose restart
# takes longer than that on a loaded machine, or that dies again just as the check runs, loses its
# nanny, and the cluster runs on with one worker fewer until it is closed.
LOCAL_CLUSTER_CONFIG = {"distributed.deploy.lost-worker-timeout": "86400s"}


@contextlib.contextmanager
def local_cluster(**options: Any) -> Iterator[Any]:
    """A ``distributed.LocalCluster`` whose nannies alone decide when a lost worker comes back
    (:data:`LOCAL_CLUSTER_CONFIG` for the cluster's lifetime)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(**options) as cluster:
        yield cluster


@contextlib.contextmanager
def connect(engine: EngineParams) -> Iterator[Any]:
    """A client of the user's scheduler, or of a LocalCluster sized to the machine."""
    from distributed import Client

    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"engine.scheduler {engine.scheduler}: no Dask scheduler answers ({type(exc).__name__}); "
                "start one with `dask scheduler` and `dask worker ADDRESS`, or check the address"
            ) from None
        with client:
            yield client
        return
    with local_cluster(
        n_workers=engine.n_workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
        memory_limit=engine.memory_limit, dashboard_address=":0", silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


# ---------------------------------------------------------------------------------------------
# staging and waiting


@contextlib.contextmanager
def staging_folder(params: Params, stage: str) -> Iterator[Path]:
    folder = params.processed_dir
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{stage}-", dir=folder))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish_tables(staging: Path, folder: Path, names: tuple[str, ...], fmt: str, *, texts: bool = False) -> None:
    """Move a stage's complete tables from staging into the run's folder."""
    if texts:
        (staging / CLEAN_TEXT_DIR).mkdir(exist_ok=True)
        shutil.rmtree(folder / CLEAN_TEXT_DIR, ignore_errors=True)
        os.replace(staging / CLEAN_TEXT_DIR, folder / CLEAN_TEXT_DIR)
    suffix = PARQUET_SUFFIX if fmt == "parquet" else ".csv"
    for name in names:
        replace_table(staging / f"{name}{suffix}", folder, name, suffix)


def write_part(table: pd.DataFrame, staging: Path, name: str, fmt: str, index: int = 0) -> None:
    """One table (or one part of a Parquet dataset) into staging, complete or not at all."""
    if fmt == "parquet":
        write_parquet_part(table, staging / f"{name}{PARQUET_SUFFIX}" / f"part-{index:05d}.parquet")
        return
    partial = staging / f".{name}.csv.partial"
    write_csv(table, partial)  # the local engine's writer: same bytes, without pandas' copies of long texts
    os.replace(partial, staging / f"{name}.csv")


def gather_futures(client: Any, futures: list[Any], stage: str) -> list[Any]:
    """Wait for a stage's partitions with a progress bar; a worker lost for good becomes one line."""
    return wait_for(client, futures, stage, gather=True)


def wait_for(client: Any, futures: list[Any], stage: str, *, gather: bool = False) -> list[Any] | None:
    """Wait for ``futures`` with a progress bar, their results left on the workers unless ``gather``;
    a worker lost for good becomes one line (every future of the stage cancelled)."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    try:
        with tqdm(total=len(futures), desc=f"[dask] {stage}", unit="task", disable=None, leave=False) as bar:
            for future in as_completed(futures):
                if future.status == "error":
                    future.result()  # raises the task's own error (or KilledWorker)
                bar.update()
        return client.gather(futures) if gather else None
    except KilledWorker as exc:
        client.cancel(futures)
        raise InputError(
            f"stage {stage}: a partition's worker died repeatedly ({exc.args[0] if exc.args else 'task'}); "
            "the run's tables are left as they were: give the workers more memory (engine.memory_limit) "
            "or smaller partitions (engine.partition_documents) and re-run"
        ) from None
    except BaseException:
        client.cancel(futures)
        raise


# ---------------------------------------------------------------------------------------------
# inputs of the later stages


@dataclass(frozen=True)
class _ParquetPart:
    sentences: str
    documents: str


def stage_inputs(client: Any, params: Params) -> list[Any]:
    """One input per partition: the corpus stage's Parquet parts, or chunks of its CSV tables (a
    small run's: CSV is written below ``engine.parquet_min_documents`` articles)."""
    folder = params.processed_dir
    sentences_set, documents_set = folder / f"sentences{PARQUET_SUFFIX}", folder / f"documents{PARQUET_SUFFIX}"
    if sentences_set.is_dir() and documents_set.is_dir():
        sentence_parts, document_parts = parquet_parts(sentences_set), parquet_parts(documents_set)
        if [p.name for p in sentence_parts] == [p.name for p in document_parts]:
            return [_ParquetPart(str(s), str(d)) for s, d in zip(sentence_parts, document_parts)]
    from analysis.pipeline import read_table

    sentences, documents = read_table(params, "sentences"), read_table(params, "documents")
    # handed over inside the tasks (not scattered) so that a lost worker's partitions can be recomputed
    return combine.split_by_documents(sentences, documents, params.engine.partition_documents)


def load_partition(source: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    if isinstance(source, _ParquetPart):
        read = lambda path: normalise_table(read_parquet_dataset_part(path))  # noqa: E731
        return read(source.sentences), read(source.documents)
    return source


def read_parquet_dataset_part(path: str) -> pd.DataFrame:
    """One part file of a Parquet dataset."""
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pandas()


# ---------------------------------------------------------------------------------------------
# corpus


# The corpus stage in two phases, so that the ``repeated_across_articles`` rule sees the whole corpus
# as the local engine's build_corpus does (a line repeated in articles of different partitions is
# furniture too): phase 1 cleans, segments and keys each partition and leaves the records on its
# worker; the keys are counted per partition, in shards of the key space, and each shard's counts
# merged on the workers (no worker holds the counts of every key); the articles holding a candidate
# key of one outlet send their key sets for the story check; each shard's furniture keys are
# decided there and joined; phase 2 lays out each partition's tables from its records with them.


@sizeof.register(Cleaned)
def _sizeof_cleaned(record: Cleaned) -> int:
    """Bytes of one article's pass-1 record: its raw text, paragraphs (text and runs), sentence spans,
    keys and removed spans. Without it Dask's ``sizeof`` sees the dataclass's own few bytes, so the
    records phase 1 leaves on a worker until phase 2 are not in its managed memory and its memory
    manager cannot spill them (docs/PROFILING.md, dask14b)."""
    paragraphs = sum(sys.getsizeof(paragraph.text) + sizeof(paragraph.runs) for paragraph in record.paragraphs)
    return int(
        sys.getsizeof(record.text) + paragraphs + sizeof(record.metadata) + sizeof(record.sentences)
        + sizeof(record.paragraph_keys) + sizeof(record.sentence_keys) + sizeof(record.removed)
    )


def _clean_task(source: Any, params: Params, rules: list) -> list[Any]:
    """Phase 1 on one partition: its articles read, cleaned, segmented and keyed, raw texts kept for phase 2."""
    articles = partition_articles(source, params.corpus, shown(params.path)) if isinstance(source, Partition) else source
    cleaned = clean_articles(articles, rules, settings_of(params.corpus).min_words)
    for record, article in zip(cleaned, articles):
        record.text = article.text
    return cleaned


def _count_task(cleaned: list[Any], shards: int) -> list[KeyCounts]:
    """One partition's key counts (articles per key, outlets), one per shard of the key space (key % shards);
    every shard counts all the partition's articles, as the rule's share of all articles needs."""
    keys_of = [record.keys() for record in cleaned]
    outlets = [str(record.metadata.get("outlet", "")) for record in cleaned]
    return [
        count_keys((outlet, [key for key in keys if key % shards == shard]) for outlet, keys in zip(outlets, keys_of))
        for shard in range(shards)
    ]


def _shard_task(counts: list[KeyCounts], shard: int) -> KeyCounts:
    return counts[shard]


def _merge_counts_task(*parts: KeyCounts) -> KeyCounts:
    """Some partitions' counts of one shard together (a step of the tree reduction; the parts are not changed)."""
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    return merged


def _candidates_task(counts: KeyCounts, settings: Any) -> set[int]:
    """A shard's keys of one outlet that pass the counts: the only ones that need the story check."""
    return candidate_keys(counts, settings)[0]


def _holders_task(cleaned: list[Any], *candidates: set[int]) -> list[set[int]]:
    """The key sets of one partition's articles holding a candidate key of any shard (what the story check reads)."""
    wanted = set().union(*candidates)
    return [keys for keys in (record.keys() for record in cleaned) if not keys.isdisjoint(wanted)]


def _decide_task(counts: KeyCounts, settings: Any, *holders: list[set[int]]) -> set[int]:
    """A shard's furniture keys, as :func:`analysis.corpus.furniture.furniture_keys` picks them from every
    article's keys: articles holding no candidate key take no part in the story check."""
    return furniture_keys(counts, settings, [keys for part in holders for keys in part])


def _join_task(*shards: set[int]) -> set[int]:
    return set().union(*shards)


MERGE_FAN_IN = 8
"""Partitions' key counts merged per task of the tree reduction."""


def _furniture_keys(client: Any, params: Params, cleaned: list[Any], n_documents: int) -> Any:
    """The corpus's furniture keys (a future on a worker), from phase 1's records left on the workers.

    The key space is cut into as many shards as there are workers (at most one per partition), each
    reduced on its own: the counts of a key live on one worker only. The keys picked do not depend on
    the number of shards. A corpus of fewer than the rule's ``min_documents`` articles (``n_documents``,
    those read) can hold no furniture, so no key is counted, as in the local engine's
    :func:`analysis.corpus.build.build_corpus`."""
    settings = settings_of(params.corpus)
    if not furniture_rule.may_find(settings, n_documents):
        return set()
    shards = max(1, min(len(cleaned), len(client.scheduler_info(n_workers=-1)["workers"])))
    counted = [client.submit(_count_task, part, shards, pure=False) for part in cleaned]
    merged = []
    for shard in range(shards):
        level = [client.submit(_shard_task, counts, shard, pure=False) for counts in counted]
        while len(level) > 1:
            level = [client.submit(_merge_counts_task, *level[i : i + MERGE_FAN_IN], pure=False) for i in range(0, len(level), MERGE_FAN_IN)]
        merged.append(level[0])
    candidates = [client.submit(_candidates_task, counts, settings, pure=False) for counts in merged]
    holders = [client.submit(_holders_task, part, *candidates, pure=False) for part in cleaned]
    decided = [client.submit(_decide_task, counts, settings, *holders, pure=False) for counts in merged]
    return client.submit(_join_task, *decided, pure=False)


def _corpus_task(cleaned: list[Any], furniture: set[int], staging: str | None, index: int) -> dict[str, Any]:
    """Phase 2 on one partition: its tables, furniture removed; with ``staging`` write its parts there and
    return a summary."""
    ids = [record.doc_id for record in cleaned]
    # a copy of the list: phase 1's stays whole for a retry; the driver logs the rule once for all partitions
    with gc_paused():  # as in build_corpus: the layout allocates many small acyclic objects
        corpus = finish_corpus(list(cleaned), furniture, sort=len(set(ids)) < len(ids), log=False)
    tables = {"documents": corpus.documents, "sentences": corpus.sentences, "removed_spans": corpus.removed_spans}
    summary = {
        "ids": corpus.documents[["doc_id", "file"]].astype(str).values.tolist() if "file" in corpus.documents else
        [[d, d] for d in corpus.documents["doc_id"].astype(str)],
        "columns": list(corpus.documents.columns),
        "n_sentences": len(corpus.sentences),
        "furniture": _furniture_rows(corpus.removed_spans),
    }
    if staging is None:
        return {**summary, "tables": tables, "texts": corpus.clean_texts}
    folder = Path(staging)
    for name, table in tables.items():
        write_part(table, folder, name, "parquet", index)
    (folder / CLEAN_TEXT_DIR).mkdir(exist_ok=True)
    for doc_id, text in corpus.clean_texts.items():
        target = folder / CLEAN_TEXT_DIR / clean_text_name(doc_id)
        partial = target.with_name(f".{target.name}.partial")
        write_text_in_chunks(text, partial)
        os.replace(partial, target)
    return summary


def _furniture_rows(removed_spans: pd.DataFrame) -> list[tuple[str, str]]:
    """(doc_id, folded text) of each span the ``repeated_across_articles`` rule removed, for the stage's log line."""
    rows = removed_spans[removed_spans["rule"] == FURNITURE_RULE]
    return list(zip(rows["doc_id"].astype(str), rows["text"].astype(str).str.casefold()))


def _log_furniture(rows: list[tuple[str, str]]) -> None:
    """The local engine's log line of the rule (:mod:`analysis.corpus.build`), for all partitions at once."""
    if rows:
        distinct, n_docs = len({text for _, text in rows}), len({doc_id for doc_id, _ in rows})
        print(f"[corpus] {FURNITURE_RULE}: {len(rows):,} paragraphs or sentences ({distinct:,} distinct) removed from {n_docs:,} articles", file=sys.stderr)


def _conform_task(path: str, columns: list[str]) -> None:
    write_parquet_part(combine.conform_documents(normalise_table(read_parquet_dataset_part(path)), columns), Path(path))


def _run_corpus(client: Any, params: Params) -> str:
    params_file = shown(params.path)
    rules = read_boilerplate_rules(resolve(params.corpus.boilerplate_rules))
    files = corpus_files(params.corpus, params_file)
    size = params.engine.partition_documents
    if files is None:  # a folder with a metadata file: validated as a whole where it lies
        articles = list(read_articles(params.corpus, params_file))
        sources: list[Any] = [articles[i : i + size] for i in range(0, len(articles), size)] or [[]]
        n_documents = len(articles)
    else:
        counted = [client.submit(count_articles, str(f), params.corpus, params_file, pure=False) for f in files]
        sources = partitions(files, gather_futures(client, counted, "corpus files"), size, params.corpus.limit_documents)
        n_documents = sum(part.stop - part.start for part in sources)
    fmt = table_format(params, n_documents)
    with staging_folder(params, "corpus") as staging:
        target = str(staging) if fmt == "parquet" else None
        cleaned = [client.submit(_clean_task, s, params, rules, pure=False) for s in sources]
        furniture = _furniture_keys(client, params, cleaned, n_documents)
        futures = [client.submit(_corpus_task, part, furniture, target, i, pure=False) for i, part in enumerate(cleaned)]
        wait_for(client, cleaned, "corpus: cleaning")
        results = gather_futures(client, futures, "corpus")
        # phase 1's records freed on the workers once no future holds them (cancelling finished keys
        # upsets the scheduler's bookkeeping: distributed logs an AssertionError in stimulus_cancel)
        del cleaned, furniture, futures
        seen: dict[str, str] = {}
        for result in results:
            for doc_id, origin in result["ids"]:
                check_unique(doc_id, origin, seen)
        columns = combine.document_columns(r["columns"] for r in results)
        if fmt == "parquet":
            odd = [staging / f"documents{PARQUET_SUFFIX}" / f"part-{i:05d}.parquet" for i, r in enumerate(results) if r["columns"] != columns]
            gather_futures(client, [client.submit(_conform_task, str(p), columns, pure=False) for p in odd], "corpus columns")
        else:
            parts = [r["tables"] for r in results]
            documents = combine.conform_documents(combine.join_sorted("documents", [p["documents"] for p in parts]), columns)
            write_part(documents, staging, "documents", fmt)
            for name in ("sentences", "removed_spans"):
                write_part(combine.join_sorted(name, [p[name] for p in parts]), staging, name, fmt)
            (staging / CLEAN_TEXT_DIR).mkdir()
            for result in results:
                for doc_id, text in result["texts"].items():
                    write_text_in_chunks(text, staging / CLEAN_TEXT_DIR / clean_text_name(doc_id))
        publish_tables(staging, params.processed_dir, STAGE_TABLES["corpus"], fmt, texts=True)
    _log_furniture([row for r in results for row in r["furniture"]])
    return f"{len(seen):,} documents, {sum(r['n_sentences'] for r in results):,} sentences in {len(results)} partitions, {fmt}"


# ---------------------------------------------------------------------------------------------
# framing


_PART_TABLES = {"framing": ("framing_sentences", "framing_documents", "frame_emphasis"), "estimates": STAGE_TABLES["estimates"]}


def _framing_task(source: Any, params: Params, staging: str | None, index: int) -> dict[str, Any]:
    sentences, documents = load_partition(source)
    settings = params.framing
    piece = combine.framing_part(sentences, documents, n_bootstrap=settings.n_bootstrap, seed=settings.seed)
    if staging is not None:
        for name in _PART_TABLES["framing"]:  # the profiles stay: the corpus-wide tables read them
            write_part(piece[name] if name == "framing_documents" else piece.pop(name), Path(staging), name, "parquet", index)
    return piece


def _framing_corpus_task(pieces: list[dict[str, Any]], params: Params, staging: str | None) -> dict[str, pd.DataFrame]:
    settings = params.framing
    tables = combine.framing_corpus_tables(
        pieces, n_bootstrap=settings.n_bootstrap, seed=settings.seed, min_count=settings.distinctive_min_count,
        prior_scale=DISTINCTIVE_PRIOR_SCALE, top_n=settings.distinctive_top_n,
    )
    if staging is None:
        return tables
    for name, table in tables.items():
        write_part(table, Path(staging), name, "parquet")
    return {name: table.head(0) for name, table in tables.items()}


def _run_framing(client: Any, params: Params) -> str:
    fmt = table_format(params)
    inputs = stage_inputs(client, params)
    with staging_folder(params, "framing") as staging:
        target = str(staging) if fmt == "parquet" else None
        futures = [client.submit(_framing_task, s, params, target, i, pure=False) for i, s in enumerate(inputs)]
        gather_futures(client, list(futures), "framing")
        corpus_wide = client.submit(_framing_corpus_task, futures, params, target, pure=False)
        tables = gather_futures(client, [corpus_wide], "framing (corpus-wide)")[0]
        if fmt == "csv":
            pieces = client.gather(futures)
            for name in _PART_TABLES["framing"]:
                tables[name] = combine.join_sorted(name, [p[name] for p in pieces])
            for name, table in tables.items():
                write_part(table, staging, name, fmt)
        client.cancel(futures)
        publish_tables(staging, params.processed_dir, STAGE_TABLES["framing"], fmt)
    return f"{len(inputs)} partitions, {fmt}"


# ---------------------------------------------------------------------------------------------
# estimates


def _estimates_task(source: Any, staging: str | None, index: int) -> dict[str, Any]:
    sentences, documents = load_partition(source)
    tables = build_estimate_tables(sentences, documents)
    if staging is None:
        return tables
    for name, table in tables.items():
        write_part(table, Path(staging), name, "parquet", index)
    return {name: len(table) for name, table in tables.items()}


def _run_estimates(client: Any, params: Params) -> str:
    fmt = table_format(params)
    inputs = stage_inputs(client, params)
    with staging_folder(params, "estimates") as staging:
        target = str(staging) if fmt == "parquet" else None
        results = gather_futures(client, [client.submit(_estimates_task, s, target, i, pure=False) for i, s in enumerate(inputs)], "estimates")
        if fmt == "csv":
            for name in STAGE_TABLES["estimates"]:
                write_part(combine.join_sorted(name, [r[name] for r in results]), staging, name, fmt)
            count = sum(len(r["estimates"]) for r in results)
        else:
            count = sum(r["estimates"] for r in results)
        publish_tables(staging, params.processed_dir, STAGE_TABLES["estimates"], fmt)
    return f"{count:,} estimates in {len(inputs)} partitions, {fmt}"


# ---------------------------------------------------------------------------------------------
# claims (:mod:`analysis.engines.dask_claims`, which builds on the helpers above)


def _run_claims(client: Any, params: Params) -> str:
    from analysis.engines.dask_claims import run_claims

    return run_claims(client, params)


_RUNNERS = {"corpus": _run_corpus, "framing": _run_framing, "claims": _run_claims, "estimates": _run_estimates}
