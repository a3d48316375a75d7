"""Bad corpus input, every format: one line naming the file (record, row) and the fix, exit 2, nothing written.

Each case runs the command line's ``main`` (what ``python -m analysis run`` calls) on a params file
in a temporary folder, then checks that no table of the run was written.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis import PROJECT_ROOT
from analysis.__main__ import main
from analysis.corpus import decode_text, likely_encoding, load_corpus
from analysis.params import CorpusParams, InputError, load_params
from analysis.paths import clean_text_name
from analysis.pipeline import read_clean_text, run_stage

HEADER = "doc_id,file,title,outlet,author,url,published,genre,genre_rationale\n"
TEXT = "Troops crossed the river on Monday. Officials said 3,000 had arrived.\n"


def run_corpus(tmp_path: Path, corpus: dict[str, str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    """Write a params file for ``corpus`` and run the corpus stage; (exit code, stderr, run folder)."""
    run = f"pytest-corpus-{tmp_path.name}"
    params = tmp_path / f"{run}.yaml"
    lines = "".join(f"  {key}: {json.dumps(value)}\n" for key, value in corpus.items())
    params.write_text(f"corpus:\n{lines}", encoding="utf-8")
    code = main(["run", "--params", str(params), "--stage", "corpus", "--jobs", "1"])
    err = capsys.readouterr().err
    return code, err, PROJECT_ROOT / "data" / "processed" / run


def folder_corpus(tmp_path: Path, files: dict[str, bytes], rows: str | None = None) -> dict[str, str]:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if rows is None:
        rows = "".join(f"d{i},{name},,,,,,reporting,\n" for i, name in enumerate(sorted(files)))
    (tmp_path / "articles.csv").write_text(HEADER + rows, encoding="utf-8")
    return {"source": str(folder), "metadata": str(tmp_path / "articles.csv")}


def jsonl_corpus(tmp_path: Path, lines: list[str]) -> dict[str, str]:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"source": str(path)}


def assert_refused(result: tuple[int, str, Path], *needles: str) -> str:
    code, err, run_dir = result
    assert code == 2, err
    message = err.removeprefix("error: ")
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for needle in needles:
        assert needle in message, message
    assert not run_dir.exists()
    return message


# --- folders ---------------------------------------------------------------------------------


def test_a_symlink_in_the_folder_is_refused_and_nothing_outside_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("A secret outside the corpus. It must never be read.\n", encoding="utf-8")
    corpus = folder_corpus(tmp_path, {"a.txt": TEXT.encode()}, rows="a,a.txt,,,,,,reporting,\nb,b.txt,,,,,,reporting,\n")
    os.symlink(outside, Path(corpus["source"]) / "b.txt")
    assert_refused(run_corpus(tmp_path, corpus, capsys), "b.txt", "symbolic link", "copy the article")


def test_a_symlink_to_a_system_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = folder_corpus(tmp_path, {"a.txt": TEXT.encode()})
    os.symlink("/etc/hostname", Path(corpus["source"]) / "host.txt")
    assert_refused(run_corpus(tmp_path, corpus, capsys), "host.txt", "symbolic link")


def test_an_empty_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = folder_corpus(tmp_path, {}, rows="")
    assert_refused(run_corpus(tmp_path, corpus, capsys), "articles", "no files", ".txt")


def test_a_folder_of_hidden_files_only_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = folder_corpus(tmp_path, {".DS_Store": b"\x00\x01", ".a.txt": TEXT.encode()}, rows="")
    assert_refused(run_corpus(tmp_path, corpus, capsys), "only hidden files")


def test_metadata_file_pointing_outside_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "outside.txt").write_text(TEXT, encoding="utf-8")
    corpus = folder_corpus(tmp_path, {"a.txt": TEXT.encode()}, rows="a,a.txt,,,,,,reporting,\nb,../outside.txt,,,,,,reporting,\n")
    assert_refused(run_corpus(tmp_path, corpus, capsys), "../outside.txt", "not in")


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_bom_decides_the_encoding(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "a.txt"
    text = "Kyiv’s officials said “3,000” troops arrived. 평양"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    assert decode_text(path, "utf-8") == text


def test_invalid_byte_deep_in_utf8_says_where_and_names_no_encoding(tmp_path: Path) -> None:
    text = ("Kyiv’s “officials” said troops arrived – about 1,500 of them.\n" * 2000).encode("utf-8")
    path = tmp_path / "a.txt"
    path.write_bytes(text[:100_000] + b"\xff" + text[100_000:])
    with pytest.raises(InputError) as caught:
        decode_text(path, "utf-8")
    message = str(caught.value)
    line = text[:100_000].count(b"\n") + 1
    assert "byte 100000" in message and f"line {line}" in message
    assert "corpus.encoding" not in message and "mac_" not in message and "fix or delete" in message


def test_cp1252_advice_is_kept_for_a_whole_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Kyiv’s officials said “3,000” troops – arrived.\n".encode("cp1252") * 50)
    with pytest.raises(InputError, match="corpus.encoding: cp1252"):
        decode_text(path, "utf-8")


def test_no_encoding_is_named_for_bytes_that_read_as_nothing_plausible() -> None:
    assert likely_encoding(bytes(range(128, 256)) * 20 + b"\x01\x02") is None


# --- JSON Lines and CSV ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "needles"),
    [
        (['{"id": 1, "text": ""}', '{"id": 2, "text": "   "}'], ["a.jsonl", "every record", "'text'", "corpus.text_field"]),
        (['{"id": 1, "text": ["a", "list"]}'], ["a.jsonl:1", "'text'", "list", "not a string"]),
        (['{"id": 1, "text": "Fine text here."}', '["not", "an", "object"]'], ["a.jsonl:2", "list", "not an object"]),
        (['{"id": 1, "text": "Fine text here."}', '"just a string"'], ["a.jsonl:2", "not an object"]),
        (['{"id": null, "text": "Fine text here."}'], ["a.jsonl:1", "'id'", "not a string or number"]),
        (['{"id": "", "text": "Fine text here."}'], ["a.jsonl:1", "'id'", "empty"]),
        (['{"id": 1, "body": "Fine text here."}'], ["a.jsonl:1", "no 'text' field", "corpus.text_field"]),
        ([""], ["a.jsonl", "no records"]),
    ],
)
def test_bad_jsonl_records(tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], needles: list[str]) -> None:
    assert_refused(run_corpus(tmp_path, jsonl_corpus(tmp_path, lines), capsys), *needles)


def test_csv_without_the_text_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "articles.csv"
    path.write_text("id,body\n1,Some text.\n", encoding="utf-8")
    assert_refused(run_corpus(tmp_path, {"source": str(path)}, capsys), "articles.csv: row 1", "no 'text' field", "corpus.text_field")


def test_a_broken_parquet_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.parquet"
    path.write_bytes(b"PAR1")
    assert_refused(run_corpus(tmp_path, {"source": str(path)}, capsys), "a.parquet", "not a readable Parquet file", "re-write it")


def test_csv_corpus_with_dates_and_a_bad_date_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "articles.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "date", "outlet"])
        writer.writerow(["b", "Second article text. It has two sentences.", "3 March 2022", "X"])
        writer.writerow(["a", "First article text here.\nWith a line.", "2022-02-24T10:00:00Z", "Y"])
        writer.writerow(["c", "Third one.", "sometime in spring", "Y"])
    code, err, run_dir = run_corpus(tmp_path, {"source": str(path)}, capsys)
    assert code == 0, err
    assert "1 value(s) of corpus.date_field 'date' did not parse" in err and "row 3" in err
    documents = pd.read_csv(run_dir / "documents.csv", dtype=str, keep_default_na=False)
    assert documents[["doc_id", "published", "date", "outlet"]].values.tolist() == [
        ["a", "2022-02-24", "2022-02-24T10:00:00Z", "Y"],
        ["b", "2022-03-03", "3 March 2022", "X"],
        ["c", "", "sometime in spring", "Y"],
    ]
    _remove(run_dir)


def test_jsonl_date_is_taken_as_published(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "x", "text": "Some text here.", "date": "2022-06-30"}) + "\n")
    corpus = load_corpus(CorpusParams(source=str(path)))
    assert corpus.documents["published"].tolist() == ["2022-06-30"]
    assert load_corpus(CorpusParams(source=str(path), date_field="")).documents["published"].tolist() == [""]


# --- doc ids of any length and script --------------------------------------------------------


@pytest.mark.parametrize("doc_id", ["x" * 300, "북한군파병" * 8, "../../etc/passwd", ".hidden", "a/b\\c:d"])
def test_doc_ids_of_any_length_and_script_work_end_to_end(tmp_path: Path, doc_id: str) -> None:
    path = tmp_path / "a.jsonl"
    records = [{"id": doc_id, "text": TEXT}, {"id": doc_id + "2", "text": TEXT.replace("3,000", "4,000")}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    run = f"pytest-ids-{tmp_path.name}"
    (tmp_path / f"{run}.yaml").write_text(f"corpus:\n  source: {json.dumps(str(path))}\n", encoding="utf-8")
    params = load_params(tmp_path / f"{run}.yaml")
    try:
        tables = run_stage("corpus", params)
        assert sorted(tables["documents"]["doc_id"]) == sorted([doc_id, doc_id + "2"])
        names = {clean_text_name(doc_id), clean_text_name(doc_id + "2")}
        assert len(names) == 2 and all(len(name.encode()) <= 255 and "/" not in name and name not in {".", ".."} for name in names)
        assert set(os.listdir(params.processed_dir / "clean")) == names
        assert "3,000" in read_clean_text(params, doc_id)
        sentences = pd.read_csv(params.processed_dir / "sentences.csv", dtype={"doc_id": str}, keep_default_na=False)
        assert set(sentences["doc_id"]) == {doc_id, doc_id + "2"}
    finally:
        _remove(params.processed_dir)


def test_long_ids_with_one_prefix_get_distinct_names() -> None:
    first, second = "k" * 400 + "a", "k" * 400 + "b"
    assert clean_text_name(first) != clean_text_name(second)
    assert clean_text_name("business/001") == "business%2F001.txt"


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)

