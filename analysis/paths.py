"""Paths relative to the project root, so code behaves the same from any working directory."""

from pathlib import Path

from analysis import PROJECT_ROOT


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
    """The article files of a corpus folder: every visible regular file, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
