"""Run every validation script and gather their sections into docs/VALIDATION.md (``make validate``).

Each script ``validation/validate_<topic>.py`` scores one stage on held-out corpora nobody on this
project wrote and writes its own section to ``docs/validation/<topic>.md`` with the command that
produced it; this script runs them in turn and joins the sections under one header. A script whose
corpus is absent prints why and leaves its section as it was.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import PROJECT_ROOT  # noqa: E402
from analysis.paths import shown  # noqa: E402

HERE = Path(__file__).resolve().parent


def topics() -> list[str]:
    """Every validation topic: one per ``validate_<topic>.py`` script, in name order."""
    return sorted(path.stem.removeprefix("validate_") for path in HERE.glob("validate_*.py"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/VALIDATION.md")
    parser.add_argument("--topics", default="", help="comma-separated topics to score again (default: all)")
    parser.add_argument("--join-only", action="store_true", help="score nothing; join the sections as they are")
    args = parser.parse_args()
    known = topics()
    chosen = [] if args.join_only else args.topics.split(",") if args.topics else known
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        parser.error(f"unknown topic(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    sections = []
    for topic in known:
        section = PROJECT_ROOT / "docs" / "validation" / f"{topic}.md"
        if topic in chosen:
            print(f"[validate] {topic}", file=sys.stderr)
            subprocess.run([sys.executable, f"validation/validate_{topic}.py", "--out", shown(section)], cwd=PROJECT_ROOT, check=True)
        if section.is_file():
            sections.append(section.read_text(encoding="utf-8").strip())
    header = (
        "# Validation on text nobody here wrote\n\nProduced by `make validate` (which runs `python validation/run_all.py`; "
        "`--topics framing,claims` scores only those sections again); each section below names the script and command "
        "behind its figures, and is also kept in `docs/validation/<topic>.md`.\n"
    )
    out = PROJECT_ROOT / args.out
    out.write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {shown(out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
