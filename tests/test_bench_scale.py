"""Tests for bench/bench_scale.py's generated corpus: worlds whose claims recur inside them only."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

import bench.bench_scale as scale


def _pools() -> dict[str, list[list[str]]]:
    words = [f"word{chr(97 + i)}{chr(97 + j)}{k}" for i in range(26) for j in range(26) for k in ("x", "y")]
    rng = np.random.default_rng(0)
    articles = []
    for _ in range(40):
        paragraphs = [" ".join(rng.choice(words, size=12)) + " said the minister." for _ in range(5)]
        articles.append(paragraphs)
    return {"a": articles}


def test_a_world_map_permutes_each_frequency_band_and_keeps_frequent_and_lexicon_words() -> None:
    pools = _pools()
    maps = scale.world_maps(pools, 3, np.random.default_rng(1))
    assert maps[0] is None and len(maps) == 3
    first, second = maps[1], maps[2]
    assert first is not None and second is not None
    # a bijection on the replaced words, within bands: no word leaves its band of the frequency order
    assert sorted(first) == sorted(first.values())
    assert "said" not in first and "the" not in first  # among the most frequent: kept
    assert first != second


def test_lexicon_words_are_kept_even_when_rare() -> None:
    kept = scale.kept_words({"reportedly": 1, "zebra": 1})
    assert "reportedly" in kept  # a hedge
    assert "said" in kept  # a reporting verb, even though absent from the counts


def test_rewrite_replaces_words_and_keeps_capitals_numbers_and_punctuation() -> None:
    mapping = {"troops": "apples", "kyiv": "oslo"}
    assert scale.rewrite("Kyiv sent 4,000 troops, KYIV said.", mapping) == "Oslo sent 4,000 apples, OSLO said."
    assert scale.rewrite("Kyiv sent troops.", None) == "Kyiv sent troops."


def test_worlds_after_the_first_hold_rewritten_paragraphs_and_the_first_the_originals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scale, "source_paragraphs", lambda path: _pools()["a"])
    monkeypatch.setattr(scale, "SOURCES", {"a": tmp_path})
    count, megabytes, worlds = scale.build_corpus(tmp_path / "corpus", 0.04, 50, world_megabytes=0.02)
    assert worlds == 2 and megabytes >= 0.04
    texts = []
    for path in sorted((tmp_path / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines]
    assert len(texts) == count
    originals = {paragraph for article in _pools()["a"] for paragraph in article}
    paragraphs = [[p for p in text.split("\n\n")] for text in texts]
    written = 0
    for text, article in zip(texts, paragraphs):
        in_first_world = written < 0.02e6
        assert all((p in originals) == in_first_world for p in article)
        written += len(text.encode("utf-8"))


def test_the_task_counter_counts_finished_tasks_by_function_and_nothing_else() -> None:
    counter = scale.TaskCounter()
    counter.transition("_lookup_task-0a1b", "processing", "memory")
    counter.transition(("getitem-9f8e", 3), "processing", "memory")
    counter.transition("_lookup_task-2c3d", "processing", "erred")
    counter.transition("_lookup_task-4e5f", "waiting", "processing")  # not finished: not counted
    counter.transition("_lookup_task-0a1b", "memory", "released")
    assert counter.counts == {"lookup_task": 2, "getitem": 1}  # dask.utils.key_split drops the leading underscore
