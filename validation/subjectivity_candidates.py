"""Measure candidate sentence features and classifier set-ups for CheckThat! 2025 subjectivity on ``dev``.

The framing stage's sentence features, scored by ``validate_framing.py`` (a class-balanced logistic
regression trained on ``train``), are the baseline. Each candidate adds columns to them (or changes
the classifier) and is scored on ``dev``, the split decisions are made on, with the paired
bootstrap change against the baseline (the same resampled sentences for both, so the standard
error is that of the difference). ``dev_test`` is printed for each row as the check the issue
names; no choice is made on it. A candidate is worth landing only when its change on ``dev`` is
more than twice its standard error.

Candidates (issue 12, session 35):

- word lexicons that PyPI packages ship inside themselves, counted per sentence (lower-cased
  words, whole sentence): Pattern's per-word subjectivity and polarity (De Smedt & Daelemans 2012,
  ``en-sentiment.xml`` as shipped in TextBlob; every part of speech, each form's senses averaged
  as TextBlob does), VADER's valence (Hutto & Gilbert 2014), AFINN-165 (Nielsen 2011), the NRC
  emotion lexicon (Mohammad & Turney 2013, as shipped in NRCLex) and Empath's 194 categories (Fast
  et al. 2016);
- sentence shape that marks opinion and is not a framing feature yet: second person, a question
  that neither quotes nor credits anyone (rhetorical), and comparative and superlative forms of
  Pattern's adjectives (gradability, Hatzivassiloglou & Wiebe 2000); questions, exclamations,
  intensifiers and obligation modals (``directives``) are framing features already;
- the classifier: no class weights, and a decision threshold chosen on train alone, either by
  cross-validated macro-F1 or so that the share predicted SUBJ matches the train prior.

The lexicons are read from the packages' own files, installed outside the project's environment
(none of these packages is a dependency)::

    python -m pip install --no-deps --target /tmp/subjectivity_lexicons \\
        textblob==0.20.1 vaderSentiment==3.3.2 afinn==0.1 nrclex==4.1.0 empath==0.89
    python validation/subjectivity_candidates.py --lexicons /tmp/subjectivity_lexicons \\
        --out docs/validation/subjectivity_candidates.md

When the corpus or the lexicon folder is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, RepeatedStratifiedKFold, StratifiedKFold, cross_val_predict, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path.insert(0, str(Path(__file__).resolve().parent))
import validate_framing as vf  # noqa: E402

from bench.corpora import CORPORA  # noqa: E402

COMMAND = (
    "python validation/subjectivity_candidates.py --lexicons /tmp/subjectivity_lexicons "
    "--out docs/validation/subjectivity_candidates.md"
)
PACKAGES = {"textblob": "0.20.1", "vaderSentiment": "3.3.2", "afinn": "0.1", "nrclex": "4.1.0", "empath": "0.89"}
N_BOOTSTRAP = 1000
CV_REPEATS = 5
"""Repeats of the stratified cross-validation on train that gives each candidate a second estimate, apart from dev."""
THRESHOLD_GRID = np.linspace(0.2, 0.8, 61)
"""Decision thresholds tried when one is chosen by cross-validation on train."""
WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'll", "you'd"})
QUOTE_MARKS = re.compile("[\"“”]")
DEGREE_WORDS = frozenset({"more", "most", "less", "least"})


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


@dataclass(frozen=True)
class Lexicons:
    """Word lexicons as the packages ship them."""

    pattern_subjectivity: dict[str, float]
    pattern_polarity: dict[str, float]
    pattern_adjectives: frozenset[str]
    vader: dict[str, float]
    afinn: dict[str, float]
    nrc: dict[str, list[str]]
    empath: dict[str, frozenset[str]]


def read_lexicons(folder: Path) -> Lexicons:
    senses: dict[str, list[tuple[float, float]]] = {}
    adjectives = set()
    for entry in ElementTree.parse(folder / "textblob" / "en" / "en-sentiment.xml").getroot():
        form = entry.get("form", "").lower()
        senses.setdefault(form, []).append((float(entry.get("polarity", 0)), float(entry.get("subjectivity", 0))))
        if entry.get("pos") == "JJ":
            adjectives.add(form)
    vader = {}
    for line in (folder / "vaderSentiment" / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        token, _, rest = line.partition("\t")
        if WORD.fullmatch(token):
            vader[token] = float(rest.split("\t")[0])
    afinn = {}
    for line in (folder / "afinn" / "data" / "AFINN-en-165.txt").read_text(encoding="utf-8").splitlines():
        token, _, score = line.rpartition("\t")
        afinn[token] = float(score)
    empath = {}
    for line in (folder / "empath" / "data" / "categories.tsv").read_text(encoding="utf-8").splitlines():
        name, *terms = line.split("\t")
        empath[name] = frozenset(terms)
    return Lexicons(
        pattern_subjectivity={w: float(np.mean([s for _, s in v])) for w, v in senses.items()},
        pattern_polarity={w: float(np.mean([p for p, _ in v])) for w, v in senses.items()},
        pattern_adjectives=frozenset(adjectives),
        vader=vader, afinn=afinn,
        nrc=json.loads((folder / "nrclex" / "data" / "nrc_en.json").read_text(encoding="utf-8")),
        empath=empath,
    )


# --- candidate sentence features ---------------------------------------------------------------


def valence_columns(tokens: list[str], lexicon: dict[str, float]) -> list[float]:
    """Matched words, positive and negative words, summed absolute valence and its mean per matched word."""
    values = [lexicon[w] for w in tokens if w in lexicon]
    strength = float(np.sum(np.abs(values))) if values else 0.0
    return [len(values), sum(v > 0 for v in values), sum(v < 0 for v in values), strength, strength / max(len(values), 1)]


def pattern_columns(tokens: list[str], lex: Lexicons) -> list[float]:
    """Pattern words: matched, summed, mean and highest subjectivity, mean absolute polarity."""
    subjectivity = [lex.pattern_subjectivity[w] for w in tokens if w in lex.pattern_subjectivity]
    polarity = [abs(lex.pattern_polarity[w]) for w in tokens if w in lex.pattern_polarity]
    return [len(subjectivity), sum(subjectivity), float(np.mean(subjectivity)) if subjectivity else 0.0,
            max(subjectivity, default=0.0), float(np.mean(polarity)) if polarity else 0.0]


def graded_form(word: str, adjectives: frozenset[str]) -> bool:
    """A comparative or superlative of an adjective Pattern lists: great-er, big-g-est, happ-i-er, nic-est."""
    for ending in ("est", "er"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            stems = {stem, stem + "e", stem[:-1] + "y" if stem.endswith("i") else stem}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.add(stem[:-1])
            if stems & adjectives:
                return True
    return False


def shape_columns(text: str, tokens: list[str], features: pd.Series, lex: Lexicons) -> list[float]:
    """Second person; a question that neither quotes nor credits (rhetorical); comparatives and superlatives."""
    rhetorical = text.rstrip().endswith("?") and not QUOTE_MARKS.search(text) and not bool(features["attribution"])
    graded = sum(graded_form(w, lex.pattern_adjectives) for w in tokens)
    graded += sum(a in DEGREE_WORDS and b in lex.pattern_adjectives for a, b in zip(tokens, tokens[1:]))
    return [sum(w in SECOND_PERSON for w in tokens), float(rhetorical), graded]


CandidateColumns = Callable[[str, list[str], pd.Series, Lexicons], list[float]]
CANDIDATES: dict[str, CandidateColumns] = {
    "Pattern subjectivity and polarity (TextBlob)": lambda t, w, f, lex: pattern_columns(w, lex),
    "VADER valence": lambda t, w, f, lex: valence_columns(w, lex.vader),
    "AFINN-165 valence": lambda t, w, f, lex: valence_columns(w, lex.afinn),
    "NRC emotions (NRCLex)": lambda t, w, f, lex: [sum(e in lex.nrc.get(x, ()) for x in w) for e in sorted({e for v in lex.nrc.values() for e in v})],
    "Empath categories": lambda t, w, f, lex: [sum(x in terms for x in w) for terms in lex.empath.values()],
    "sentence shape (second person, rhetorical question, comparatives and superlatives)": lambda t, w, f, lex: shape_columns(t, w, f, lex),
}
"""Name -> the columns one sentence adds (text, its words, its framing features, the lexicons)."""


def candidate_matrix(name: str, table: pd.DataFrame, features: pd.DataFrame, lex: Lexicons) -> np.ndarray:
    make = CANDIDATES[name]
    rows = [make(text, words(text), features.iloc[i], lex) for i, text in enumerate(table["sentence"])]
    return np.asarray(rows, dtype=float)


# --- classifier set-ups ------------------------------------------------------------------------


def probabilities(
    train: np.ndarray, train_y: np.ndarray, tests: list[np.ndarray], class_weight: str | None
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Out-of-fold probabilities on train and probabilities on each test matrix, C chosen as in validate_framing."""
    scaler = StandardScaler().fit(train)
    x_train = scaler.transform(train)
    folds = StratifiedKFold(n_splits=vf.INNER_FOLDS, shuffle=True, random_state=vf.SEED)
    search = GridSearchCV(
        LogisticRegression(class_weight=class_weight, max_iter=5000), {"C": vf.C_GRID}, cv=folds, scoring="f1_macro"
    ).fit(x_train, train_y)
    out_of_fold = cross_val_predict(
        LogisticRegression(class_weight=class_weight, max_iter=5000, C=search.best_params_["C"]), x_train, train_y,
        cv=folds, method="predict_proba",
    )[:, 1]
    return out_of_fold, [search.predict_proba(scaler.transform(t))[:, 1] for t in tests]


def threshold_by_cv(out_of_fold: np.ndarray, train_y: np.ndarray) -> float:
    """The threshold of :data:`THRESHOLD_GRID` with the best out-of-fold macro-F1 on train."""
    scores = [f1_score(train_y, out_of_fold >= t, average="macro") for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[int(np.argmax(scores))])


def threshold_by_prior(out_of_fold: np.ndarray, train_y: np.ndarray) -> float:
    """The threshold at which the share predicted SUBJ out of fold equals the share of SUBJ in train."""
    return float(np.quantile(out_of_fold, 1 - train_y.mean()))


# --- scoring -----------------------------------------------------------------------------------


def macro_f1_rows(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Macro-F1 of two classes for each row of boolean (resamples x sentences) arrays; the same as
    sklearn's ``f1_score(average="macro")`` row by row, vectorised so that a thousand resamples are cheap."""
    scores = []
    for positive_truth, positive_predicted in ((truth, predicted), (~truth, ~predicted)):
        hits = (positive_truth & positive_predicted).sum(axis=1)
        denominator = positive_truth.sum(axis=1) + positive_predicted.sum(axis=1)
        scores.append(np.where(denominator > 0, 2 * hits / np.maximum(denominator, 1), 0.0))
    return (scores[0] + scores[1]) / 2


def paired_change(truth: np.ndarray, baseline: np.ndarray, candidate: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the candidate's macro-F1 minus the baseline's over the same resampled sentences."""
    rows = np.random.default_rng(vf.SEED).integers(0, len(truth), (N_BOOTSTRAP, len(truth)))
    truth, baseline, candidate = (np.asarray(a, dtype=bool)[rows] for a in (truth, baseline, candidate))
    changes = macro_f1_rows(truth, candidate) - macro_f1_rows(truth, baseline)
    return float(np.mean(changes)), float(np.std(changes, ddof=1))


def train_cv_scores(train: np.ndarray, train_y: np.ndarray, c: float) -> np.ndarray:
    """Macro-F1 of each fold of a repeated stratified cross-validation on train (:data:`CV_REPEATS` times
    :data:`vf.INNER_FOLDS` folds, the same folds for every candidate), C fixed at the one chosen on all of train."""
    folds = RepeatedStratifiedKFold(n_splits=vf.INNER_FOLDS, n_repeats=CV_REPEATS, random_state=vf.SEED)
    model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=5000, C=c))
    return cross_val_score(model, train, train_y, cv=folds, scoring="f1_macro")


def fitted_predictions(
    train: np.ndarray, train_y: np.ndarray, tests: list[np.ndarray]
) -> tuple[list[np.ndarray], np.ndarray, float]:
    """``validate_framing.framing_predictions`` for each test matrix, the fitted (standardised) coefficients and C."""
    scaler = StandardScaler().fit(train)
    model = vf.logistic(scaler.transform(train), train_y)
    return [model.predict(scaler.transform(t)) for t in tests], model.best_estimator_.coef_[0], float(model.best_params_["C"])


def measure(folder: Path, lex: Lexicons) -> dict[str, object]:
    splits = {split: vf.read_checkthat(folder / f"{split}_en.tsv") for split in ("train", "dev", "dev_test")}
    features = {split: vf.checkthat_features(table) for split, table in splits.items()}
    truth = {split: table["label"].eq("SUBJ").to_numpy() for split, table in splits.items()}
    base = {split: vf.sentence_matrix(f) for split, f in features.items()}
    rows = []

    def add(
        name: str, columns: int, dev: np.ndarray, dev_test: np.ndarray, reference: np.ndarray | None, signs: str = "",
        cv: np.ndarray | None = None,
    ) -> None:
        change, se = paired_change(truth["dev"], reference, dev) if reference is not None else (0.0, float("nan"))
        cv_change = cv - baseline_cv if cv is not None else None
        rows.append({
            "cv_change": None if cv_change is None else (float(cv_change.mean()), float(cv_change.std(ddof=1) / np.sqrt(len(cv_change)))),
            "candidate": name, "columns": columns, "dev": f1_score(truth["dev"], dev, average="macro"), "change": change, "se": se,
            "dev_test": f1_score(truth["dev_test"], dev_test, average="macro"), "signs": signs,
            "share": (float(np.mean(dev)), float(np.mean(dev_test))),
        })

    (dev, dev_test), _, c = fitted_predictions(base["train"], truth["train"], [base["dev"], base["dev_test"]])
    baseline = {"dev": dev, "dev_test": dev_test}
    baseline_cv = train_cv_scores(base["train"], truth["train"], c)
    add("framing features (baseline)", base["train"].shape[1], baseline["dev"], baseline["dev_test"], None)
    for name in CANDIDATES:
        extra = {split: candidate_matrix(name, splits[split], features[split], lex) for split in splits}
        full = {split: np.hstack([base[split], extra[split]]) for split in splits}
        (dev, dev_test), coefficients, c = fitted_predictions(full["train"], truth["train"], [full["dev"], full["dev_test"]])
        added = coefficients[-extra["train"].shape[1]:]
        signs = f"{int((added > 0).sum())} / {int((added < 0).sum())}"
        add(f"+ {name}", extra["train"].shape[1], dev, dev_test, baseline["dev"], signs, train_cv_scores(full["train"], truth["train"], c))
    for weight, weight_name in (("balanced", "class-balanced"), (None, "no class weights")):
        out_of_fold, (dev, dev_test) = probabilities(base["train"], truth["train"], [base["dev"], base["dev_test"]], weight)
        rules = {"threshold 0.5": 0.5, "threshold by CV macro-F1 on train": threshold_by_cv(out_of_fold, truth["train"]),
                 "threshold matching the train prior": threshold_by_prior(out_of_fold, truth["train"])}
        for rule, threshold in rules.items():
            if weight == "balanced" and rule == "threshold 0.5":
                continue  # the baseline itself
            add(f"classifier: {weight_name}, {rule} ({threshold:.2f})", 0, dev >= threshold, dev_test >= threshold, baseline["dev"])
    return {"rows": rows, "n": {split: len(t) for split, t in splits.items()},
            "subj_share": {split: float(y.mean()) for split, y in truth.items()}}


def markdown(result: dict[str, object]) -> str:
    n = result["n"]
    lines = [
        "# Candidate sentence features for CheckThat! subjectivity (issue 12, session 35)", "",
        "Generated by the command below (seeded, deterministic); the lexicons are the packages' own files, installed "
        "outside the project's environment as the script's docstring shows.", "",
        "```", COMMAND, "```", "",
        f"Baseline: the framing features of `validate_framing.py`, class-balanced logistic regression, C by 5-fold CV on "
        f"`train` ({n['train']} sentences). Each candidate's columns are added to them (C chosen again on train). Change: "
        f"macro-F1 on `dev` ({n['dev']} sentences) minus the baseline's, mean over {N_BOOTSTRAP} paired bootstrap "
        f"resamples of the sentences, with its standard error. Change in train CV: a second estimate apart from `dev`, "
        f"the candidate's macro-F1 minus the baseline's over the same {CV_REPEATS} x {vf.INNER_FOLDS} stratified folds of "
        "`train` (C fixed at the one each chose on all of train; the folds overlap, so the SE is optimistic). "
        f"`dev_test` ({n['dev_test']} sentences) is the issue's check, shown but not chosen on. Added columns toward "
        "SUBJ / OBJ: how many of the candidate's coefficients are positive and negative.", "",
        "| candidate | columns | added columns toward SUBJ / OBJ | macro-F1 on dev | change on dev | SE of change | change / SE "
        "| change in train CV (SE) | macro-F1 on dev_test | share predicted SUBJ on dev / dev_test |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        ratio = "" if np.isnan(row["se"]) else f"{row['change'] / row['se']:.1f}"
        se = "" if np.isnan(row["se"]) else f"{row['se']:.3f}"
        change = "" if np.isnan(row["se"]) else f"{row['change']:+.3f}"
        cv = "" if row["cv_change"] is None else f"{row['cv_change'][0]:+.3f} ({row['cv_change'][1]:.3f})"
        lines.append(
            f"| {row['candidate']} | {row['columns']} | {row['signs']} | {row['dev']:.3f} | {change} | {se} | {ratio} | {cv} "
            f"| {row['dev_test']:.3f} | {row['share'][0]:.2f} / {row['share'][1]:.2f} |"
        )
    tried = [r for r in result["rows"] if not np.isnan(r["se"])]
    on_dev = [r for r in tried if r["change"] > 2 * r["se"]]
    both = [r for r in on_dev if r["cv_change"] is not None and r["cv_change"][0] > 2 * r["cv_change"][1]]
    by_chance = 1 - norm.cdf(2)
    lines += ["", "## Reading", ""]
    lines.append(
        f"- {len(tried)} rows are compared with the baseline. Helping `dev` by more than two standard errors of the change: "
        + (", ".join(f"{r['candidate'].removeprefix('+ ')} ({r['change'] / r['se']:.1f} SE)" for r in on_dev) or "none")
        + f". Were no row of any help, the chance that at least one of {len(tried)} would pass that bar is "
        f"{1 - (1 - by_chance) ** len(tried):.2f} (one-sided, rows taken as independent). Passing it on `dev` and "
        "helping the cross-validation on `train` by more than two of its standard errors as well (two estimates that "
        "agree, the bar for landing): " + (", ".join(r["candidate"].removeprefix("+ ") for r in both) or "none") + "."
    )
    baseline = result["rows"][0]
    shares = result["subj_share"]
    lines.append(
        f"- The baseline predicts SUBJ for {baseline['share'][0]:.0%} of `dev` ({shares['dev']:.0%} are) and "
        f"{baseline['share'][1]:.0%} of `dev_test` ({shares['dev_test']:.0%} are): a threshold moved towards the train "
        f"prior ({shares['train']:.0%}) can only trade one class's errors for the other's."
    )
    reached = [r["candidate"] for r in result["rows"] if r["dev_test"] >= 0.72]
    lines.append(
        f"- Reaching the 0.72 aim on `dev_test`: {', '.join(reached)}." if reached else
        "- None of the rows reaches the 0.72 aim on `dev_test`."
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lexicons", type=Path, required=True, help="folder the packages were installed into (pip --target)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    folder = CORPORA / vf.CHECKTHAT
    if not folder.is_dir():
        print(f"[candidates] {folder} is absent; nothing scored", file=sys.stderr)
        return
    missing = [p for p in PACKAGES if not (args.lexicons / p).is_dir()]
    if missing:
        versions = " ".join(f"{p}=={v}" for p, v in PACKAGES.items())
        print(f"[candidates] {', '.join(missing)} absent from {args.lexicons}; install with\n"
              f"  python -m pip install --no-deps --target {args.lexicons} {versions}", file=sys.stderr)
        return
    text = markdown(measure(folder, read_lexicons(args.lexicons)))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(text)


if __name__ == "__main__":
    main()
