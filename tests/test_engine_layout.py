"""The claims stage's task layout on the Dask engine (analysis/engines/layout.py, issue 14): term
shards, graph blocks and table parts follow the cluster, so the task count grows about linearly
with the partitions, not with their square."""

from __future__ import annotations

import pytest

from analysis.engines.layout import (
    GROUP_PARTITIONS,
    SHARDS_PER_THREAD,
    TERM_ROWS_PER_SHARD,
    block_partition_pairs,
    group_count,
    group_pairs,
    partition_groups,
    term_shard_count,
)


def test_term_shards_follow_the_threads_not_the_partitions() -> None:
    assert term_shard_count(2, 60, 1000) == 2 * SHARDS_PER_THREAD
    assert term_shard_count(2, 600, 1000) == 2 * SHARDS_PER_THREAD  # ten times the partitions: the same shards
    assert term_shard_count(8, 60, 1000) == 8 * SHARDS_PER_THREAD
    # a small corpus never gets more shards than partitions (one partition: one shard)
    assert term_shard_count(2, 1, 1000) == 1
    assert term_shard_count(2, 3, 0) == 3


def test_term_shards_grow_only_when_a_shard_would_hold_too_many_term_rows() -> None:
    assert term_shard_count(2, 60, 4 * TERM_ROWS_PER_SHARD) == 4
    assert term_shard_count(2, 60, 10 * TERM_ROWS_PER_SHARD + 1) == 11
    assert term_shard_count(2, 2, 3 * TERM_ROWS_PER_SHARD) == 3  # memory wins over the partitions' count


def test_pieces_sent_to_the_shards_grow_linearly_with_the_partitions() -> None:
    # each partition sends one piece to each shard: P x S pieces, not P x P
    pieces = {p: p * term_shard_count(2, p, 1000 * p) for p in (10, 20, 40, 80)}
    assert pieces[80] == 8 * pieces[10]
    assert pieces[80] < 80 * 80 / 10


@pytest.mark.parametrize("n_parts", [1, 2, 3, 7, 10, 20, 67, 200])
def test_groups_cover_every_partition_once_in_order(n_parts: int) -> None:
    groups = partition_groups(n_parts, group_count(2, n_parts))
    assert [p for group in groups for p in group] == list(range(n_parts))
    assert all(group for group in groups)
    sizes = [len(group) for group in groups]
    assert max(sizes) - min(sizes) <= 1 and max(sizes) <= max(GROUP_PARTITIONS, 1)


def test_groups_follow_the_threads_until_a_group_would_be_too_large() -> None:
    # two threads want 8 blocks: 4 groups (10 blocks), whatever the partitions up to 4 x GROUP_PARTITIONS
    assert group_count(2, 10) == group_count(2, 20) == group_count(2, 32) == 4
    assert group_count(2, 3) == 3  # never more groups than partitions
    assert group_count(8, 20) == 8  # 32 blocks wanted: B (B + 1) / 2 >= 32
    assert group_count(2, 67) == 9  # 67 partitions: groups of 8 at most


def test_graph_blocks_are_not_one_per_pair_of_partitions() -> None:
    for n_parts in (10, 20):
        groups = partition_groups(n_parts, group_count(2, n_parts))
        blocks = group_pairs(groups)
        assert len(blocks) == 10 < n_parts * (n_parts + 1) // 2
        # every pair of partitions (and each partition with itself) in exactly one block
        pairs = [pair for g, h in blocks for pair in block_partition_pairs(groups[g], groups[h], g == h)]
        assert sorted(pairs) == [(i, j) for i in range(n_parts) for j in range(i, n_parts)]


def test_a_block_within_one_group_takes_each_pair_once_and_across_groups_every_pair() -> None:
    assert block_partition_pairs([0, 1, 2], [0, 1, 2], True) == [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)]
    assert block_partition_pairs([0, 1], [2, 3], False) == [(0, 2), (0, 3), (1, 2), (1, 3)]


def test_no_partitions_make_no_groups() -> None:
    assert partition_groups(0, group_count(2, 0)) == []
