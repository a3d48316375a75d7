"""The command line: one-line errors, non-zero exits, and no half-written outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import PROJECT_ROOT
from analysis.pipeline import write_tables
from analysis.stages import STAGE_TABLES


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=PROJECT_ROOT)


def test_bad_corpus_exits_non_zero_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (tmp_path / "articles.csv").write_text("doc_id,file,genre\na,a.txt,wire\n", encoding="utf-8")
    run_name = f"pytest-bad-input-{tmp_path.name}"
    params = tmp_path / f"{run_name}.yaml"
    params.write_text(f"corpus:\n  source: {folder}\n  metadata: {tmp_path / 'articles.csv'}\n", encoding="utf-8")
    result = run_cli("run", "--params", str(params))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and "a.txt" in result.stderr
    assert not (PROJECT_ROOT / "data" / "processed" / run_name).exists()


def test_bad_params_exit_non_zero(tmp_path: Path) -> None:
    params = tmp_path / "x.yaml"
    params.write_text("claims:\n  nonsense: 1\n", encoding="utf-8")
    result = run_cli("run", "--params", str(params))
    assert result.returncode == 2 and "unknown key claims.nonsense" in result.stderr


def test_inputs_lists_the_corpus_files() -> None:
    result = run_cli("inputs", "--params", "params/default.yaml")
    assert result.returncode == 0
    assert "data/raw/articles.csv" in result.stdout.splitlines()


class BrokenTable(pd.DataFrame):
    def to_csv(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
        raise OSError("disk full")


def test_a_failed_write_leaves_the_previous_tables_untouched(tmp_path: Path) -> None:
    write_tables({"first": pd.DataFrame({"a": [1]})}, tmp_path)
    with pytest.raises(OSError):
        write_tables({"first": pd.DataFrame({"a": [2]}), "second": BrokenTable({"b": [1]})}, tmp_path)
    assert pd.read_csv(tmp_path / "first.csv")["a"].tolist() == [1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first.csv"]


def test_read_table_keeps_document_ids_as_strings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.params import load_params
    from analysis.pipeline import read_table

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    pd.DataFrame({"doc_id": ["007"], "representative_doc_id": ["001"], "doc_ids": ["001"], "title": [None], "n": [3]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    table = read_table(params, "t")
    assert table.loc[0, ["doc_id", "representative_doc_id", "doc_ids", "title"]].tolist() == ["007", "001", "001", ""]
    assert table.loc[0, "n"] == 3


def test_read_table_columns_and_first_sentences_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    monkeypatch.setattr(pipeline, "TABLE_CHUNK_ROWS", 2)  # the first sentence of "007" is in the last chunk
    pd.DataFrame({
        "doc_id": ["007", "b", "b", "b", "007"], "sentence_id": [1, 2, 0, 1, 0], "text": ["second", "c", "a", "", "1.50"],
        "is_heading": [False] * 5,
    }).to_csv(tmp_path / "sentences.csv", index=False)
    assert pipeline.read_table(params, "sentences", ["text", "doc_id"]).columns.tolist() == ["doc_id", "text"]
    first = pipeline.read_first_sentences(params)
    assert first.values.tolist() == [["007", 0, "1.50"], ["b", 0, "a"]]


def test_read_table_n_rows_reads_only_the_first_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    pd.DataFrame({"doc_id": ["007", "b", "c"], "char_start": [0, 5, 9], "sentence": ["one", "", "three"]}).to_csv(tmp_path / "estimates.csv", index=False)
    head = pipeline.read_table(params, "estimates", ["doc_id", "sentence"], n_rows=2)
    assert head.values.tolist() == [["007", "one"], ["b", ""]]
    assert len(pipeline.read_table(params, "estimates", n_rows=10)) == 3  # more rows asked than there are: all of them
    assert len(pipeline.read_table(params, "estimates")) == 3


def test_parallel_stages_write_the_same_tables_as_sequential(tmp_path: Path) -> None:
    import shutil

    fixture = (PROJECT_ROOT / "params" / "fixture.yaml").read_text(encoding="utf-8")
    folders = {}
    try:
        for jobs in (1, 2):
            run_name = f"pytest-jobs{jobs}-{tmp_path.name}"
            params = tmp_path / f"{run_name}.yaml"
            params.write_text(fixture, encoding="utf-8")
            result = run_cli("run", "--params", str(params), "--jobs", str(jobs))
            assert result.returncode == 0, result.stderr
            folders[jobs] = PROJECT_ROOT / "data" / "processed" / run_name
        tables = sorted(p.name for p in folders[1].glob("*.csv"))
        assert len(tables) == sum(len(names) for names in STAGE_TABLES.values())
        for name in tables:
            assert (folders[1] / name).read_bytes() == (folders[2] / name).read_bytes(), name
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)


# Every failure a user can cause, end to end: (setup, text the one-line message must contain).
GOOD_TEXT = "North Korea sent troops. Officials said so on Tuesday.\n".encode()


def _corpus(root: Path, files: dict[str, bytes], rows: list[str]) -> str:
    folder = root / "articles"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (root / "articles.csv").write_text("doc_id,file,genre\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return f"corpus:\n  source: {folder}\n  metadata: {root / 'articles.csv'}\n"


BAD_INPUTS = {
    "corpus folder missing": (lambda root: f"corpus:\n  source: {root / 'nowhere'}\n", "nowhere"),
    "empty file": (lambda root: _corpus(root, {"a.txt": b""}, ["a,a.txt,wire"]), "a.txt"),
    "binary file": (lambda root: _corpus(root, {"a.txt": b"\x89PNG\x00\x00IHDR"}, ["a,a.txt,wire"]), "a.txt"),
    "not utf-8": (lambda root: _corpus(root, {"a.txt": "Café “naïve”.".encode("cp1252")}, ["a,a.txt,wire"]), "looks like cp1252"),
    "file without metadata row": (lambda root: _corpus(root, {"a.txt": GOOD_TEXT, "b.txt": GOOD_TEXT}, ["a,a.txt,wire"]), "b.txt"),
    "metadata row without file": (lambda root: _corpus(root, {"a.txt": GOOD_TEXT}, ["a,a.txt,wire", "b,b.txt,wire"]), "b.txt"),
    "duplicate doc_id": (lambda root: _corpus(root, {"a.txt": GOOD_TEXT, "b.txt": GOOD_TEXT}, ["a,a.txt,wire", "a,b.txt,wire"]), "doc_id a"),
    "unknown genre": (lambda root: _corpus(root, {"a.txt": GOOD_TEXT}, ["a,a.txt,blog"]), "'blog'"),
    "params not valid YAML": (lambda root: "corpus: [unclosed\n", "yaml"),
    "unknown params key": (lambda root: "claims:\n  threshold: 0.5\n", "distance_threshold"),
    "params value of the wrong type": (lambda root: "claims:\n  distance_threshold: close\n", "claims.distance_threshold"),
    "json lines not utf-8": (lambda root: _jsonl(root, '{"id": "a", "text": "Café"}\n'.encode("cp1252")), "corpus.encoding"),
    "json lines bad gzip": (lambda root: _jsonl(root, b"not gzip at all", name="a.jsonl.gz"), "gzip"),
}


def _jsonl(root: Path, data: bytes, name: str = "a.jsonl") -> str:
    (root / name).write_bytes(data)
    return f"corpus:\n  source: {root / name}\n"


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_bad_input_gives_one_line_naming_the_file_exit_2_and_no_outputs(tmp_path: Path, case: str) -> None:
    setup, expected = BAD_INPUTS[case]
    run_name = f"pytest-bad-{case.replace(' ', '-')}-{tmp_path.name}"
    params = tmp_path / f"{run_name}.yaml"
    params.write_text(setup(tmp_path), encoding="utf-8")
    result = run_cli("run", "--params", str(params))
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert expected.lower() in result.stderr.lower()
    assert str(tmp_path) in result.stderr or params.name in result.stderr or "articles" in result.stderr  # names the file
    assert not (PROJECT_ROOT / "data" / "processed" / run_name).exists()


def test_make_stops_non_zero_on_bad_input_and_leaves_no_outputs() -> None:
    import os

    run_name = "pytest-bad-make"
    params = PROJECT_ROOT / "params" / f"{run_name}.yaml"
    params.write_text("claims:\n  distance_threshold: close\n", encoding="utf-8")
    # A clean environment for the inner make: no jobserver or flags of the make running the tests.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    try:
        result = subprocess.run(["make", f"RUN={run_name}"], capture_output=True, text=True, cwd=PROJECT_ROOT, env=env)
    finally:
        params.unlink()
    assert result.returncode != 0
    assert f"error: params/{run_name}.yaml" in result.stderr + result.stdout
    assert not (PROJECT_ROOT / "data" / "processed" / run_name).exists()
    assert not (PROJECT_ROOT / "reports" / run_name).exists()


def test_document_ids_that_are_not_file_names_still_get_their_clean_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.params import load_params
    from analysis.pipeline import read_clean_text

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    texts = {"business/001": "One.", "../up": "Two.", "a b?": "Three."}
    write_tables({"documents": pd.DataFrame({"doc_id": list(texts)})}, tmp_path, texts)
    assert {doc_id: read_clean_text(params, doc_id) for doc_id in texts} == texts
    assert sorted(p.name for p in (tmp_path / "clean").iterdir()) == ["..%2Fup.txt", "a%20b%3F.txt", "business%2F001.txt"]


def test_inputs_lists_every_file_a_corpus_glob_matches(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("a.jsonl", "b.jsonl.gz", "notes.txt"):
        (archive / name).write_bytes(b"")
    params = tmp_path / "globbed.yaml"
    params.write_text(f"corpus:\n  source: {archive}/*.jsonl*\n", encoding="utf-8")
    listed = run_cli("inputs", "--params", str(params)).stdout.splitlines()
    assert [Path(p).name for p in listed if Path(p).parent == archive] == ["a.jsonl", "b.jsonl.gz"]


def _make_env(run_name: str) -> dict[str, str]:
    """The environment of a make that already holds the run's lock (so no wrapper step), free of the outer make's flags."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    env["ANALYSIS_RUN_LOCK"] = str(PROJECT_ROOT / "data" / "processed" / ".locks" / f"{run_name}.lock")
    return env


@pytest.mark.parametrize("table_format", ["parquet", "auto"])
def test_a_run_whose_tables_are_parquet_datasets_is_up_to_date_for_make(table_format: str) -> None:
    import shutil

    run_name = f"pytest-parquet-{table_format}"
    params = PROJECT_ROOT / "params" / f"{run_name}.yaml"
    processed = PROJECT_ROOT / "data" / "processed" / run_name
    params.write_text(f"engine:\n  table_format: {table_format}\n", encoding="utf-8")
    try:
        suffix = run_cli("inputs", "--params", str(params), "--table-suffix").stdout.splitlines()[0]
        assert suffix == (".parquet" if table_format == "parquet" else ".csv")  # auto: CSV until a run wrote Parquet
        processed.mkdir(parents=True)
        for name in (n for names in STAGE_TABLES.values() for n in names):  # what the engines write, newer than the code
            (processed / f"{name}.parquet").mkdir()
            (processed / f"{name}.parquet" / "part-00000.parquet").write_bytes(b"")
        assert run_cli("inputs", "--params", str(params), "--table-suffix").stdout.splitlines()[0] == ".parquet"
        question = subprocess.run(["make", "-q", f"RUN={run_name}", "tables"], capture_output=True, text=True, cwd=PROJECT_ROOT, env=_make_env(run_name))
        assert question.returncode == 0, question.stdout + question.stderr  # 1 would mean make reruns the stages
    finally:
        params.unlink()
        shutil.rmtree(processed, ignore_errors=True)


def test_read_rows_keeps_only_the_keyed_rows_in_table_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    monkeypatch.setattr(pipeline, "TABLE_CHUNK_ROWS", 2)  # the keyed rows lie in different chunks
    table = pd.DataFrame({
        "doc_id": ["007", "007", "b", "7", "b"], "sentence_id": [0, 1, 0, 1, 1], "text": ["a", "", "c", "d", "e"], "n": [1, 2, 3, 4, 5],
    })  # fmt: skip
    table.to_csv(tmp_path / "sentences.csv", index=False)
    keys = pd.DataFrame({"doc_id": ["b", "007", "007", "x"], "sentence_id": [1, 1, 0, 0]})  # out of order, one absent
    rows = pipeline.read_rows(params, "sentences", keys, ["text"])
    assert rows.values.tolist() == [["007", 0, "a"], ["007", 1, ""], ["b", 1, "e"]]  # "7" is not "007"; b/0 is not keyed
    assert pipeline.read_rows(params, "sentences", keys.head(0), ["text"]).empty
    by_doc = pipeline.read_rows(params, "sentences", pd.DataFrame({"doc_id": ["b"]}))
    assert by_doc.columns.tolist() == table.columns.tolist() and by_doc["n"].tolist() == [3, 5]
    dataset = tmp_path / f"sentences{pipeline.PARQUET_SUFFIX}"
    dataset.mkdir()
    table.iloc[:3].to_parquet(dataset / "part-00000.parquet", index=False)
    table.iloc[3:].to_parquet(dataset / "part-00001.parquet", index=False)
    (tmp_path / "sentences.csv").unlink()
    assert pipeline.read_rows(params, "sentences", keys, ["text"]).values.tolist() == rows.values.tolist()


def test_read_rows_gives_the_same_cells_from_csv_and_parquet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A number column set in other rows but empty in every kept row reads as empty strings from
    either format, since rows are chosen before the table is normalised."""
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    table = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "value": [None, None, 2.5]})
    keys = pd.DataFrame({"doc_id": ["a"], "sentence_id": [1]})
    pipeline.write_csv(table, tmp_path / "estimates.csv")
    from_csv = pipeline.read_rows(params, "estimates", keys)
    (tmp_path / "estimates.csv").unlink()
    pipeline.write_parquet_part(table.iloc[:2], tmp_path / f"estimates{pipeline.PARQUET_SUFFIX}" / "part-00000.parquet")
    pipeline.write_parquet_part(table.iloc[2:], tmp_path / f"estimates{pipeline.PARQUET_SUFFIX}" / "part-00001.parquet")
    from_parquet = pipeline.read_rows(params, "estimates", keys)
    assert from_csv.values.tolist() == from_parquet.values.tolist() == [["a", 1, ""]]
    assert from_csv.dtypes.tolist() == from_parquet.dtypes.tolist()


def test_a_parquet_table_read_for_some_columns_reads_only_those_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    import analysis.pipeline as pipeline

    dataset = tmp_path / f"claims{pipeline.PARQUET_SUFFIX}"
    table = pd.DataFrame({"doc_id": ["a", "b"], "cluster_id": [0, 1], "text": ["long text", "more text"]})
    pipeline.write_parquet_part(table, dataset / "part-00000.parquet")
    asked: list[list[str] | None] = []
    real_read = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda source, columns=None, **kw: asked.append(columns) or real_read(source, columns=columns, **kw))
    read = pipeline.read_parquet_dataset(dataset, ["cluster_id", "doc_id"])
    assert read.columns.tolist() == ["doc_id", "cluster_id"] and read["cluster_id"].tolist() == [0, 1]
    assert asked == [["doc_id", "cluster_id"]]  # the text column never read


@pytest.mark.parametrize("table_format", ["csv", "parquet"])
def test_read_table_chunks_give_read_table_a_chunk_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table_format: str) -> None:
    import analysis.pipeline as pipeline
    from analysis.params import load_params

    params = load_params("params/default.yaml")
    monkeypatch.setattr(type(params), "processed_dir", property(lambda self: tmp_path))
    table = pd.DataFrame({
        "doc_id": ["007", "007", "b", "b", "c"], "sentence_id": [0, 1, 0, 1, 0], "char_start": [0, 5, 0, 9, 0],
        "text": ["one", "", "three, 3", "four", "ünï"], "is_heading": [False] * 5,
    })  # fmt: skip
    pipeline.write_tables({"sentences": table}, tmp_path, table_format=table_format)
    columns = ["text", "doc_id", "char_start"]
    chunks = list(pipeline.read_table_chunks(params, "sentences", columns, rows=2))
    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), pipeline.read_table(params, "sentences", columns))
    assert chunks[0]["doc_id"].tolist() == ["007", "007"] and chunks[0]["text"].tolist() == ["one", ""]


def test_csv_rows_are_joined_and_encoded_a_bounded_piece_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row with a cell far longer than the piece is written in slices, byte for byte as pandas writes it."""
    import io

    import analysis.pipeline as pipeline

    monkeypatch.setattr(pipeline, "TEXT_CHUNK_CHARACTERS", 8)
    written: list[str] = []

    class Recording(io.StringIO):
        def write(self, text: str) -> int:
            written.append(text)
            return super().write(text)

    cells = ["short", ",", "x" * 30, "\n", "a", ",", "b", "\n"]
    handle = Recording()
    pipeline._write_cells(handle, cells)
    assert handle.getvalue() == "".join(cells)
    assert max(map(len, written)) <= 8 and len(written) > 4
    small = Recording()
    written.clear()
    pipeline._write_cells(small, ["a", ",", "b", "\n"])  # within a piece: one write
    assert written == ["a,b\n"]
    table = pd.DataFrame({"doc_id": ["a", "b"], "n": [1, 2], "value": [1.5, float("nan")], "text": ["y" * 50 + ", quoted", "é" * 20]})
    pipeline.write_csv(table, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == table.to_csv(index=False, lineterminator="\n").encode("utf-8")
