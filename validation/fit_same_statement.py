"""Fit the claims stage's same-statement decision on MSRP's train split and write its weights.

The claims stage (:mod:`analysis.claims.same_statement`) decides, from a TF-IDF cosine of
:data:`~analysis.claims.same_statement.MIN_SIMILARITY` on, whether two claims state the same thing
with a logistic regression over overlap signals. Its weights are fitted here, on the Microsoft
Research Paraphrase Corpus's train split (``msrp/train.jsonl``, news sentence pairs labelled as
stating the same thing or not), and written to ``analysis/claims/same_statement.json``: only the
weights, the signals' means and scales, and this command; no text of the corpus.

Each pair's cosine is the stage's own: every sentence of the split is one claim of one corpus,
vectorised at ``params/default.yaml``'s claims settings, as ``validation/validate_claims.py`` feeds
MSRP to the stage. Every pair is fitted on (the model applies from a cosine on, but a pair below
it still tells the weights how the signals relate to the label). scikit-learn's logistic regression
at its defaults (C = 1) on standardised signals: nothing is tuned. How well the decision holds on
pairs it was not fitted on is measured out of fold by ``validation/validate_claims.py``.

Run from the project root::

    python validation/fit_same_statement.py

The corpus is read by path from ``../shared/corpora`` (or ``$NEWSFRAMES_CORPORA``); when it is
absent the script says so, writes nothing and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis.claims import make_vectorizer, stage_settings, vectorise  # noqa: E402
from analysis.claims.partitioned import split_settings  # noqa: E402
from analysis.claims.same_statement import MODEL_PATH, SameStatementModel, fit, signals_of_texts  # noqa: E402
from analysis.params import load_params  # noqa: E402
from bench.corpora import CORPORA  # noqa: E402

COMMAND = "python validation/fit_same_statement.py"
MSRP = "msrp/train.jsonl"


def read_msrp(path: Path) -> pd.DataFrame:
    """The pairs: ``id``, ``label`` (1 = paraphrase), ``text_a``, ``text_b``, and the sentences' ids ``id_a``, ``id_b``."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pd.DataFrame(rows)[["id", "label", "text_a", "text_b", "id_a", "id_b"]]


def stage_cosines(first: list[str], second: list[str], settings: dict[str, object]) -> np.ndarray:
    """The TF-IDF cosine of each pair with every text of both lists as one corpus, vectorised at the
    claims stage's ``settings`` (:func:`analysis.claims.stage_settings`)."""
    from scipy import sparse

    vectorizer = make_vectorizer(**split_settings(settings)[0])  # the stage's own vectoriser settings
    matrix = sparse.csr_matrix(vectorise(first + second, vectorizer)[0])
    n = len(first)
    return np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()


def pair_signals(pairs: pd.DataFrame, settings: dict[str, object]) -> np.ndarray:
    """Every pair's signals (:data:`analysis.claims.same_statement.SIGNALS`), its cosine the stage's."""
    first, second = pairs["text_a"].tolist(), pairs["text_b"].tolist()
    return signals_of_texts(first, second, stage_cosines(first, second, settings))


def fit_msrp(pairs: pd.DataFrame, settings: dict[str, object]) -> SameStatementModel:
    """The decision fitted on ``pairs``."""
    return fit(pair_signals(pairs, settings), pairs["label"].to_numpy().astype(bool), fitted_on=f"{MSRP}: {len(pairs):,} pairs; {COMMAND}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    path = CORPORA / MSRP
    if not path.is_file():
        print(f"fit_same_statement: skipped, no {MSRP} under {CORPORA} (set NEWSFRAMES_CORPORA to point elsewhere); nothing written")
        return 0
    settings = stage_settings(load_params(PROJECT_ROOT / "params" / "default.yaml").claims)
    model = fit_msrp(read_msrp(path), settings)
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(f"fit_same_statement: {len(model.signals)} signals, weights written to {args.out.relative_to(PROJECT_ROOT) if args.out.is_relative_to(PROJECT_ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
