"""Where the external corpora are, and how the benchmarks read them (by path, never copied in)."""

from __future__ import annotations

import gzip
import json
import os
import platform
from pathlib import Path

from analysis import PROJECT_ROOT

CORPORA = Path(os.environ.get("NEWSFRAMES_CORPORA", PROJECT_ROOT.parent / "shared" / "corpora"))
"""The shared corpora folder; set NEWSFRAMES_CORPORA to read them from elsewhere."""

BBC = CORPORA / "bbc_news_2225" / "articles.jsonl"
THINKTANK = CORPORA / "thinktank_analysis" / "articles.jsonl.gz"


def missing_message(path: Path) -> str | None:
    """A one-line skip message when a corpus is absent, else None."""
    if path.exists():
        return None
    return f"skipped: {path} not found (the shared corpora are read by path; set NEWSFRAMES_CORPORA)"


def read_texts(path: Path, limit_documents: int = 0) -> list[str]:
    """The non-empty ``text`` fields of a JSON Lines corpus (optionally gzipped), in file order."""
    opener = gzip.open if path.name.endswith(".gz") else open
    texts = []
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
                if limit_documents and len(texts) >= limit_documents:
                    break
    return texts


def machine() -> str:
    """Cores, memory and Python of this machine, for the benchmark header."""
    memory_kb = next(
        (int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")),
        0,
    )
    return f"{os.cpu_count()} cores, {memory_kb / 1024**2:.0f} GiB memory, Python {platform.python_version()} ({platform.machine()})"
