"""Score who the estimates stage credits for each number (``cited_source``) on PolNeAR, text nobody here wrote.

PolNeAR (see ``validate_attribution.py``) marks every attribution's source, cue and content. Each
article is read as that script reads it (one paragraph per line, the corpus stage's segmenter), and
the estimates stage's extractor runs on each sentence as the stage runs it. For every number the
stage keeps as an estimate:

- **credited in PolNeAR** when it lies inside the content of an attribution whose source is
  annotated (type ``Attribution``); its gold sources are those attributions' sources. A number
  inside the content of an ``Attribution-no-source`` only ("reportedly") is left out;
- **credited to no one** when it lies inside no attribution's content.

Figures: of the numbers credited in PolNeAR, the share the stage credits to someone (a named source
or a pronoun; the stage's "reports", for a number reported with no one named, counts as no one),
the share whose source equals a gold source (leading determiners and possessives, edge punctuation
and case set aside: **exact**), and the share where one contains the other (**partial**: "Pentagon"
for "the Pentagon's spokesman", or the other way round); of the numbers credited to no one, the
share the stage credits anyway. There is no aim in issue 18 for these figures; they let a reader
judge the ``cited_source`` column and let a change to it be measured. Scored on ``dev`` (the
attribution rules were developed on ``train``). Run from the project root::

    python validation/validate_cited_sources.py --out docs/validation/cited_sources.md

The corpus is read by path from ``../shared/corpora/polnear`` (or ``$NEWSFRAMES_CORPORA``); when it
is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis.estimates.extract import scan_windows  # noqa: E402
from analysis.estimates.sources import REPORTS  # noqa: E402
from analysis.paths import shown  # noqa: E402
from bench.corpora import CORPORA  # noqa: E402
from validate_attribution import COUNTED_TYPES, POLNEAR, _pieces, normalise_source, read_split, sentences_of  # noqa: E402

COMMAND = "python validation/validate_cited_sources.py --out docs/validation/cited_sources.md"
BEFORE = ("c41cb18", {"credited": 0.779, "exact": 0.362, "partial": 0.489, "false_credit": 0.227})
"""This command's dev figures with the stage's own subject rule alone (main at that commit, before the stage asked
the framing stage's attribution first; the script run there from a copy)."""


@dataclass
class Tally:
    """Numbers by what PolNeAR and the stage say about who is cited."""

    gold_credited: int = 0
    credited: int = 0
    exact: int = 0
    partial: int = 0
    gold_none: int = 0
    false_credit: int = 0
    left_out: int = 0

    def scores(self) -> dict[str, float]:
        return {
            "credited": self.credited / max(self.gold_credited, 1),
            "exact": self.exact / max(self.gold_credited, 1),
            "partial": self.partial / max(self.gold_credited, 1),
            "false_credit": self.false_credit / max(self.gold_none, 1),
        }


_SUBJECT_FORMS = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "i", "your": "you"}
"""PolNeAR marks the possessive of "his claim that …" as its source; the stage names the owner "he"."""


def _same(mine: str, gold: str) -> tuple[bool, bool]:
    """(exact, partial) agreement of the stage's source with one gold source."""
    a, b = (_SUBJECT_FORMS.get(x, x) for x in (normalise_source(mine).casefold(), normalise_source(gold).casefold()))
    if not a or not b:
        return False, False
    return a == b, a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def score(records: list[dict]) -> Tally:
    tally = Tally()
    for record in records:
        text = record["text"]
        contents = []
        for attribution in record["attributions"]:
            sources = [text[s:e] for s, e in _pieces("source", attribution)]
            for start, end in _pieces("content", attribution):
                contents.append((start, end, attribution["type"] in COUNTED_TYPES and bool(sources), " ".join(sources)))
        for row in sentences_of(record).itertuples(index=False):
            found, _ = scan_windows(row.text, [(0, len(row.text))])
            for estimate in found:
                start, end = row.char_start + estimate.char_start, row.char_start + estimate.char_end
                inside = [c for c in contents if c[0] <= start and end <= c[1]]
                named = [c[3] for c in inside if c[2]]
                mine = "" if estimate.cited_source == REPORTS else estimate.cited_source
                if inside and not named:
                    tally.left_out += 1
                elif named:
                    tally.gold_credited += 1
                    tally.credited += bool(mine)
                    agreement = [_same(mine, gold) for gold in named]
                    tally.exact += any(exact for exact, _ in agreement)
                    tally.partial += any(partial for _, partial in agreement)
                else:
                    tally.gold_none += 1
                    tally.false_credit += bool(mine)
    return tally


def markdown(tally: Tally, n_articles: int) -> str:
    s = tally.scores()
    commit, before = BEFORE
    return "\n".join([
        "## Who is cited for a number: PolNeAR dev", "",
        "Generated by the command below; every figure is computed by it (deterministic).", "",
        "```", COMMAND, "```", "",
        "The estimates stage's `cited_source` for every number it keeps, against PolNeAR's attributions (how numbers and "
        "gold sources are paired, and what counts as agreement: the docstring of `validation/validate_cited_sources.py`). "
        "PolNeAR's attribution is wider than citing a number (beliefs, plans and stances of the people written about: "
        "\"she plans to hire 200 staff\"), so these shares compare versions of the stage's rule; they are "
        "not its accuracy as a reader would judge it.", "",
        "| articles | numbers credited in PolNeAR | credited by the stage | source exact | source partial or exact "
        "| numbers credited to no one | credited by the stage anyway | left out (unnamed source only) |",
        "|---|---|---|---|---|---|---|---|",
        f"| {n_articles} | {tally.gold_credited} | {s['credited']:.3f} | {s['exact']:.3f} | {s['partial']:.3f} | "
        f"{tally.gold_none} | {s['false_credit']:.3f} | {tally.left_out} |", "",
        f"With the stage's own subject rule alone (commit {commit}, same command, same counting): credited "
        f"{before['credited']:.3f}, source exact {before['exact']:.3f}, partial or exact {before['partial']:.3f}, "
        f"credited to no one but credited anyway {before['false_credit']:.3f}. Since then the stage asks the framing stage's "
        "attribution first (the whole noun phrase PolNeAR would mark, the speaker after a quotation, each clause's own "
        "source; see `analysis.estimates.sources.cited_source`) and keeps its own rule where framing credits no one.",
    ]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/validation/cited_sources.md")
    args = parser.parse_args()
    path = CORPORA / POLNEAR / "dev.jsonl"
    if not path.is_file():
        print(f"skipped: {path} not found (the shared corpora are read by path; set NEWSFRAMES_CORPORA)", file=sys.stderr)
        return
    records = read_split(path)
    out = PROJECT_ROOT / args.out
    out.write_text(markdown(score(records), len(records)), encoding="utf-8")
    print(f"wrote {shown(out)}", file=sys.stderr)


if __name__ == "__main__":
    main()
