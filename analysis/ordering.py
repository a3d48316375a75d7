"""Whether a table's rows are already in the order a stable sort would give them.

Stages sort their tables by key columns for deterministic output, and their input usually arrives
in that order (the corpus stage writes sentences by document and position). A stable sort of rows
already in order returns them as they are, but copies every column first: on a long article that
copy was a stage's peak (``docs/PROFILING.md``). So the stages test the order first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rows_in_order(*keys: np.ndarray | Sequence[object]) -> bool:
    """Whether rows given by these aligned key columns never go down from one row to the next,
    comparing the first key, then the next on ties, and so on (ties allowed: a stable sort would
    keep such rows as they are). Keys may be numpy arrays or lists of comparable Python objects."""
    columns = [np.asarray(key) if not isinstance(key, list) else np.array(key, dtype=object) for key in keys]
    if not columns or len(columns[0]) < 2:
        return True
    # from the last key to the first: a step is in order when this key rises, or holds and the later keys are in order
    in_order = np.ones(len(columns[0]) - 1, dtype=bool)
    for column in reversed(columns):
        before, after = column[:-1], column[1:]
        in_order = (before < after) | ((before == after) & in_order)
    return bool(in_order.all())
