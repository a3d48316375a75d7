"""Score the framing features of analysis.framing on held-out text nobody on this project wrote.

Two tasks, both scored with macro-F1 (the mean of the per-class F1, so the minority class counts
as much as the majority):

- sentence level, CheckThat! 2025 subjectivity (English): SUBJ vs OBJ, trained on ``train``,
  scored on ``dev_test``; ``dev`` is the only split that was looked at while the features were
  developed (its score is reported too), never the texts of either;
- document level, Guardian 2022: opinion and editorial vs reporting (``genre_from_url``; empty
  texts, live blogs and "other" are left out), stratified 5-fold cross-validation.

Each task compares a logistic regression on the framing features alone, a TF-IDF baseline and
both together. Everything is seeded; the figures are written, not typed, into the Markdown file.

Run from the project root::

    python validation/validate_framing.py --out docs/VALIDATION.md

The corpora are read by path from ``../shared/corpora`` (or ``$NEWSFRAMES_CORPORA``); when that
folder is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis import framing  # noqa: E402
from analysis.corpus import Article, build_corpus  # noqa: E402
from bench.corpora import CORPORA  # noqa: E402

SEED = 20241022
COMMAND = "python validation/validate_framing.py --out docs/VALIDATION.md"
CHECKTHAT = "checkthat2025_subjectivity_en"
GUARDIAN = "guardian_ukraine_2022/articles.jsonl"
OPINION_LABELS = {"opinion", "editorial"}


# --- features ---------------------------------------------------------------------------------


def sentence_matrix(features: pd.DataFrame) -> np.ndarray:
    """Numeric framing features of single sentences: counts, per-word rates, flags, mode one-hot."""
    words = features["n_words"].clip(lower=1).to_numpy(float)
    counts = [
        "n_direct_quotes", "n_scare_quotes", "n_hedges", "n_boosters", "n_first_person", "n_directives", "n_evaluative",
        "n_numbers", "n_names", "n_intensifiers",
    ]
    flags = ["attribution", "is_question", "is_exclamation"]
    columns = [features[c].to_numpy(float) for c in counts + flags]
    columns += [features[c].to_numpy(float) / words for c in counts]
    columns += [np.log1p(words), features["direct_quote_share"].to_numpy(float)]
    columns += [features["mode"].eq(mode).to_numpy(float) for mode in framing.MODES]
    columns.append(features["frames"].str.count(r"\|").add(features["frames"].ne("")).to_numpy(float))
    return np.column_stack(columns)


def document_matrix(profiles: pd.DataFrame) -> np.ndarray:
    """Document framing features: every rate, mode share, mean sentence length and quoted share."""
    return profiles[framing.MAP_FEATURES].to_numpy(float)


def logistic() -> LogisticRegression:
    return LogisticRegression(class_weight="balanced", max_iter=5000, C=1.0)


def tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)


def fit_score(
    train_x: dict[str, object], train_y: np.ndarray, test_x: dict[str, object], test_y: np.ndarray
) -> dict[str, float]:
    """Macro-F1 of framing features, TF-IDF and both, given raw feature blocks for train and test."""
    scaler = StandardScaler().fit(train_x["framing"])
    f_train, f_test = scaler.transform(train_x["framing"]), scaler.transform(test_x["framing"])
    vectorizer = tfidf().fit(train_x["text"])
    t_train, t_test = vectorizer.transform(train_x["text"]), vectorizer.transform(test_x["text"])
    blocks = {
        "framing features": (f_train, f_test),
        "TF-IDF": (t_train, t_test),
        "framing + TF-IDF": (hstack([csr_matrix(f_train), t_train]).tocsr(), hstack([csr_matrix(f_test), t_test]).tocsr()),
    }
    scores = {}
    for name, (x_train, x_test) in blocks.items():
        predicted = logistic().fit(x_train, train_y).predict(x_test)
        scores[name] = f1_score(test_y, predicted, average="macro")
    return scores


# --- CheckThat! -------------------------------------------------------------------------------


def read_checkthat(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, sep="\t", dtype=str, quoting=3, keep_default_na=False)
    return table[table["label"].isin(["SUBJ", "OBJ"])].reset_index(drop=True)


def checkthat_features(table: pd.DataFrame) -> pd.DataFrame:
    """Each CheckThat! sentence as a one-sentence document, through framing.sentence_features."""
    sentences = pd.DataFrame({
        "doc_id": [f"{i:06d}" for i in range(len(table))], "sentence_id": 0, "paragraph_id": 0, "char_start": 0,
        "char_end": table["sentence"].str.len(), "text": table["sentence"], "is_heading": False,
    })
    return framing.sentence_features(sentences)


def validate_checkthat(folder: Path) -> dict[str, object]:
    train, dev, test = (read_checkthat(folder / f"{split}_en.tsv") for split in ("train", "dev", "dev_test"))
    train_f, dev_f, test_f = checkthat_features(train), checkthat_features(dev), checkthat_features(test)
    train_x = {"framing": sentence_matrix(train_f), "text": train["sentence"]}
    train_y = train["label"].eq("SUBJ").to_numpy()
    scores = fit_score(train_x, train_y, {"framing": sentence_matrix(test_f), "text": test["sentence"]}, test["label"].eq("SUBJ").to_numpy())
    dev_scores = fit_score(train_x, train_y, {"framing": sentence_matrix(dev_f), "text": dev["sentence"]}, dev["label"].eq("SUBJ").to_numpy())
    by_mode = test_f.assign(subj=test["label"].eq("SUBJ").to_numpy()).groupby("mode")["subj"].agg(["size", "mean"])
    return {"scores": scores, "dev_scores": dev_scores, "n_train": len(train), "n_dev": len(dev), "n_test": len(test),
            "subj_share_test": float(test["label"].eq("SUBJ").mean()), "by_mode": by_mode}


# --- Guardian ---------------------------------------------------------------------------------


def read_guardian(path: Path) -> tuple[list[Article], np.ndarray]:
    articles, labels = [], []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            genre, text = record.get("genre_from_url", ""), record.get("text") or ""
            if not text.strip() or genre not in OPINION_LABELS | {"reporting"}:
                continue
            doc_id = f"g{int(record['id']):04d}"
            articles.append(Article(doc_id, text, {"doc_id": doc_id, "genre": ""}, f"{path.name}:{record['id']}"))
            labels.append(genre in OPINION_LABELS)
    return articles, np.array(labels)


def validate_guardian(path: Path, folds: int = 5) -> dict[str, object]:
    articles, labels = read_guardian(path)
    corpus = build_corpus(articles, [])
    features = framing.sentence_features(corpus.sentences)
    profiles = framing.document_profiles(features, corpus.documents, n_bootstrap=0, seed=SEED)
    order = {a.doc_id: i for i, a in enumerate(articles)}
    profiles = profiles.sort_values("doc_id", key=lambda s: s.map(order)).reset_index(drop=True)
    texts = pd.Series([corpus.clean_texts[a.doc_id] for a in articles])
    matrix = document_matrix(profiles)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    per_fold: dict[str, list[float]] = {}
    predictions = {}
    for train, test in splitter.split(matrix, labels):
        scores = fit_score(
            {"framing": matrix[train], "text": texts.iloc[train]}, labels[train],
            {"framing": matrix[test], "text": texts.iloc[test]}, labels[test],
        )
        for name, score in scores.items():
            per_fold.setdefault(name, []).append(score)
    means = profiles.assign(opinion=labels).groupby("opinion")[framing.MAP_FEATURES].mean().T
    predictions["means"] = means.rename(columns={False: "reporting", True: "opinion+editorial"})
    return {"per_fold": per_fold, "n_docs": len(articles), "n_opinion": int(labels.sum()), "means": predictions["means"]}


# --- report -----------------------------------------------------------------------------------


def markdown(checkthat: dict[str, object], guardian: dict[str, object]) -> str:
    lines = [
        "# Validation of the framing features", "",
        "Generated by the command below; every figure is computed by it (seeded, deterministic).", "",
        "```", COMMAND, "```", "",
        "Classifier: logistic regression (class-balanced, C = 1) on standardised features; TF-IDF is word",
        "1-2-grams (sublinear tf, min_df = 2). Score: macro-F1.", "",
        "## Sentence level: CheckThat! 2025 subjectivity (English)", "",
        f"Trained on `train` ({checkthat['n_train']} sentences), scored on `dev_test` "
        f"({checkthat['n_test']} sentences, {checkthat['subj_share_test']:.0%} SUBJ) and on `dev` "
        f"({checkthat['n_dev']} sentences, the split consulted while the features were developed).", "",
        "| features | macro-F1 on dev_test | macro-F1 on dev |", "|---|---|---|",
    ]
    lines += [f"| {name} | {score:.3f} | {checkthat['dev_scores'][name]:.3f} |" for name, score in checkthat["scores"].items()]
    lines += ["", "Share of SUBJ sentences by framing mode (dev_test):", "", "| mode | sentences | SUBJ share |", "|---|---|---|"]
    lines += [f"| {mode} | {int(row['size'])} | {row['mean']:.2f} |" for mode, row in checkthat["by_mode"].iterrows()]
    folds = len(next(iter(guardian["per_fold"].values())))
    lines += [
        "", "## Document level: Guardian 2022, opinion and editorial vs reporting", "",
        f"{guardian['n_docs']} non-empty articles ({guardian['n_opinion']} opinion or editorial); "
        f"stratified {folds}-fold cross-validation, the scaler and the TF-IDF vocabulary fitted on each training fold.", "",
        "| features | macro-F1 (mean of folds) | lowest fold | highest fold |", "|---|---|---|---|",
    ]
    for name, scores in guardian["per_fold"].items():
        lines.append(f"| {name} | {np.mean(scores):.3f} | {np.min(scores):.3f} | {np.max(scores):.3f} |")
    lines += ["", "Mean document profile by class (rates per 1,000 words, shares of sentences):", "",
              "| feature | reporting | opinion+editorial |", "|---|---|---|"]
    for feature, row in guardian["means"].iterrows():
        lines.append(f"| {feature} | {row['reporting']:.3f} | {row['opinion+editorial']:.3f} |")
    lines += ["", interpretation(checkthat, guardian), ""]
    return "\n".join(lines)


def interpretation(checkthat: dict[str, object], guardian: dict[str, object]) -> str:
    """A short reading of the figures, its numbers taken from them."""
    c, g = checkthat["scores"], {k: float(np.mean(v)) for k, v in guardian["per_fold"].items()}
    verdict_g = "meets" if g["framing features"] >= 0.85 else "falls short of"
    verdict_c = "meets" if c["framing features"] >= 0.70 else "falls short of"
    return "\n".join([
        "## Reading", "",
        f"- Guardian: the framing features alone reach {g['framing features']:.3f} macro-F1, which {verdict_g} the 0.85 "
        f"aim; TF-IDF reaches {g['TF-IDF']:.3f} and both together {g['framing + TF-IDF']:.3f}. "
        "A few dozen interpretable rates (attribution, quotation, first person, hedges, mode shares) carry most of "
        "the genre signal that thousands of word features carry. The opinion class is small, so one fold's "
        "figure moves by several points with a single article.",
        f"- CheckThat!: the framing features alone reach {c['framing features']:.3f} macro-F1 on dev_test, which "
        f"{verdict_c} the 0.70 aim; TF-IDF reaches {c['TF-IDF']:.3f} and both {c['framing + TF-IDF']:.3f}. "
        "Subjectivity in single sentences is often carried by words no lexicon lists (loaded verbs, irony, "
        "sarcasm), and a sentence gives a lexicon few chances to fire, so sentence-level scores are the harder test.",
        "- Nothing was tuned by reading these corpora: the lexicons and rules come from the seed articles and the "
        "cited sources. After the first run of an earlier version of this script (framing features alone: 0.596 "
        "on dev_test, 0.610 on dev; figures quoted from that run, not regenerated), three "
        "general features were added and checked on `dev` only: figures and capitalised names per sentence "
        "(the density of facts and actors that marks reporting) and intensifiers (appraisal graduation). "
        "No rule was written for an individual text.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "VALIDATION.md")
    args = parser.parse_args(argv)
    corpora = CORPORA
    if not corpora.is_dir():
        print(f"validate_framing: skipped, no external corpora at {corpora} (set NEWSFRAMES_CORPORA to point elsewhere)")
        return 0
    checkthat = validate_checkthat(corpora / CHECKTHAT)
    guardian = validate_guardian(corpora / GUARDIAN)
    text = markdown(checkthat, guardian)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
