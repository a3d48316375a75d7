"""Paths relative to the project root, so code behaves the same from any working directory."""

import hashlib
from pathlib import Path
from urllib.parse import quote

from analysis import PROJECT_ROOT

CLEAN_NAME_MAX_BYTES = 120
"""Longest file name (in bytes, before ``.txt``) kept as the plain %-escaped doc id; file systems allow 255."""


def resolve(relative: str | Path) -> Path:
    """A path from a params file or the command line: relative ones are taken from the project root."""
    path = Path(relative)
    return path if path.is_absolute() else PROJECT_ROOT / path


def shown(path: Path) -> str:
    """The path as a user would type it (relative to the project root when inside it); used in messages and outputs."""
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def article_files(folder: Path) -> list[Path]:
    """The article files of a corpus folder: every visible regular file that is not a symbolic link, sorted by name.

    Symbolic links are left out here (the corpus reader refuses them with a message naming the link).
    """
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and not p.is_symlink() and p.is_file())


def clean_text_name(doc_id: str) -> str:
    """The file name of a document's cleaned text, safe and unique for a doc id of any length and script.

    The doc id with every character unsafe in a file name %-escaped (an archive's "business/001" is
    ``business%2F001.txt``). An escaped id longer than ``CLEAN_NAME_MAX_BYTES`` (a 300-character id,
    40 Korean characters) keeps a prefix cut at a whole escape, then ``%~`` and 16 hex digits of its
    SHA-256: ``quote`` never writes a ``%`` that is not followed by two hex digits, so such a name can
    never equal another id's plain escape, and the hash keeps two long ids with one prefix apart.
    """
    escaped = quote(doc_id, safe="")
    if len(escaped) <= CLEAN_NAME_MAX_BYTES:
        return f"{escaped}.txt"
    cut = CLEAN_NAME_MAX_BYTES - 20
    while cut > 0 and "%" in escaped[max(0, cut - 2) : cut]:
        cut -= 1  # never cut inside a %XX escape
    prefix = escaped[:cut]
    digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}%~{digest}.txt"
