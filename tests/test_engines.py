"""The Dask engine against the local one: the same tables on the fixture and the seeds, Parquet
datasets, corpora of many files, and a worker killed mid-run.

One LocalCluster of two worker processes serves the whole module (it starts in a few seconds).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import pandas as pd
import pytest

from analysis import PROJECT_ROOT
from analysis.engines import layout, run
from analysis.engines.dask import local_cluster, run_dask
from analysis.engines.layout import group_count
from analysis.params import InputError, Params, load_params
from analysis.pipeline import read_table, run_all
from analysis.stages import STAGE_TABLES

distributed = pytest.importorskip("distributed")

ALL_TABLES = [name for names in STAGE_TABLES.values() for name in names]
SORT_KEYS = ["doc_id", "sentence_id", "raw_char_start", "char_start", "frame", "genre", "rank", "cluster_id", "distance_threshold"]
ENGINE_KEYS = "\nengine:\n  partition_documents: {size}\n  table_format: {fmt}\n"


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from distributed import Client

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the worker plugin below
    # the engine's own cluster (local_cluster): the tests below kill workers one after another, and
    # with distributed's default a worker restarting while the lost-worker check ran stayed lost
    with local_cluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[callable]:
    """Params files for runs named after this test; their tables are removed afterwards."""
    made: list[Params] = []

    def make(label: str, template: str, size: int = 1, fmt: str = "csv", corpus: str = "", claims: str = "") -> Params:
        text = (PROJECT_ROOT / "params" / template).read_text(encoding="utf-8")
        if corpus:
            text = re.sub(r"(?ms)^corpus:\n.*?(?=^framing:)", corpus.lstrip("\n") + "\n", text)
        if claims:  # keys added to the claims section (keys it has already are replaced)
            for key in re.findall(r"(?m)^  (\w+):", claims):
                text = re.sub(rf"(?m)^  {key}:.*\n", "", text) if re.search(r"(?m)^claims:", text) else text
            text = text.replace("\nclaims:\n", "\nclaims:\n" + claims.strip("\n") + "\n", 1)
        path = tmp_path / f"pytest-engines-{label}-{tmp_path.name}.yaml"
        path.write_text(text + ENGINE_KEYS.format(size=size, fmt=fmt), encoding="utf-8")
        made.append(load_params(path))
        return made[-1]

    yield make
    for params in made:
        shutil.rmtree(params.processed_dir, ignore_errors=True)


def same_files(left: Params, right: Params) -> None:
    """Every CSV table and cleaned text of two runs identical, byte for byte."""
    names = sorted(p.name for p in left.processed_dir.glob("*.csv"))
    assert len(names) == len(ALL_TABLES)
    for name in names:
        assert (left.processed_dir / name).read_bytes() == (right.processed_dir / name).read_bytes(), name
    texts = sorted(p.name for p in (left.processed_dir / "clean").iterdir())
    assert texts and texts == sorted(p.name for p in (right.processed_dir / "clean").iterdir())
    for name in texts:
        assert (left.processed_dir / "clean" / name).read_bytes() == (right.processed_dir / "clean" / name).read_bytes()


def same_tables(left: Params, right: Params) -> None:
    """Every table of two runs equal row for row once sorted by its keys (any format)."""
    for name in ALL_TABLES:
        a, b = read_table(left, name), read_table(right, name)
        keys = [c for c in SORT_KEYS if c in a.columns]
        a, b = (t.sort_values(keys, kind="stable").reset_index(drop=True) for t in (a, b))
        pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=name)


def no_staging(params: Params) -> bool:
    return not list(params.processed_dir.glob(".staging-*")) and not list(params.processed_dir.rglob(".*.partial"))


def test_dask_engine_writes_the_local_engines_tables_on_the_fixture(client: object, runs: callable) -> None:
    local, dask = runs("local", "fixture.yaml"), runs("dask", "fixture.yaml")
    run_all(local, jobs=1)
    run_dask(dask, tuple(STAGE_TABLES), client=client)  # one article per partition: four partitions
    same_files(local, dask)
    assert no_staging(dask)


def test_dask_engine_writes_the_local_engines_tables_on_the_seeds(client: object, runs: callable) -> None:
    local, dask = runs("local-seeds", "default.yaml"), runs("dask-seeds", "default.yaml", size=2)
    run_all(local, jobs=1)
    run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_files(local, dask)


@pytest.mark.parametrize(("template", "size", "split_giant"), [("default.yaml", 2, "false"), ("default.yaml", 2, "true"), ("fixture.yaml", 1, "true")])
def test_the_graph_path_clustered_on_the_workers_gives_the_local_engines_claims(
    client: object, runs: callable, template: str, size: int, split_giant: str
) -> None:
    # a small max_claims_exact sends the claims down the large-corpus path: each block of the graph
    # reduced to its components on its worker, the components of 2+ claims clustered in batches on
    # the workers, at every swept threshold, and the tables made without the graph's edges
    claims = f"  max_claims_exact: 12\n  split_giant_components: {split_giant}\n"
    local, dask = runs("graph-local", template, claims=claims), runs("graph-dask", template, size=size, claims=claims)
    assert dask.claims.max_claims_exact == 12
    run_all(local, jobs=1)
    with distributed.get_task_stream(client) as stream:
        run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_files(local, dask)
    sweep = read_table(dask, "threshold_sweep")
    assert set(sweep["method"]) <= {"graph", "graph+whole", "graph+split"}
    if template == "default.yaml":  # the seeds' loosest thresholds chain claims into a component above 12
        assert (sweep["largest_cluster"] >= 3).any() and (sweep["method"] != "graph").any()
    batches = [task for task in stream.data if task["key"].startswith("_cluster_batch_task")]
    # components clustered in batches (the scheduler puts each beside its rows): the fixture's few fit in one
    assert len(batches) >= (2 if template == "default.yaml" else 1)
    n_partitions = len([task for task in stream.data if task["key"].startswith("_claim_vectors_task")])
    blocks = [task for task in stream.data if task["key"].startswith("_graph_block_task")]
    n_groups = group_count(2, n_partitions)  # two single-threaded workers
    assert n_partitions >= 3 and len(blocks) == n_groups * (n_groups + 1) // 2  # each pair of groups of partitions, and each with itself


def test_graph_blocks_and_shard_pieces_follow_the_groups_not_the_pairs_of_partitions(client: object, runs: callable) -> None:
    # one seed article per partition (five partitions) on two single-threaded workers: the graph's
    # blocks are pairs of groups of partitions and the term shards a few per thread, so fewer tasks
    # than one per pair of partitions (issue 14), and still the local engine's tables
    from analysis.engines.layout import term_shard_count

    claims = "  max_claims_exact: 12\n"
    local, dask = runs("layout-local", "default.yaml", claims=claims), runs("layout-dask", "default.yaml", size=1, claims=claims)
    run_all(local, jobs=1)
    with distributed.get_task_stream(client) as stream:
        run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_files(local, dask)

    def count(prefix: str) -> int:
        return len([task for task in stream.data if task["key"].startswith(prefix)])

    n_partitions = count("_claim_vectors_task")
    n_groups, n_shards = group_count(2, n_partitions), term_shard_count(2, n_partitions, 0)
    assert n_partitions == 5 and n_groups == 4 and n_shards == 4
    assert count("_graph_block_task") == n_groups * (n_groups + 1) // 2 < n_partitions * (n_partitions + 1) // 2
    assert count("_lookup_task") == n_partitions * n_shards < n_partitions**2
    assert count("_shard_vocabulary_task") == n_shards


def test_parquet_datasets_hold_the_same_tables_and_replace_the_csv(client: object, runs: callable) -> None:
    local, dask = runs("local-pq", "fixture.yaml"), runs("dask-pq", "fixture.yaml", fmt="parquet")
    run_all(local, jobs=1)
    (dask.processed_dir).mkdir(parents=True)
    (dask.processed_dir / "documents.csv").write_text("doc_id\nstale\n", encoding="utf-8")
    run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_tables(local, dask)
    assert not (dask.processed_dir / "documents.csv").exists()
    assert len(list((dask.processed_dir / "sentences.parquet").glob("part-*.parquet"))) == 4
    assert sorted(p.name for p in dask.processed_dir.glob("*.parquet")) == sorted(f"{n}.parquet" for n in ALL_TABLES)


def _write_archive(folder: Path, params: Params) -> None:
    """The fixture corpus as three JSON Lines files (one gzipped) and a Parquet file."""
    documents = read_table(params, "documents")
    records = []
    for row in documents.itertuples(index=False):
        text = "\n\n".join(read_table(params, "sentences").query("doc_id == @row.doc_id")["text"])
        records.append({"id": row.doc_id, "text": text, "outlet": row.outlet, "genre": row.genre})
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps(records[0]) + "\n\n" + json.dumps(records[1]) + "\n", encoding="utf-8")
    with gzip.open(folder / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(records[2]) + "\n")
    pd.DataFrame(records[3:]).to_parquet(folder / "c.parquet")


def test_a_glob_of_jsonl_and_parquet_files_reads_the_same_with_both_engines(client: object, runs: callable, tmp_path: Path) -> None:
    seed = runs("glob-seed", "fixture.yaml")
    run(seed, ("corpus",), jobs=1)
    _write_archive(tmp_path / "archive", seed)
    corpus = f"\ncorpus:\n  source: {tmp_path / 'archive'}/*\n  genre_field: genre\n  genres: [opinion, reporting, wire, liveblog]\n"
    local, dask = runs("glob-local", "fixture.yaml", corpus=corpus), runs("glob-dask", "fixture.yaml", corpus=corpus)
    run(local, tuple(STAGE_TABLES), jobs=1)
    run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_files(local, dask)
    documents = read_table(dask, "documents")
    assert len(documents) == len(read_table(seed, "documents"))
    assert sorted(documents["file"].str.split(":").str[0].unique()) == ["a.jsonl", "b.jsonl.gz", "c.parquet"]
    limited = runs("glob-limit", "fixture.yaml", corpus=corpus + "  limit_documents: 3\n")
    run_dask(limited, ("corpus",), client=client)
    first = read_table(limited, "documents")["file"]
    assert len(first) == 3 and sorted(first.str.split(":").str[0].unique()) == ["a.jsonl", "b.jsonl.gz"]


def test_an_id_repeated_across_files_stops_the_run_naming_both_places(client: object, runs: callable, tmp_path: Path) -> None:
    folder = tmp_path / "twice"
    folder.mkdir()
    for name in ("a.jsonl", "b.jsonl"):
        (folder / name).write_text(json.dumps({"id": "x1", "text": "North Korea sent troops."}) + "\n", encoding="utf-8")
    params = runs("twice", "fixture.yaml", corpus=f"\ncorpus:\n  source: {folder}/*.jsonl\n")
    with pytest.raises(InputError, match=r"b.jsonl:1: id x1 appears more than once \(first at .*a.jsonl:1\)"):
        run_dask(params, ("corpus",), client=client)
    assert not params.processed_dir.exists() or not list(params.processed_dir.glob("*.csv"))


SIGN_OFF = "The Ledger is printed each week by the Harbour Trust of Eastfield."
QUOTATION = "The minister said the new harbour wall would be finished by spring."
VERSIONS = ["Water rose over the quay wall before dawn on Tuesday.", "Boats in the inner basin broke from their moorings overnight.",
            "Crews from three towns pumped the flooded warehouses until noon.", "The tide gauge at the pier read its highest level since records began."]


def _furniture_archive(folder: Path) -> dict[str, str]:
    """Twenty articles, one per partition in the runs below: a sign-off of outlet A in four articles
    (four different stories: furniture), a minister's words printed by A and B (a shared quotation:
    kept), and four versions of one story of A sharing four paragraphs (one story: kept)."""
    words = "alder birch cedar dogwood elm fir ginkgo hazel juniper larch maple nutmeg oak pine rowan spruce teak willow yew zelkova".split()
    texts = {f"t{i:02d}": f"A survey of {tree} trees in the {tree} ward counted {i + 2} dead this {tree} season." for i, tree in enumerate(words)}
    for i in (1, 6, 11, 16):  # the sign-off lands in four different partitions
        texts[f"t{i:02d}"] += "\n\n" + SIGN_OFF
    for i in (2, 7, 12, 17):
        texts[f"t{i:02d}"] += "\n\n" + QUOTATION
    for i in (3, 8, 13, 18):
        texts[f"t{i:02d}"] += "\n\n" + "\n\n".join(VERSIONS)
    outlets = {doc_id: "B" if doc_id in ("t12", "t17") else "A" for doc_id in texts}
    folder.mkdir()
    lines = [json.dumps({"id": doc_id, "text": text, "outlet": outlets[doc_id]}) for doc_id, text in texts.items()]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return texts


def test_furniture_repeated_across_partitions_is_removed_as_the_local_engine_removes_it(client: object, runs: callable, tmp_path: Path) -> None:
    # each article is its own partition: the sign-off is furniture only when the keys of every
    # partition are counted together, and the versions of one story are told apart only with the
    # key sets of articles in other partitions
    _furniture_archive(tmp_path / "archive")
    corpus = f"\ncorpus:\n  source: {tmp_path / 'archive'}/*.jsonl\n"
    local, dask = runs("furniture-local", "fixture.yaml", corpus=corpus), runs("furniture-dask", "fixture.yaml", corpus=corpus)
    run(local, ("corpus",), jobs=1)
    with distributed.get_task_stream(client) as stream:
        run_dask(dask, ("corpus",), client=client)
    for name in STAGE_TABLES["corpus"]:
        assert (local.processed_dir / f"{name}.csv").read_bytes() == (dask.processed_dir / f"{name}.csv").read_bytes(), name
    texts = sorted(p.name for p in (local.processed_dir / "clean").iterdir())
    assert len(texts) == 20 and texts == sorted(p.name for p in (dask.processed_dir / "clean").iterdir())
    for name in texts:
        assert (local.processed_dir / "clean" / name).read_bytes() == (dask.processed_dir / "clean" / name).read_bytes()
    removed = read_table(dask, "removed_spans")
    furniture = removed[removed["rule"] == "repeated_across_articles"]
    assert sorted(furniture["doc_id"]) == ["t01", "t06", "t11", "t16"] and set(furniture["text"]) == {SIGN_OFF}
    kept = read_table(dask, "sentences")
    assert kept["text"].eq(QUOTATION).sum() == 4  # printed by two outlets: a quotation, not furniture
    assert kept["text"].isin(VERSIONS).sum() == 16  # shared by versions of one story: theirs
    assert not kept["text"].eq(SIGN_OFF).any()
    partitions = {task["key"] for task in stream.data if task["key"].startswith("_corpus_task")}
    assert len(partitions) == 20


def test_the_furniture_rule_turned_off_keeps_the_repeats_with_both_engines(client: object, runs: callable, tmp_path: Path) -> None:
    _furniture_archive(tmp_path / "archive")
    corpus = f"\ncorpus:\n  source: {tmp_path / 'archive'}/*.jsonl\n  repeat_min_documents: 0\n"
    local, dask = runs("nofurniture-local", "fixture.yaml", corpus=corpus), runs("nofurniture-dask", "fixture.yaml", corpus=corpus)
    run(local, ("corpus",), jobs=1)
    run_dask(dask, ("corpus",), client=client)
    for name in STAGE_TABLES["corpus"]:
        assert (local.processed_dir / f"{name}.csv").read_bytes() == (dask.processed_dir / f"{name}.csv").read_bytes(), name
    assert read_table(dask, "sentences")["text"].eq(SIGN_OFF).sum() == 4
    assert not (read_table(dask, "removed_spans")["rule"] == "repeated_across_articles").any()


class _NoTasks:
    """A stand-in client that fails a test the moment a task is submitted to it."""

    def submit(self, *args: object, **kwargs: object) -> None:
        raise AssertionError("a task was submitted")

    def scheduler_info(self, **kwargs: object) -> dict[str, dict[str, object]]:
        return {"workers": {"w1": {}, "w2": {}}}


def test_a_corpus_too_small_for_furniture_counts_no_keys_on_the_workers() -> None:
    from analysis.engines.dask import _furniture_keys

    params = load_params(PROJECT_ROOT / "params" / "fixture.yaml")
    least = params.corpus.repeat_min_documents
    assert least >= 2
    assert _furniture_keys(_NoTasks(), params, [object()] * 2, least - 1) == set()
    with pytest.raises(AssertionError, match="submitted"):  # a corpus that may hold furniture is counted
        _furniture_keys(_NoTasks(), params, [object()] * 2, least)


def unregister_when_back(client: object, name: str) -> None:
    """Remove worker plugin ``name``, then wait until the cluster's two workers are back. The
    scheduler drops the plugin before it tells the workers, so a worker the plugin killed, still
    restarting, comes back without it; telling that worker fails with CommClosedError (an
    OSError), which is the test's clean-up racing the nanny, not a failure of the engine. Removing
    first means a slow restart (a loaded machine) cannot leave the plugin killing the workers of
    the tests that share this cluster."""
    with contextlib.suppress(OSError):
        client.unregister_worker_plugin(name)
    client.wait_for_workers(2, timeout=300)


class KillOnce(distributed.WorkerPlugin):
    """Worker plugin: the worker that starts the first task named ``prefix`` dies at once (once per
    marker file, or every time without one)."""

    name = "kill-once"

    def __init__(self, prefix: str, marker: str) -> None:
        self.prefix, self.marker = prefix, marker

    def setup(self, worker: object) -> None:
        self.worker = worker

    def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
        if finish == "executing" and str(key).startswith(self.prefix):
            if self.marker and os.path.exists(self.marker):
                return
            if self.marker:
                Path(self.marker).touch()
            os._exit(1)


@pytest.mark.parametrize("task", ["_count_task", "_framing_task", "_claim_vectors_task"])
def test_a_worker_killed_mid_run_is_replaced_and_the_tables_are_the_same(client: object, runs: callable, tmp_path: Path, task: str) -> None:
    # a claims partition's rows are built from the counts its worker held, and a corpus partition's key
    # counts from the cleaned records its worker kept (phase 1): those are recomputed too
    reference, params = runs("kill-ref", "fixture.yaml"), runs("kill", "fixture.yaml")
    run_all(reference, jobs=1)
    client.register_plugin(KillOnce(task, str(tmp_path / "killed")), name="kill-once")
    try:
        run_dask(params, tuple(STAGE_TABLES), client=client)
    finally:
        unregister_when_back(client, "kill-once")
    assert (tmp_path / "killed").exists()  # a worker did die while running a partition's task
    same_files(reference, params)
    assert no_staging(params)
    run_dask(params, tuple(STAGE_TABLES), client=client)  # re-running gives the same tables
    same_files(reference, params)


def test_a_worker_that_keeps_dying_fails_with_one_line_and_leaves_the_tables(client: object, runs: callable) -> None:
    params = runs("kill-fail", "fixture.yaml")
    run_dask(params, ("corpus", "estimates"), client=client)
    before = {p.name: p.read_bytes() for p in params.processed_dir.glob("*.csv")}
    client.run_on_scheduler(lambda dask_scheduler: setattr(dask_scheduler, "allowed_failures", 0))
    client.register_plugin(KillOnce("_estimates_task", ""), name="kill-once")
    try:
        with pytest.raises(InputError, match=r"stage estimates: a partition's worker died repeatedly.*left as they were") as error:
            run_dask(params, ("estimates",), client=client)
    finally:
        unregister_when_back(client, "kill-once")
        client.run_on_scheduler(lambda dask_scheduler: setattr(dask_scheduler, "allowed_failures", 3))
    assert "\n" not in str(error.value)
    assert {p.name: p.read_bytes() for p in params.processed_dir.glob("*.csv")} == before
    assert no_staging(params)


def test_the_engines_local_cluster_leaves_a_lost_worker_to_its_nanny() -> None:
    """distributed closes the nanny of a worker gone for lost-worker-timeout (15 s): a killed worker
    restarting slowly on a loaded machine was lost for good ("Only 1/2 workers arrived")."""
    import dask
    from dask.utils import parse_timedelta

    before = dask.config.get("distributed.deploy.lost-worker-timeout")
    with local_cluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster:
        assert len(cluster.workers) == 1
        assert parse_timedelta(dask.config.get("distributed.deploy.lost-worker-timeout")) >= 3600
    assert dask.config.get("distributed.deploy.lost-worker-timeout") == before  # only for the cluster's lifetime


def test_an_unreachable_scheduler_is_one_line_naming_the_address(runs: callable, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.engines import dask as engine_module
    from analysis.engines.dask import connect

    monkeypatch.setattr(engine_module, "CONNECT_TIMEOUT", "1s")
    params = runs("nowhere", "fixture.yaml")
    engine = params.engine.__class__(name="dask", scheduler="tcp://127.0.0.1:9")
    with pytest.raises(InputError, match=r"engine.scheduler tcp://127.0.0.1:9: no Dask scheduler answers"):
        with connect(engine):
            pass


def test_command_line_flags_choose_the_engine_and_params_keys_are_checked(tmp_path: Path) -> None:
    from analysis.__main__ import with_engine

    params = load_params("params/fixture.yaml")
    assert params.engine.name == "local"
    assert with_engine(params, None, "tcp://host:8786").engine.name == "dask"
    assert with_engine(params, None, "tcp://host:8786").engine.scheduler == "tcp://host:8786"
    assert with_engine(params, "dask", None).engine.scheduler == ""
    with pytest.raises(InputError, match="--scheduler tcp://host:8786 needs the dask engine"):
        with_engine(params, "local", "tcp://host:8786")
    bad = tmp_path / "bad.yaml"
    bad.write_text("engine:\n  table_format: feather\n", encoding="utf-8")
    with pytest.raises(InputError, match="engine.table_format must be auto, csv or parquet"):
        load_params(bad)


def test_the_command_line_runs_the_dask_engine_and_prints_the_dashboard(runs: callable) -> None:
    import subprocess

    params = runs("cli", "fixture.yaml")
    params.path.write_text(params.path.read_text(encoding="utf-8") + "  n_workers: 1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "analysis", "run", "--params", str(params.path), "--engine", "dask", "--stage", "corpus"],
                            capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\[dask\] 1 workers; dashboard: http://\S+/status", result.stderr)
    sentences = len(read_table(params, "sentences"))
    assert f"[corpus] 4 documents, {sentences} sentences in 4 partitions, csv" in result.stderr


def test_dask_sizes_a_claim_part_by_its_frames_counts_and_names() -> None:
    """A partition's raw counts are sized by what they hold (Dask's own sizeof saw a few bytes), so
    the workers' managed memory counts them and can spill them."""
    from dask.sizeof import sizeof

    from analysis.engines.dask_claims import ClaimPart, _claim_settings
    from analysis.engines.stagefuncs import count_part, make_vectorizer

    params = load_params(PROJECT_ROOT / "params" / "default.yaml")
    vectoriser, min_words, _ = _claim_settings(params)
    rows = []  # each non-empty line of the seed articles as one sentence (real text)
    for path in sorted((PROJECT_ROOT / "data" / "raw" / "articles").glob("*.txt")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows += [{"doc_id": path.stem, "sentence_id": i, "char_start": 0, "char_end": len(line), "text": line, "is_heading": False} for i, line in enumerate(lines)]
    sentences = pd.DataFrame(rows)
    small = count_part(sentences.head(20), make_vectorizer(**vectoriser), min_words=min_words)
    large = count_part(sentences, make_vectorizer(**vectoriser), min_words=min_words)
    assert isinstance(large, ClaimPart)
    parts = sizeof(large.claims) + sizeof(large.counts.data) + sizeof(large.names)
    assert sizeof(large) >= parts > 10_000
    assert sizeof(small) < sizeof(large)


def test_dask_sizes_the_corpus_records_phase_one_leaves_on_a_worker() -> None:
    """Pass-1 records are sized by their texts, spans and keys (Dask's own sizeof saw a dataclass of
    a few bytes), so the records a partition keeps until phase 2 count in the worker's managed memory."""
    from dask.sizeof import sizeof

    from analysis.corpus.model import Article
    from analysis.corpus.rules import read_boilerplate_rules
    from analysis.engines.dask import Cleaned
    from analysis.engines.stagefuncs import clean_articles

    texts = {path.stem: path.read_text(encoding="utf-8") for path in sorted((PROJECT_ROOT / "data" / "raw" / "articles").glob("*.txt"))}
    records = clean_articles(
        [Article(doc_id, text, {}, doc_id) for doc_id, text in texts.items()],
        read_boilerplate_rules(PROJECT_ROOT / "analysis" / "lexicons" / "boilerplate.txt"), 6,
    )
    for doc_id, text in texts.items():
        record = next(record for record in records if record.doc_id == doc_id)
        record.text = text  # phase 1 keeps the raw text for phase 2
        assert isinstance(record, Cleaned)
        assert sizeof(record) > 2 * len(text)  # the raw text and the cleaned paragraphs, at least
    assert sizeof(records) > sum(len(text) for text in texts.values())


def test_no_claims_task_holds_every_term_of_a_corpus_of_several_partitions(client: object) -> None:
    """The claims stage's term statistics and vocabulary on the cluster: as many shards as the
    layout gives the cluster's threads, each shard's merge root and vocabulary a part of the terms,
    each partition's ranks its own."""
    from analysis.claims.partitioned import count_part
    from analysis.claims.vectorise import make_vectorizer
    from analysis.engines.dask_claims import _claim_settings, _term_shards
    from tests.test_claims_partitioned import SEEDS, round_robin

    params = load_params(PROJECT_ROOT / "params" / "default.yaml")
    vectoriser, min_words, _ = _claim_settings(params)
    local = [count_part(SEEDS[SEEDS["doc_id"].astype(str).isin(group)], make_vectorizer(**vectoriser), min_words=min_words) for group in round_robin(SEEDS, 4)]
    every_term = set().union(*(part.names.tolist() for part in local))
    terms, vectors = _term_shards(client, client.scatter(local), params)
    shards = client.gather(terms.shards)
    threads = sum(client.nthreads().values())  # the cluster's threads now (2 unless a worker is lost)
    assert len(shards) == layout.term_shard_count(threads, 4, sum(len(part.names) for part in local)) > 1
    assert terms.n_terms == len(every_term) == sum(len(shard) for shard in shards)
    assert max(shard.n_terms_before_cut for shard in shards) < 0.5 * len(every_term)
    for part, ranks, piece in zip(local, client.gather(terms.ranks), client.gather(vectors)):
        assert len(ranks.columns) == len(part.names) < len(every_term)
        assert piece[2].shape[1] == terms.n_terms


def test_the_graph_path_writes_the_claims_tables_in_parts_row_for_row_as_the_local_engine(client: object, runs: callable) -> None:
    # a multi-partition Parquet run on the graph path: the claims and set-aside tables are written by
    # one task per part, each from one interval of doc_ids, and read back in part order they are the
    # local engine's tables row for row (not only once sorted)
    import pyarrow.parquet as pq

    from analysis.engines.dask_claims import PART_TABLES
    from analysis.pipeline import parquet_parts

    claims = "  max_claims_exact: 12\n"
    local, dask = runs("parts-local", "default.yaml", claims=claims), runs("parts-dask", "default.yaml", size=2, fmt="parquet", claims=claims)
    run_all(local, jobs=1)
    with distributed.get_task_stream(client) as stream:
        run_dask(dask, tuple(STAGE_TABLES), client=client)
    for name in STAGE_TABLES["claims"]:
        pd.testing.assert_frame_equal(read_table(dask, name), read_table(local, name), check_dtype=False, obj=name)
    n_partitions = len(parquet_parts(dask.processed_dir / "sentences.parquet"))
    writers = [task for task in stream.data if task["key"].startswith("_claims_part_task")]
    assert n_partitions >= 3 and 2 <= len(writers) <= n_partitions
    for name in PART_TABLES:
        parts = parquet_parts(dask.processed_dir / f"{name}.parquet")
        rows = [pq.read_metadata(part).num_rows for part in parts]
        assert len(parts) == len(writers) and max(rows) < sum(rows), name  # no part (no task) holds the whole table
        firsts = [set(pq.read_table(part, columns=["doc_id"]).column("doc_id").to_pylist()) for part in parts]
        assert all(not (a & b) for i, a in enumerate(firsts) for b in firsts[i + 1 :]), name  # an article in one part
    cluster_writers = [task for task in stream.data if task["key"].startswith("_clusters_part_task")]
    assert len(cluster_writers) >= 2
    for name in ("clusters", "coverage"):
        rows = [pq.read_metadata(part).num_rows for part in parquet_parts(dask.processed_dir / f"{name}.parquet")]
        assert len(rows) == len(cluster_writers) and max(rows) < sum(rows), name


def test_part_bounds_cut_between_articles_in_string_order() -> None:
    from analysis.engines.dask_claims import part_bounds, part_of

    ordered = pd.Series(["10", "10", "10", "2", "9", "9"]).to_numpy(dtype=object)  # "10" < "2" < "9" as strings
    bounds = part_bounds(ordered, 3)
    assert bounds.tolist() == ["9"]  # the cut at row 2 falls inside "10", the first article: no empty part before it
    assert part_of(pd.Series(["10", "2", "9", "99"]), bounds).tolist() == [0, 0, 1, 1]
    assert part_bounds(ordered, 6).tolist() == ["2", "9"]
    assert part_bounds(ordered, 1).tolist() == [] and part_bounds(ordered[:0], 4).tolist() == []


def test_the_cluster_tables_parts_receive_texts_only_of_furniture_candidates() -> None:
    from analysis.engines.dask_claims import _cluster_frames_task, _furniture_candidates_task, cluster_edges

    labels = pd.Series([0, 0, 0, 1, 1, 2]).to_numpy()
    codes = pd.Series([0, 1, 2, 0, 0, 3]).to_numpy()  # cluster 0 in three articles, cluster 1 in one
    candidates = _furniture_candidates_task((labels, pd.DataFrame()), ([], codes, None))
    assert candidates.tolist() == [True, False, False]
    edges = cluster_edges(3, 2)
    assert edges.tolist() == [0, 1, 3] and cluster_edges(2, 5).tolist() == [0, 1, 2] and cluster_edges(3, 1).tolist() == [0, 3]
    claims = pd.DataFrame({"doc_id": ["a", "b", "c"], "sentence_id": [0, 1, 2], "text": ["kept text", "dropped text", "other"]})
    cut = _cluster_frames_task((claims, None, None), pd.Series([1, 3, 5]).to_numpy(), (labels, None), candidates, edges)
    assert [frame["doc_id"].tolist() for frame, _ in cut] == [["a"], ["b", "c"]] and cut[1][1].tolist() == [3, 5]
    assert cut[0][0]["text"].tolist() == ["kept text"] and cut[1][0]["text"].tolist() == ["", ""]


def held_after_stages(runs: callable, client: object, monkeypatch: pytest.MonkeyPatch, name: str, gone: dict[str, set[str]]) -> dict[str, set[str]]:
    """Run the seeds through both engines (the Dask one on 2-article partitions) and return, for
    each claims step named in ``gone``, the kinds of result the scheduler still holds in memory once
    that step is waited for. The driver's releases reach the scheduler as messages, so each look
    waits up to 10 s for the results of ``gone[step]`` to leave before it is taken. The tables must
    still be the local engine's."""
    from analysis.engines import dask_claims

    held: dict[str, set[str]] = {}
    original = dask_claims.wait_for

    def in_memory(dask_scheduler: Any) -> set[str]:
        return {str(key) for key, task in dask_scheduler.tasks.items() if task.state == "memory"}

    def watched(client_: Any, futures: list[Any], stage: str, **kwargs: Any) -> Any:
        result = original(client_, futures, stage, **kwargs)
        if stage in gone:
            deadline = time.monotonic() + 10
            while True:
                names = {key.split("-", 1)[0] for key in client_.run_on_scheduler(in_memory)}
                if not names & gone[stage] or time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            held[stage] = names
        return result

    monkeypatch.setattr(dask_claims, "wait_for", watched)
    claims = "  max_claims_exact: 12\n"
    local, dask = runs(f"{name}-local", "default.yaml", claims=claims), runs(f"{name}-dask", "default.yaml", size=2, claims=claims)
    run_all(local, jobs=1)
    run_dask(dask, tuple(STAGE_TABLES), client=client)
    same_files(local, dask)
    return held


def test_the_batch_phase_keeps_no_batch_rows_labels_or_specs_once_the_batches_are_described(
    client: object, runs: callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 14: at 400 MB a worker passed its memory limit in the batch phase, holding every batch's
    # rows, labels and specification until the tables were written. Once the descriptions are done,
    # the scheduler holds none of them (the driver kept no future of them), only the descriptions
    # the tables still read; and the tables are still the local engine's.
    held = held_after_stages(runs, client, monkeypatch, "release", {"claims descriptions": BATCH_RESULTS})
    names = held["claims descriptions"]
    assert "_describe_batch_task" in names and "_claim_vectors_task" in names  # what the tables still read
    assert not names & BATCH_RESULTS, names & BATCH_RESULTS


BATCH_RESULTS = {"_batch_piece_task", "_cluster_batch_task", "_batch_spec_task", "_sample_rows_task", "_ranked_of_rows_task"}
"""The batch phase's results that nothing reads once every batch is described."""


def test_the_vocabulary_shards_ranks_and_rule_columns_leave_the_workers_before_the_batches_are_described(
    client: object, runs: callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 14 (dask14g): at 80 MB the vocabulary's shards and the partitions' column ranks were
    # 45% of the workers' managed memory through the batch phase, held until the stage returned
    # though read only by the rule columns and the prefix splits before the graph's blocks. Once the
    # batches are clustered the scheduler holds none of them (nor the last block's prefix splits),
    # once they are described no rule columns or column names either; the tables stay the local engine's.
    held = held_after_stages(runs, client, monkeypatch, "vocab", {
        "claims components": VOCABULARY_RESULTS, "claims descriptions": VOCABULARY_RESULTS | DESCRIBED_INPUTS})
    assert "_claim_vectors_task" in held["claims components"]  # what the descriptions and tables still read
    assert "_column_names_task" in held["claims components"]
    assert not held["claims components"] & VOCABULARY_RESULTS, held["claims components"] & VOCABULARY_RESULTS
    assert not held["claims descriptions"] & (VOCABULARY_RESULTS | DESCRIBED_INPUTS)


VOCABULARY_RESULTS = {"_shard_vocabulary_task", "_column_ranks_task", "_split_task"}
"""The claims stage's term results read only before the graph's blocks are done."""

DESCRIBED_INPUTS = {"_rule_columns_task", "_column_names_task"}
"""Read by the batches' clustering and the descriptions alone."""
