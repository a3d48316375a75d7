"""Run every benchmark and gather their sections into docs/BENCHMARKS.md (``make bench``).

Each benchmark script writes its own section to docs/benchmarks/<topic>.md with the command that
produced it; this script runs them in turn and joins the sections under one header.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import PROJECT_ROOT  # noqa: E402
from analysis.paths import shown  # noqa: E402

TOPICS = ("pipeline", "segmenters", "corpus", "framing", "claims", "estimates", "limits", "reports", "scale")
# Sections a topic's script writes in a separate run and that are joined after the topic's own: the
# local engine on the scale corpus (``bench_scale.py --skip-dask``), when the 400 MB Dask runs and the
# local run did not fit one quiet window (``make bench`` itself runs both engines into scale.md).
EXTRA_SECTIONS = {"scale": ("scale_local",)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/BENCHMARKS.md")
    parser.add_argument("--topics", default=",".join(TOPICS), help="the sections to measure again (default: all)")
    parser.add_argument("--join-only", action="store_true", help="measure nothing; join the sections as they are")
    args = parser.parse_args()
    chosen = [] if args.join_only else args.topics.split(",")
    unknown = sorted(set(chosen) - set(TOPICS))
    if unknown:
        parser.error(f"unknown topic(s) {', '.join(unknown)}; choose from {', '.join(TOPICS)}")
    sections = []
    for topic in TOPICS:
        section = f"docs/benchmarks/{topic}.md"
        if topic in chosen:
            print(f"[bench] {topic}", file=sys.stderr)
            subprocess.run([sys.executable, f"bench/bench_{topic}.py", "--out", section], cwd=PROJECT_ROOT, check=True)
        if not (PROJECT_ROOT / section).is_file():
            print(f"[bench] {topic}: {section} not measured yet, left out (run --topics {topic})", file=sys.stderr)
            continue
        sections.append((PROJECT_ROOT / section).read_text(encoding="utf-8").strip())
        for extra in EXTRA_SECTIONS.get(topic, ()):
            if (PROJECT_ROOT / f"docs/benchmarks/{extra}.md").is_file():
                sections.append((PROJECT_ROOT / f"docs/benchmarks/{extra}.md").read_text(encoding="utf-8").strip())
    header = (
        "# Benchmarks\n\nProduced by `make bench` (which runs `python bench/run_all.py`; `--topics pipeline,claims` "
        "measures only those sections again); each section below names the script and command behind its "
        "figures. The sections are also kept one per file in `docs/benchmarks/`.\n"
    )
    out = PROJECT_ROOT / args.out
    out.write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {shown(out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
