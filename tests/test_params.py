"""Params files: defaults, and a one-line error for every way a user can get one wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.params import InputError, load_params


def write(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_params(path)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_default_params_load_and_name_the_run() -> None:
    params = load_params("params/default.yaml")
    assert params.run == "default"
    assert params.processed_dir.parts[-3:] == ("data", "processed", "default")
    assert params.claims.ngram_range == [1, 2]


def test_every_params_file_in_the_project_is_valid() -> None:
    for path in sorted(Path(__file__).resolve().parents[1].joinpath("params").glob("*.yaml")):
        assert load_params(path).run == path.stem


def test_empty_file_takes_defaults(tmp_path: Path) -> None:
    params = load_params(write(tmp_path, ""))
    assert params.run == "run" and params.claims.min_words == 6


def test_invalid_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "claims:\n  min_words: [1, 2\n"))
    assert "run.yaml" in message and "not valid YAML" in message and "line" in message


def test_unknown_section_lists_the_allowed_ones(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "clams:\n  min_words: 3\n"))
    assert "unknown key clams" in message and "corpus, framing, claims" in message


def test_unknown_key_lists_the_allowed_keys(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "claims:\n  threshold: 0.5\n"))
    assert "unknown key claims.threshold" in message and "distance_threshold" in message and "min_words" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("claims:\n  distance_threshold: high\n", "claims.distance_threshold must be a number"),
        ("claims:\n  min_words: 2.5\n", "claims.min_words must be a whole number"),
        ("claims:\n  min_words: true\n", "claims.min_words must be a whole number"),
        ("claims:\n  sublinear_tf: 'yes'\n", "claims.sublinear_tf must be true or false"),
        ("claims:\n  ngram_range: 2\n", "claims.ngram_range must be a list"),
        ("claims:\n  ngram_range: [1, two]\n", "claims.ngram_range[1] must be a whole number"),
        ("corpus: [a, b]\n", "section corpus must be a mapping"),
        ("- just\n- a list\n", "expected a mapping of sections"),
    ],
)
def test_wrong_types_are_named(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("claims:\n  distance_threshold: 1.5\n", "between 0 and 1"),
        ("claims:\n  ngram_range: [2, 1]\n", "ngram_range"),
        ("claims:\n  linkage: ward\n", "linkage"),
        ("framing:\n  n_bootstrap: 5\n", "n_bootstrap"),
    ],
)
def test_out_of_range_values_are_named(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, text))


def test_ints_are_accepted_where_numbers_are_expected(tmp_path: Path) -> None:
    assert load_params(write(tmp_path, "claims:\n  sweep_thresholds: [0.5, 0.7]\n  distance_threshold: 0.5\n")).claims.sweep_thresholds == [0.5, 0.7]


def test_missing_params_file_lists_the_available_ones(tmp_path: Path) -> None:
    message = error_of(tmp_path / "absent.yaml")
    assert "not found" in message and "default" in message
