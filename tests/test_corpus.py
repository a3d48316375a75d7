"""Loading, validation, cleaning and segmentation of a corpus."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from analysis.corpus import build_corpus, clean_lines, load_corpus, read_boilerplate_rules, segment
from analysis.lexicons import LEXICON_DIR
from analysis.params import CorpusParams, InputError

RULES = read_boilerplate_rules(LEXICON_DIR / "boilerplate.txt")
HEADER = ["doc_id", "file", "title", "outlet", "author", "url", "published", "genre", "genre_rationale"]


def make_corpus(root: Path, files: dict[str, bytes], rows: list[dict[str, str]] | None = None) -> CorpusParams:
    """A corpus folder with the given files and metadata rows (one per file unless given)."""
    folder = root / "articles"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if rows is None:
        rows = [{"doc_id": f"d{i}", "file": name, "genre": "reporting"} for i, name in enumerate(sorted(files))]
    with open(root / "articles.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows([{key: row.get(key, "") for key in HEADER} for row in rows])
    return CorpusParams(source=str(folder), metadata=str(root / "articles.csv"))


def error_of(params: CorpusParams) -> str:
    with pytest.raises(InputError) as caught:
        load_corpus(params, "params/x.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- bad input: one line naming the file and the fix ---------------------------------------


def test_missing_folder_names_the_setting_to_change(tmp_path: Path) -> None:
    message = error_of(CorpusParams(source=str(tmp_path / "nowhere"), metadata=str(tmp_path / "m.csv")))
    assert "nowhere" in message and "corpus.source" in message


def test_empty_file(tmp_path: Path) -> None:
    message = error_of(make_corpus(tmp_path, {"a.txt": b"Some text here.", "b.txt": b"  \n"}))
    assert "b.txt" in message and "empty" in message


def test_binary_file(tmp_path: Path) -> None:
    message = error_of(make_corpus(tmp_path, {"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}))
    assert "a.txt" in message and "binary" in message


def test_non_utf8_file_names_the_likely_encoding_and_the_setting(tmp_path: Path) -> None:
    text = "Kyiv’s officials said troops “arrived” – about 1,500 of them – near the border. " * 3
    message = error_of(make_corpus(tmp_path, {"a.txt": text.encode("cp1252")}))
    assert "a.txt" in message and "not utf-8" in message and "corpus.encoding" in message
    assert "looks like" in message


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Café naïve, they said.", "cp1252", "cp1252"),
        ("Kyiv’s officials said troops “arrived” – about 1,500 of them.", "cp1252", "cp1252"),
        ("Zelenskyy's décision à Kyiv - \"résumé\" naïve café", "latin-1", "cp1252"),
        ("Войска Северной Кореи прибыли в Курскую область. " * 4, "cp1251", "cp1251"),
    ],
)
def test_likely_encoding_prefers_windows_1252_for_western_text(text: str, encoding: str, expected: str) -> None:
    from analysis.corpus import likely_encoding

    assert likely_encoding(text.encode(encoding)) == expected


def test_non_utf8_file_decodes_when_the_encoding_is_given(tmp_path: Path) -> None:
    params = make_corpus(tmp_path, {"a.txt": "Kyiv’s officials said so.".encode("cp1252")})
    corpus = load_corpus(CorpusParams(source=params.source, metadata=params.metadata, encoding="cp1252"))
    assert corpus.sentences["text"].tolist() == ["Kyiv’s officials said so."]


def test_file_without_metadata_row(tmp_path: Path) -> None:
    params = make_corpus(tmp_path, {"a.txt": b"One.", "b.txt": b"Two."}, rows=[{"doc_id": "a", "file": "a.txt", "genre": "wire"}])
    message = error_of(params)
    assert "b.txt" in message and "articles.csv" in message and "add a row" in message


def test_metadata_row_whose_file_is_missing(tmp_path: Path) -> None:
    rows = [{"doc_id": "a", "file": "a.txt", "genre": "wire"}, {"doc_id": "z", "file": "z.txt", "genre": "wire"}]
    message = error_of(make_corpus(tmp_path, {"a.txt": b"One."}, rows=rows))
    assert "z.txt" in message and "doc_id z" in message


def test_duplicate_doc_id(tmp_path: Path) -> None:
    rows = [{"doc_id": "a", "file": "a.txt", "genre": "wire"}, {"doc_id": "a", "file": "b.txt", "genre": "wire"}]
    message = error_of(make_corpus(tmp_path, {"a.txt": b"One.", "b.txt": b"Two."}, rows=rows))
    assert "doc_id a" in message and "more than once" in message


def test_unknown_genre_lists_the_allowed_ones(tmp_path: Path) -> None:
    rows = [{"doc_id": "a", "file": "a.txt", "genre": "blog"}]
    message = error_of(make_corpus(tmp_path, {"a.txt": b"One."}, rows=rows))
    assert "'blog'" in message and "opinion, reporting, wire" in message and "corpus.genres" in message


def test_metadata_without_required_column(tmp_path: Path) -> None:
    params = make_corpus(tmp_path, {"a.txt": b"One."})
    Path(params.metadata).write_text("doc_id,file\na,a.txt\n", encoding="utf-8")
    assert "missing column(s) genre" in error_of(params)


def test_well_formed_corpus_loads(tmp_path: Path) -> None:
    corpus = load_corpus(make_corpus(tmp_path, {"a.txt": b"First sentence here. Second one follows."}))
    assert corpus.documents["n_sentences"].tolist() == [2]


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_gz_loads_with_metadata_and_skips_empty_texts(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    records = [{"id": 2, "text": "Troops moved. Shells fell.", "section": "world"}, {"id": 1, "text": "  "}]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in records))
    corpus = load_corpus(CorpusParams(source=str(path)))
    assert corpus.documents[["doc_id", "section", "n_sentences"]].values.tolist() == [["2", "world", 2]]


def test_jsonl_bad_line_names_its_number(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "text": "Fine."}\n{not json}\n', encoding="utf-8")
    message = error_of(CorpusParams(source=str(path)))
    assert "a.jsonl:2" in message and "not valid JSON" in message


# --- cleaning -------------------------------------------------------------------------------


def test_boilerplate_lines_are_removed_and_recorded() -> None:
    raw = "Title of the story\n\nRead the original article here\nTroops arrived on Monday.\nOthers are reading now\nAds by MGDK\n"
    kept, removed = clean_lines(raw, RULES)
    assert kept == ["Title of the story", "Troops arrived on Monday."]
    assert [r[0] for r in removed] == ["read_original", "read_more", "advertisement"]
    for _, start, end, text in removed:
        assert raw[start:end] == text


def test_sentences_that_merely_mention_boilerplate_words_stay() -> None:
    raw = "Officials said they read the original article here in Kyiv and found it credible.\nReuters reported the move.\n"
    kept, removed = clean_lines(raw, RULES)
    assert len(kept) == 2 and removed == []


def test_pull_quote_and_its_name_line_are_removed() -> None:
    quote = "North Korea has supported Russia’s war in two primary ways: manpower and materiel."
    raw = f"Intro line one is here.\n{quote} More text follows.\nOther paragraph here.\n{quote}\nLuke Coffey\nLast paragraph stays."
    kept, removed = clean_lines(raw, RULES)
    assert [r[0] for r in removed] == ["repeated_paragraph", "pull_quote_attribution"]
    assert kept[-1] == "Last paragraph stays."


def test_a_name_line_without_a_pull_quote_before_it_stays() -> None:
    kept, removed = clean_lines("Luke Coffey\nA paragraph of text.", RULES)
    assert kept == ["Luke Coffey", "A paragraph of text."] and removed == []


# --- segmentation ---------------------------------------------------------------------------


def spans_text(paragraphs: list[str]) -> list[str]:
    text = "\n\n".join(paragraphs)
    return [text[start:end] for _, start, end, _ in segment(paragraphs)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("It was frightening.North Korea sent troops.", ["It was frightening.", "North Korea sent troops."]),
        ("U.S. officials spoke on Tuesday. They said more.", ["U.S. officials spoke on Tuesday.", "They said more."]),
        ("He called them “meat soldiers.” Then he left.", ["He called them “meat soldiers.”", "Then he left."]),
        ("It supports Putin’s war… It is sending shells.", ["It supports Putin’s war…", "It is sending shells."]),
        ("It sends ammunition… including shells.", ["It sends ammunition… including shells."]),
        # "Ms." (missing from sentencex's abbreviations) never ends a sentence; a real end still does
        ("It was over. Ms. Lee said so. At work, Ms. Kim left.", ["It was over.", "Ms. Lee said so.", "At work, Ms. Kim left."]),
        ("She met Lee and Ms. Kim. Then she left.", ["She met Lee and Ms. Kim.", "Then she left."]),
        ("They sent more arms. Then they left.", ["They sent more arms.", "Then they left."]),
    ],
)
def test_segmentation_cases(paragraph: str, expected: list[str]) -> None:
    assert spans_text([paragraph]) == expected


def test_headings_are_flagged_and_sentences_are_not() -> None:
    spans = segment(["Troops still deployed", "According to HUR, thousands fight."])
    assert [heading for *_, heading in spans] == [True, False]


def test_offsets_slice_the_cleaned_text_on_the_seed_corpus() -> None:
    corpus = load_corpus(CorpusParams())
    for row in corpus.sentences.itertuples():
        assert corpus.clean_texts[row.doc_id][row.char_start : row.char_end] == row.text
    assert corpus.documents["n_sentences"].sum() == len(corpus.sentences)
    assert corpus.documents["n_removed_spans"].sum() == len(corpus.removed_spans)


def test_build_is_deterministic_and_sorted() -> None:
    first, second = load_corpus(CorpusParams()), load_corpus(CorpusParams())
    assert first.sentences.equals(second.sentences) and first.documents.equals(second.documents)
    assert first.documents["doc_id"].is_monotonic_increasing


def test_raw_files_are_not_modified(tmp_path: Path) -> None:
    params = make_corpus(tmp_path, {"a.txt": b"Read the original article here\nBody text here."})
    before = (Path(params.source) / "a.txt").read_bytes()
    load_corpus(params)
    assert (Path(params.source) / "a.txt").read_bytes() == before


def test_build_corpus_on_no_articles_gives_empty_tables() -> None:
    corpus = build_corpus([], RULES)
    assert corpus.sentences.empty and corpus.documents.empty


def test_segmenting_in_several_processes_gives_the_same_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from analysis import corpus as corpus_module

    params = CorpusParams()
    one = load_corpus(params)
    monkeypatch.setattr(corpus_module.build, "PARALLEL_MIN_ARTICLES", 2)  # the seed corpus is small: force the workers
    two = load_corpus(params, jobs=2)
    for name in ("documents", "sentences", "removed_spans"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    assert one.clean_texts == two.clean_texts
