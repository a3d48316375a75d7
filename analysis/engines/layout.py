"""How many tasks the Dask engine's claims stage cuts its work into (issue 14): the number of the
vocabulary's term shards, the groups of partitions whose pairs make the similarity graph's blocks,
and the parts of the claims tables.

The scheduler and the transfers between workers cost about the same per task whatever the task
does, so a layout whose task count grows with the square of the partitions (one shard per
partition, one graph block per pair of partitions) spends more time in tasks than in work once the
partitions number a few dozen. Here the counts follow the cluster (its threads) and the memory a
task may hold, not the number of partitions:

- term shards: a few per thread, more only when a shard's merged statistics would grow past
  :data:`TERM_ROWS_PER_SHARD` rows; each partition sends one piece to each shard (P x S pieces,
  S small and fixed);
- graph blocks: the partitions are cut into B groups of consecutive partitions, one block per pair
  of groups (B (B + 1) / 2 tasks), each block computing every partition pair between its two
  groups; B is the least that gives each thread a few blocks, larger only when a group would
  exceed :data:`GROUP_PARTITIONS` partitions (a block holds two groups' rows);
- the per-sentence and cluster tables' parts: one per group of partitions.
"""

from __future__ import annotations

import math

SHARDS_PER_THREAD = 2
"""Term shards per worker thread: enough that every thread merges and answers look-ups at once."""

TERM_ROWS_PER_SHARD = 4_000_000
"""Term rows (summed over the partitions' distinct terms) a shard's merge may read at most: about
250 MB of names and statistics in its root merge, well inside a worker's 3-4 GB."""

BLOCKS_PER_THREAD = 4
"""Graph blocks per worker thread at least (where the partitions allow), so a slow block leaves no thread idle."""

GROUP_PARTITIONS = 8
"""Partitions per group at most: a graph block holds the TF-IDF rows, prefix splits and texts of two
groups (16 partitions of ``engine.partition_documents`` articles: a few hundred MB at 1,000)."""


def term_shard_count(n_threads: int, n_parts: int, n_term_rows: int) -> int:
    """The number of alphabetical term shards: :data:`SHARDS_PER_THREAD` per thread (never more than
    the partitions), or as many as keep each shard's merge under :data:`TERM_ROWS_PER_SHARD` rows
    (``n_term_rows``: the partitions' distinct terms, summed)."""
    by_cluster = min(SHARDS_PER_THREAD * max(1, n_threads), max(1, n_parts))
    by_memory = math.ceil(max(0, n_term_rows) / TERM_ROWS_PER_SHARD)
    return max(1, by_cluster, by_memory)


def group_count(n_threads: int, n_parts: int) -> int:
    """The number of groups of partitions (graph blocks: one per pair of groups): the least B whose
    B (B + 1) / 2 blocks give each thread :data:`BLOCKS_PER_THREAD`, or enough that no group holds
    more than :data:`GROUP_PARTITIONS` partitions; never more groups than partitions."""
    wanted_blocks = BLOCKS_PER_THREAD * max(1, n_threads)
    by_cluster = math.ceil((math.sqrt(8 * wanted_blocks + 1) - 1) / 2)  # least B with B (B + 1) / 2 >= wanted
    by_memory = math.ceil(max(0, n_parts) / GROUP_PARTITIONS)
    return max(1, min(max(0, n_parts), max(by_cluster, by_memory)))


def partition_groups(n_parts: int, n_groups: int) -> list[list[int]]:
    """Partitions ``0 .. n_parts - 1`` in ``n_groups`` groups of consecutive partitions, sizes
    differing by one at most (none empty while ``n_groups <= n_parts``)."""
    n_groups = max(1, min(n_groups, n_parts)) if n_parts else 0
    bounds = [(k * n_parts) // n_groups for k in range(n_groups + 1)] if n_groups else [0]
    return [list(range(bounds[k], bounds[k + 1])) for k in range(n_groups)]


def group_pairs(groups: list[list[int]]) -> list[tuple[int, int]]:
    """The graph's blocks: each pair of groups ``(g, h)`` with ``g <= h``."""
    return [(g, h) for g in range(len(groups)) for h in range(g, len(groups))]


def block_partition_pairs(left: list[int], right: list[int], same: bool) -> list[tuple[int, int]]:
    """The partition pairs ``(i, j)`` one block computes: every ``i`` of ``left`` with every ``j`` of
    ``right``; within one group (``same``) each pair once, ``i <= j`` (``i == j``: within a partition)."""
    return [(i, j) for i in left for j in right if not same or i <= j]
