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

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The repository root. Paths in params files are relative to it, whatever the working directory
(papermill and nbval start kernels in different folders)."""
