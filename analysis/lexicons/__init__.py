"""Word lists kept as data files; each file's ``#`` header names where its categories come from."""

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent


@cache
def load_lexicon(name: str) -> list[str]:
    """Return the sorted, unique, lower-cased entries of ``lexicons/<name>.txt``.

    Lines starting with ``#`` and blank lines are skipped; multi-word entries are kept whole.
    """
    path = LEXICON_DIR / f"{name}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = {line.strip().lower() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    return sorted(entries)
