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


# Ranges that keep a run finite, and a params file that cannot blow up the loader (issue 16).


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("framing:\n  n_bootstrap: 1000000000\n", "framing.n_bootstrap must lie between 100 and 100,000"),
        ("framing:\n  seed: -1\n", "framing.seed must lie between 0 and 4,294,967,295"),
        ("framing:\n  seed: 4294967296\n", "framing.seed must lie between 0"),
        ("framing:\n  distinctive_top_n: -1\n", "framing.distinctive_top_n must lie between 1"),
        ("framing:\n  distinctive_top_n: 0\n", "framing.distinctive_top_n must lie between 1"),
        ("framing:\n  distinctive_top_n: 100001\n", "framing.distinctive_top_n must lie between 1 and 10,000"),
        ("framing:\n  distinctive_min_count: 0\n", "framing.distinctive_min_count must lie between 1"),
        ("claims:\n  max_claims_exact: 1000000\n", "claims.max_claims_exact must lie between 2 and 10,000"),
        ("claims:\n  min_words: 100000\n", "claims.min_words must lie between 1 and 1,000"),
        ("claims:\n  min_df: 0\n", "claims.min_df must lie between 1"),
        ("claims:\n  ngram_range: [1, 40]\n", "claims.ngram_range"),
        ("claims:\n  sweep_thresholds: []\n", "claims.sweep_thresholds must hold 1 to 20"),
        ("claims:\n  sweep_thresholds: [" + ", ".join(["0.5"] * 21) + "]\n", "claims.sweep_thresholds must hold 1 to 20"),
        ("claims:\n  distance_threshold: .nan\n", "claims.distance_threshold must lie between 0 and 1"),
        ("claims:\n  max_df: .inf\n", "claims.max_df"),
        ("corpus:\n  limit_documents: 10000000000\n", "corpus.limit_documents must lie between 0"),
        ("corpus:\n  genres: [wire, wire]\n", "corpus.genres must be distinct"),
        ("corpus:\n  genres: ['']\n", "corpus.genres must be distinct labels of 1 to 100"),
        ("corpus:\n  encoding: klingon\n", "corpus.encoding 'klingon' is not an encoding"),
        ("corpus:\n  encoding: rot13\n", "corpus.encoding 'rot13' is not an encoding"),
        ("corpus:\n  genres: [" + ", ".join(f"g{i}" for i in range(101)) + "]\n", "corpus.genres has 101 items; at most 100"),
        ("corpus:\n  source: " + "x" * 5000 + "\n", "corpus.source is 5,000 characters long"),
        ("claims:\n  distance_threshold: " + "9" * 400 + "\n", "claims.distance_threshold is too large a number"),
    ],
)
def test_every_value_has_a_range_that_keeps_a_run_finite(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in error_of(write(tmp_path, text))


def test_the_largest_allowed_values_are_accepted(tmp_path: Path) -> None:
    params = load_params(write(tmp_path, "framing:\n  n_bootstrap: 100000\n  seed: 4294967295\n  distinctive_top_n: 10000\n"))
    assert (params.framing.n_bootstrap, params.framing.seed, params.framing.distinctive_top_n) == (100_000, 2**32 - 1, 10_000)


def billion_laughs(levels: int) -> str:
    """A flow list whose anchors expand nine-fold per level (9 levels: a billion laughs). The tests
    use 5: the code before issue 16 quoted all 9**5 laughs in its message (9 exhausted memory)."""
    names = [chr(97 + i) for i in range(levels)]
    nested = [f"&{b} [" + ", ".join([f"*{a}"] * 9) + "]" for a, b in zip(names, names[1:])]
    return "[&a [" + ", ".join(["lol"] * 9) + "], " + ", ".join(nested) + "]"


@pytest.mark.parametrize("key", ["framing.seed", "claims.sweep_thresholds", "corpus.genres"])
def test_billion_laughs_under_a_known_key_is_refused_in_one_short_line(tmp_path: Path, key: str) -> None:
    section, name = key.split(".")
    message = error_of(write(tmp_path, f"{section}:\n  {name}: {billion_laughs(5)}\n"))
    assert "YAML anchor &a at line 2" in message and len(message) < 300


def test_an_alias_is_refused_with_its_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "framing:\n  seed: 7\nclaims:\n  min_words: *seed\n"))
    assert "YAML alias at line 4; aliases (*name)" in message


def test_a_huge_value_is_quoted_by_a_short_prefix_only(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "framing:\n  seed: [" + ", ".join(["12345678"] * 4000) + "]\n"))
    assert "framing.seed must be a whole number" in message and len(message) < 300
    message = error_of(write(tmp_path, "claims:\n  stop_words: " + "y" * 60000 + "\n"))
    assert len(message) < 300


def test_a_huge_unknown_key_is_quoted_by_a_short_prefix_only(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "claims:\n  " + "k" * 1000 + ": 1\n"))
    assert "unknown key claims." in message and len(message) < 600


def test_a_number_too_long_to_convert_is_one_line(tmp_path: Path) -> None:
    assert "cannot convert" in error_of(write(tmp_path, "framing:\n  seed: " + "9" * 5000 + "\n"))


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "claims:\n  ngram_range: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert "nested more than" in message


def test_an_oversized_params_file_is_refused_before_reading(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "# " + "x" * 70_000 + "\n"))
    assert "70,003 bytes" in message and "limit 65,536" in message


def test_a_params_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("corpus:\n  genres: [wire]\n# café\n".encode("latin-1"))
    message = error_of(path)
    assert "latin.yaml: not UTF-8 (byte 0xe9 at line 3)" in message and "save the file as UTF-8" in message


@pytest.mark.parametrize("name", ["...yaml", "..yaml", ".hidden.yaml", "a b.yaml", "-x.yaml", "run.v2.yaml", "café.yaml", "x" * 101 + ".yaml"])
def test_a_run_name_must_be_a_plain_file_name_stem(tmp_path: Path, name: str) -> None:
    assert "the run name" in error_of(write(tmp_path, "", name=name))


@pytest.mark.parametrize("name", ["my-run_2.yaml", "_x.yaml", "2024.yaml", "x" * 100 + ".yaml"])
def test_plain_run_names_are_accepted(tmp_path: Path, name: str) -> None:
    assert load_params(write(tmp_path, "", name=name)).run == name[: -len(".yaml")]


def test_the_readme_states_every_range() -> None:
    from analysis import PROJECT_ROOT
    from analysis.params import RANGES

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for key, (low, high) in RANGES.items():
        row = next((line for line in readme if line.startswith(f"  | `{key}` |")), "")
        assert f"{low:,} to {high:,}" in row or f"{low:,} (all) to {high:,}" in row, key
