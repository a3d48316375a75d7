"""The README is the map: every table, notebook and params file must be on it, and every
framing column and rate in its table's paragraph."""

from __future__ import annotations

import re

import pytest

from analysis import PROJECT_ROOT
from analysis.framing import COUNT_FEATURES, SENTENCE_COLUMNS
from analysis.stages import STAGE_TABLES

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("table", [name for names in STAGE_TABLES.values() for name in names])
def test_every_table_is_documented(table: str) -> None:
    assert f"`{table}.csv`" in README


@pytest.mark.parametrize("notebook", sorted(p.stem for p in (PROJECT_ROOT / "notebooks").glob("*.ipynb")))
def test_every_notebook_is_documented(notebook: str) -> None:
    assert f"`{notebook}`" in README


@pytest.mark.parametrize("params_file", sorted(p.name for p in (PROJECT_ROOT / "params").glob("*.yaml")))
def test_every_params_file_is_documented(params_file: str) -> None:
    assert f"`{params_file}`" in README


def test_the_two_commands_come_first() -> None:
    first_screen = README[: README.index("## The notebooks")]
    assert "make        #" in first_screen and "make test   #" in first_screen


@pytest.mark.parametrize("column", SENTENCE_COLUMNS)
def test_every_framing_sentence_column_is_documented(column: str) -> None:
    paragraph = README[README.index("`framing_sentences.csv`") : README.index("`framing_documents.csv`")]
    assert f"`{column}`" in paragraph


@pytest.mark.parametrize("feature", list(COUNT_FEATURES))
def test_every_framing_rate_is_documented(feature: str) -> None:
    paragraph = README[README.index("`framing_documents.csv`") : README.index("`framing_genres.csv`")]
    assert re.search(rf"\b{feature}\b", paragraph)


def test_the_dask_layout_described_is_the_one_the_engine_uses() -> None:
    """README "What runs where" states the claims stage's layout in words; each figure it gives is
    the engine's constant or what the layout functions compute, so neither can change alone."""
    from analysis.engines import layout

    words = {2: "two", 4: "four", 8: "eight"}
    text = " ".join(README.split())
    assert f"{words[layout.SHARDS_PER_THREAD]} per worker thread" in text
    assert f"over {words[layout.TERM_ROWS_PER_SHARD // 1_000_000]} million term rows" in text
    assert f"each worker thread {words[layout.BLOCKS_PER_THREAD]} blocks but at most {words[layout.GROUP_PARTITIONS]} partitions a group" in text
    assert f"Past {words[layout.GROUP_PARTITIONS]} partitions a group" in text and f"factor {layout.GROUP_PARTITIONS**2} fewer" in text
    blocks = {n: len(layout.group_pairs(layout.partition_groups(n, layout.group_count(2, n)))) for n in (2, 32, 33, 67)}
    assert blocks[2] < blocks[32] < blocks[33]  # the count stops at 32 partitions, grows past it
    assert f"{blocks[32]} blocks on two single-threaded workers up to 32 partitions; {blocks[67]} for 67" in text


def test_every_data_file_the_package_reads_is_declared_package_data() -> None:
    """A file under analysis/ that is not Python (lexicons, the same-statement weights, report
    templates) must match a pyproject package-data pattern, or an installed copy would miss it."""
    import fnmatch
    import subprocess
    import tomllib

    patterns = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["analysis"]
    tracked = subprocess.run(["git", "ls-files", "analysis"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.split()
    data = [path.removeprefix("analysis/") for path in tracked if not path.endswith(".py")]
    assert data and not [path for path in data if not any(fnmatch.fnmatch(path, pattern) for pattern in patterns)]
