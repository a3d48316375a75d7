"""Compare how news sources cover one event: framing, recurring claims, numeric estimates.

Modules by role:

- ``corpus``: load, validate, clean and segment a folder of articles (or a JSON Lines file).
- ``framing``: sentence features, document and genre profiles, distinctive vocabulary.
- ``claims``: TF-IDF sentence clustering and cross-source coverage.
- ``estimates``: numeric estimates with qualifier, counted noun and cited source.
- ``params``: load and validate a run's YAML params file.
- ``pipeline``: run the stages and write their tables atomically.
- ``plots``: one figure style; every figure saved as PNG with the CSV it draws.
- ``reports``: tidy executed notebooks and render them as HTML for readers.
"""

import os
import sys
from pathlib import Path

# Arrow's default allocator (mimalloc) keeps freed pages for reuse, and pandas keeps every text
# column in Arrow memory: on the 20 MB article of bench/bench_limits.py the claims stage peaked
# 114 MB higher with it than with the system allocator, at no cost in time. Set before pyarrow
# loads (a user's own setting wins); where a notebook imported pyarrow first, the pool is swapped.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
if "pyarrow" in sys.modules and os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system":
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The repository root. Paths in params files are relative to it, whatever the working directory
(papermill and nbval start kernels in different folders)."""
