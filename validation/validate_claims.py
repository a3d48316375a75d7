"""Score the claims stage (analysis.claims) on held-out text nobody on this project wrote.

Two checks, both with the claims stage as a black box at the run's DEFAULT params
(``params/default.yaml``, read with :func:`analysis.claims.stage_settings`):

- **MSRP** (``msrp/train.jsonl``, 4,076 news sentence pairs labelled paraphrase or not). Every
  sentence is a one-sentence article and all 8,152 form ONE corpus, as a user's corpus would be
  fed to the stage: the IDF comes from all of them and the clustering (above ``max_claims_exact``
  claims, the sparse-graph path) sees every sentence at once, so a pair can also be split or joined
  through sentences of other pairs. A pair is "same claim" when both sentences land in one cluster.
  Feeding each pair as its own two-article corpus was rejected: an IDF over two sentences gives
  every shared word the lowest weight and every unshared one the highest, which is no user's
  corpus. Accuracy, precision, recall and F1 are given on all pairs, with the always-"same"
  baseline beside them, and on the even- and odd-numbered halves. The threshold is not tuned to
  the pairs: the per-threshold table gives the best threshold on the even half and its score on
  the odd half (the check), beside the default's. The official
  test split is held back (not in ``../shared``). The rules of :mod:`analysis.claims.rules` are
  also switched off one at a time at the default threshold (ablation).
- **Guardian 2022** (``guardian_ukraine_2022/articles.jsonl``, 250 articles, one outlet) read as a
  user's JSON Lines corpus (``corpus.source`` the file, ``id_field`` id, ``text_field`` text), so
  a source is an article (:func:`analysis.claims.timeline.document_sources`): the ten largest
  cross-source clusters are listed by record id (``doc_id:sentence_id``) with their term label
  (a few words), and the script prints their full sentences to the terminal only. The corpus's
  ``date`` field feeds the timeline (``claims.date_column: date``).

Also on MSRP, pair by pair and outside the stage: other similarities (word unigrams with and
without stop words, character n-grams, their mean with the stage's cosine, an IDF from general
English frequencies), a content-share rule, and as a diagnostic a logistic regression fitted by
cross-validation on the pairs (how far a fitted weighting of these signals gets; the stage fits
nothing). The wordfreq row needs the wordfreq package, which is not a project dependency: without it
the row says "skipped"; with it, install it outside the environment and put it on the path, e.g.
``pip install --target /tmp/wf wordfreq==3.1.1`` and ``PYTHONPATH=$PWD:/tmp/wf``.

Then, still pair by pair and outside the stage, the learned decision issue 15 asked to measure
before building: a logistic regression over MT-style overlap signals (:func:`pair_signals`, plus
the stage's cosine), scored out of fold with folds grouped by shared sentences, alone and combined
with the stage's cut and hand rules as a stage rule could combine them; beside it how many MSRP
paraphrases the numbers and negation rules veto, and what the model says of the seed corpus's gold
pairs. It decides whether anything learned goes into the stage (only if, combined with the rules
the project keeps, it reaches :data:`MSRP_AIM`).

Finally the threshold criterion: the sweep's suggestion (:func:`analysis.claims.suggest_threshold`)
on the seed corpus, the Guardian set and MSRP, and whether the default lies within their range.

The corpora's texts are never written into the project: the Markdown holds figures, term labels
and record ids. Run from the project root::

    python validation/validate_claims.py --out docs/validation/claims.md

The corpora are read by path from ``../shared/corpora`` (or ``$NEWSFRAMES_CORPORA``); when that
folder is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from analysis.claims import build_claim_tables, stage_settings, suggest_threshold  # noqa: E402
from analysis.claims.rules import NUMBER  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.params import CorpusParams, load_params  # noqa: E402
from bench.corpora import CORPORA  # noqa: E402

COMMAND = "python validation/validate_claims.py --out docs/validation/claims.md"
MSRP = "msrp/train.jsonl"
GUARDIAN = "guardian_ukraine_2022/articles.jsonl"
THRESHOLDS = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
"""Distance thresholds scored on MSRP for the per-threshold table (the default's choice among them)."""
ABLATIONS = {
    "no rules (cosine alone, the stage before issue 15)": {"min_shared_terms": 0, "separate_numbers": False, "separate_negations": False},
    "without the shared-term rule": {"min_shared_terms": 0},
    "without the numbers rule": {"separate_numbers": False},
    "without the negation rule": {"separate_negations": False},
}
TOP_N = 10


# --- MSRP ---------------------------------------------------------------------------------------


def read_msrp(path: Path) -> pd.DataFrame:
    """The pairs: ``id``, ``label`` (1 = paraphrase), ``text_a``, ``text_b``, and the sentences' ids ``id_a``, ``id_b``."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return pd.DataFrame(rows)[["id", "label", "text_a", "text_b", "id_a", "id_b"]]


def msrp_corpus(pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every sentence of every pair as a one-sentence article: the stage's ``sentences`` and ``documents``."""
    doc_ids = [f"{pair_id}:a" for pair_id in pairs["id"]] + [f"{pair_id}:b" for pair_id in pairs["id"]]
    texts = pairs["text_a"].tolist() + pairs["text_b"].tolist()
    sentences = pd.DataFrame(
        {
            "doc_id": doc_ids, "sentence_id": 0, "paragraph_id": 0, "char_start": 0,
            "char_end": [len(text) for text in texts], "text": texts, "is_heading": False,
        }
    )  # fmt: skip
    return sentences, pd.DataFrame({"doc_id": doc_ids, "genre": ""})


def same_cluster(pairs: pd.DataFrame, claims: pd.DataFrame) -> np.ndarray:
    """Whether both sentences of each pair landed in one cluster (a sentence set aside is in none)."""
    cluster = claims.set_index("doc_id")["cluster_id"]
    first = cluster.reindex([f"{pair_id}:a" for pair_id in pairs["id"]]).to_numpy(dtype=float)
    second = cluster.reindex([f"{pair_id}:b" for pair_id in pairs["id"]]).to_numpy(dtype=float)
    return (first == second) & ~np.isnan(first)


def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy, precision, recall and F1 of "same claim", and the always-"same" baseline's accuracy and F1."""
    truth, predicted = truth.astype(bool), predicted.astype(bool)
    hits = int((truth & predicted).sum())
    precision = hits / predicted.sum() if predicted.any() else 0.0
    recall = hits / truth.sum() if truth.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    base_precision = truth.mean()
    return {
        "n_pairs": len(truth),
        "accuracy": float((truth == predicted).mean()),
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
        "baseline_accuracy": float(base_precision),
        "baseline_f1": float(2 * base_precision / (base_precision + 1)),
    }


def run_msrp(pairs: pd.DataFrame, settings: dict[str, object]) -> tuple[np.ndarray, dict[str, int]]:
    """Predictions of the stage run once on all sentences with ``settings``, and the sentences set aside by reason."""
    sentences, documents = msrp_corpus(pairs)
    tables = build_claim_tables(sentences, documents, **(settings | {"sweep_thresholds": ()}))
    reasons = tables["claims_set_aside"].groupby("reason").size().sort_index()
    return same_cluster(pairs, tables["claims"]), {str(reason): int(n) for reason, n in reasons.items()}


def validate_msrp(path: Path, default: dict[str, object]) -> dict[str, object]:
    pairs = read_msrp(path)
    truth = pairs["label"].to_numpy()
    even = np.arange(len(pairs)) % 2 == 0
    started = time.perf_counter()
    predicted, set_aside = run_msrp(pairs, default)
    seconds = time.perf_counter() - started
    halves = {"all pairs": np.ones(len(pairs), dtype=bool), "even-numbered half": even, "odd-numbered half": ~even}
    result = {
        "default": {name: scores(truth[rows], predicted[rows]) for name, rows in halves.items()},
        "set_aside": set_aside,
        "seconds": seconds,
        "threshold": float(default["distance_threshold"]),
    }
    per_threshold = []
    for threshold in THRESHOLDS:
        guess = predicted if threshold == default["distance_threshold"] else run_msrp(pairs, default | {"distance_threshold": threshold})[0]
        per_threshold.append(
            {"threshold": threshold, **{name: scores(truth[rows], guess[rows])["accuracy"] for name, rows in halves.items()}}
        )
    table = pd.DataFrame(per_threshold)
    best_even = table.sort_values(["even-numbered half", "threshold"], ascending=[False, False], kind="stable").iloc[0]
    result["per_threshold"] = table
    result["best_even_threshold"] = float(best_even["threshold"])
    result["best_even_accuracy"] = float(best_even["even-numbered half"])
    result["best_even_odd"] = float(best_even["odd-numbered half"])
    result["ablation"] = {name: scores(truth, run_msrp(pairs, default | change)[0]) for name, change in ABLATIONS.items()}
    result["pairwise"] = pairwise_ablation(pairs, default)
    sentences, documents = msrp_corpus(pairs)
    result["sweep"] = build_claim_tables(sentences, documents, **default)["threshold_sweep"]
    return result


def validate_seeds(params) -> dict[str, object] | None:
    """The stage on the project's own seed corpus (``params/default.yaml``'s corpus): its sweep, for the threshold criterion."""
    if not resolve_corpus(params):
        return None
    corpus = load_corpus(params.corpus)
    tables = build_claim_tables(corpus.sentences, corpus.documents, **stage_settings(params.claims))
    return {"n_claims": len(tables["claims"]), "sweep": tables["threshold_sweep"]}


def resolve_corpus(params) -> bool:
    """Whether the default run's corpus is there (data/raw)."""
    from analysis.paths import resolve

    return resolve(params.corpus.source).exists()


# --- Other similarities, pair by pair --------------------------------------------------------------

CONTENT_SHARES = (0.4, 0.5, 0.6, 0.7)
"""Shares for the rule "a claim with more than this share of its content words absent from the other
is not the same claim", measured at the stage's threshold and rules."""


def _pair_cosines(matrix, n_pairs: int) -> np.ndarray:
    """Cosine of each pair's rows (i, i + n_pairs) of an L2-normalised matrix."""
    from scipy import sparse

    matrix = sparse.csr_matrix(matrix)
    first, second = np.arange(n_pairs), np.arange(n_pairs) + n_pairs
    return np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()


def _wordfreq_unigrams(texts: list[str]):
    """Unigram vectors (English stop words out, sublinear tf) weighted by an IDF from general English
    frequencies (``-log`` of wordfreq's word frequency, floored at 1e-9) instead of from the corpus;
    None when wordfreq is not installed (it is not a dependency of the project)."""
    try:
        from wordfreq import word_frequency
    except ImportError:
        return None
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    counter = CountVectorizer(stop_words="english")
    counts = counter.fit_transform(texts).astype(float)
    idf = -np.log([max(word_frequency(word, "en"), 1e-9) for word in counter.get_feature_names_out()])
    counts.data = 1.0 + np.log(counts.data)
    return normalize(counts @ sparse.diags(idf))


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def similarity_variants(pairs: pd.DataFrame, stage_cosine: np.ndarray) -> dict[str, np.ndarray | None]:
    """Each way of measuring a pair's similarity, on all 8,152 sentences as one corpus (the texts
    folded as the stage folds them, :func:`analysis.claims.normalise_for_matching`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.claims import normalise_for_matching

    texts = [normalise_for_matching(text) for text in pairs["text_a"].tolist() + pairs["text_b"].tolist()]
    n_pairs = len(pairs)

    def tfidf(**options: object) -> np.ndarray:
        return _pair_cosines(TfidfVectorizer(sublinear_tf=True, **options).fit_transform(texts), n_pairs)

    characters = tfidf(analyzer="char_wb", ngram_range=(3, 5))
    wordfreq = _wordfreq_unigrams(texts)
    return {
        "the stage's TF-IDF (word 1-2-grams, English stop words out, IDF of the corpus)": stage_cosine,
        "word unigrams, English stop words out": tfidf(stop_words="english"),
        "word unigrams, stop words kept": tfidf(),
        "character 3-5-grams within words (char_wb)": characters,
        "mean of the stage's cosine and the char_wb cosine": (stage_cosine + characters) / 2,
        f"word unigrams, IDF from general English frequencies (wordfreq {_version('wordfreq')}), stop words out": (
            None if wordfreq is None else _pair_cosines(wordfreq, n_pairs)
        ),
    }


def _best_cut(similarity: np.ndarray, truth: np.ndarray, allowed: np.ndarray, rows: np.ndarray) -> tuple[float, float]:
    """The similarity cut (0.00 to 1.00 in steps of 0.005) with the best accuracy on ``rows``, and that accuracy."""
    cuts = np.round(np.arange(0, 201) * 0.005, 3)
    accuracies = [float((((similarity[rows] >= cut) & allowed[rows]) == truth[rows]).mean()) for cut in cuts]
    best = int(np.argmax(accuracies))
    return float(cuts[best]), accuracies[best]


def pairwise_ablation(pairs: pd.DataFrame, settings: dict[str, object]) -> dict[str, object]:
    """Other similarities and one more rule, scored pair by pair (a pair is "same" when its cosine
    reaches a cut), outside the stage: AUC (how well the similarity orders the pairs), the best cut
    on the even half and the accuracy it gives on the odd half, without and with the stage's veto
    rules. Then the content-share rule at the stage's own cut, and, as a diagnostic only, a
    logistic regression fitted by 5-fold cross-validation on these same signals: how far any weighting
    of them could go on MSRP (the stage uses no fitted weights)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import cross_val_score

    from analysis.claims import make_vectorizer, vectorise
    from analysis.claims.rules import PairRules
    from analysis.claims.tables import _word_term

    truth = pairs["label"].to_numpy().astype(bool)
    n_pairs = len(pairs)
    texts = pairs["text_a"].tolist() + pairs["text_b"].tolist()
    vectorizer = make_vectorizer(ngram_range=tuple(settings["ngram_range"]), stop_words=settings["stop_words"])
    matrix, terms, term_words = vectorise(texts, vectorizer)
    stage_cosine = _pair_cosines(matrix, n_pairs)
    rules = PairRules(
        texts, matrix, terms, term_words, word_term=_word_term, min_shared_terms=int(settings["min_shared_terms"]),
        numbers=bool(settings["separate_numbers"]), negations=bool(settings["separate_negations"]),
    )  # fmt: skip
    vetoed = rules.veto_pairs(np.arange(n_pairs), np.arange(n_pairs) + n_pairs)
    even = np.arange(n_pairs) % 2 == 0
    everything = np.ones(n_pairs, dtype=bool)
    rows, signals = [], [vetoed.astype(float)]
    for name, similarity in similarity_variants(pairs, stage_cosine).items():
        if similarity is None:
            rows.append({"variant": name, "skipped": "wordfreq not installed"})
            continue
        signals.append(similarity)
        row = {"variant": name, "auc": float(roc_auc_score(truth, similarity))}
        for suffix, allowed in (("", everything), ("_rules", ~vetoed)):
            cut, accuracy = _best_cut(similarity, truth, allowed, even)
            row[f"cut{suffix}"], row[f"even{suffix}"] = cut, accuracy
            row[f"odd{suffix}"] = float((((similarity[~even] >= cut) & allowed[~even]) == truth[~even]).mean())
        rows.append(row)
    content = [_content_words(text) for text in texts]
    first, second = content[:n_pairs], content[n_pairs:]
    absent = np.array([max(len(a - b) / max(len(a), 1), len(b - a) / max(len(b), 1)) for a, b in zip(first, second)])
    signals.append(absent)
    joined = (1.0 - stage_cosine < float(settings["distance_threshold"])) & ~vetoed
    share_rows = []
    for share in CONTENT_SHARES:
        predicted = joined & (absent <= share)
        share_rows.append(
            {
                "share": share,
                "all pairs": float((predicted == truth).mean()),
                "even": float((predicted[even] == truth[even]).mean()),
                "odd": float((predicted[~even] == truth[~even]).mean()),
            }
        )
    features = np.column_stack(signals)
    ceiling = cross_val_score(LogisticRegression(max_iter=5000), features, truth, cv=5, scoring="accuracy")
    alone = {
        name: PairRules(texts, matrix, terms, term_words, word_term=_word_term, **switches).veto_pairs(np.arange(n_pairs), np.arange(n_pairs) + n_pairs)
        for name, switches in (
            ("numbers", {"min_shared_terms": 0, "negations": False}),
            ("negation", {"min_shared_terms": 0, "numbers": False}),
        )
    }
    return {
        "similarities": rows,
        "pairwise_stage": float((joined == truth).mean()),
        "content_share": share_rows,
        "ceiling": float(ceiling.mean()),
        "ceiling_features": features.shape[1],
        "learned": learned_decision(pairs, stage_cosine, vetoed, alone, settings),
    }


def _content_words(text: str) -> set[str]:
    """A sentence's content words as the stage's vectoriser sees them (folded, English stop words out)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from analysis.claims import TOKEN_PATTERN, normalise_for_matching

    return {word for word in re.findall(TOKEN_PATTERN, normalise_for_matching(text)) if word not in ENGLISH_STOP_WORDS}


# --- A learned same-statement decision over MT-style signals (diagnostic, not in the stage) ------

LEARNED_FOLDS = 5
"""Out-of-fold scoring of the learned decision: five folds, grouped by shared sentences."""
LEARNED_MIN_SIMILARITY = 0.3
"""The TF-IDF cosine from which the learned decision would take over from the hand rules in the stage.
Below it the hand rules decide as today: the seed corpus's gold pairs, one claim shared inside
longer sentences, lie below it (the section prints their cosines and the share of MSRP's pairs
below it), and MSRP's labels call such pairs "not a paraphrase"."""
MSRP_AIM = 0.75
"""Issue 15's aim: MSRP accuracy at the default params."""
SEED_GOLD_PATH = PROJECT_ROOT / "tests" / "data" / "seed_shared_claims.csv"
"""The seed pairs a careful reader sees as one claim, which the stage must keep together
(``tests/test_claims.py`` reads the same file): scored by the learned decision below."""
_WORD_RUN = re.compile(r"\w+")


def pair_signals(first: str, second: str) -> dict[str, float]:
    """MT-style overlap signals of two sentences, symmetric (a pair of claims has no order): for word
    n-grams of 1 to 4, the share of each sentence's n-grams found in the other (counts clipped as
    BLEU's), as the smaller and the larger direction and their harmonic mean; Dice of character
    3-5-grams within words; content words (English stop words out) shared and absent; length
    difference; agreement of numbers, negation and capitalised names."""
    from collections import Counter

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from analysis.claims.rules import negation_pattern
    from analysis.claims.vectorise import fold_text

    folded = fold_text(first), fold_text(second)
    words = [_WORD_RUN.findall(text) for text in folded]
    signals: dict[str, float] = {}
    for n in (1, 2, 3, 4):
        counts = [Counter(tuple(found[i : i + n]) for i in range(len(found) - n + 1)) for found in words]
        shared = sum((counts[0] & counts[1]).values())
        shares = [shared / max(sum(count.values()), 1) for count in counts]
        signals[f"min_{n}"], signals[f"max_{n}"] = min(shares), max(shares)
        signals[f"f_{n}"] = 2 * shares[0] * shares[1] / (shares[0] + shares[1]) if shares[0] + shares[1] else 0.0
    grams = [
        {f" {word} "[i : i + k] for word in set(found) for k in (3, 4, 5) for i in range(len(word) + 3 - k)} for found in words
    ]
    signals["char_dice"] = 2 * len(grams[0] & grams[1]) / max(len(grams[0]) + len(grams[1]), 1)
    content = [{word for word in found if len(word) > 1 and word not in ENGLISH_STOP_WORDS} for found in words]
    shared = len(content[0] & content[1])
    signals["content_shared"] = shared / max(len(content[0]), len(content[1]), 1)
    signals["content_absent"] = 1 - min(shared / max(len(found), 1) for found in content)
    lengths = [len(found) for found in words]
    signals["length_difference"] = abs(lengths[0] - lengths[1]) / max(*lengths, 1)
    signals["length_log_ratio"] = abs(float(np.log((lengths[0] + 1) / (lengths[1] + 1))))
    numbers = [set(NUMBER.findall(text)) for text in folded]  # the numbers rule's own pattern
    both, shared = bool(numbers[0]) and bool(numbers[1]), len(numbers[0] & numbers[1])
    signals["numbers_both"] = float(both)
    signals["numbers_same"] = float(both and numbers[0] == numbers[1])
    signals["numbers_subset"] = float(both and shared == min(len(numbers[0]), len(numbers[1])))
    signals["numbers_one"] = float(bool(numbers[0]) != bool(numbers[1]))
    signals["numbers_absent"] = (len(numbers[0] | numbers[1]) - shared) / max(len(numbers[0] | numbers[1]), 1)
    negation = negation_pattern()
    signals["negation_differs"] = float(bool(negation.search(folded[0])) != bool(negation.search(folded[1])))
    names = [{word.lower() for position, word in enumerate(_WORD_RUN.findall(text)) if position and word[0].isupper()} for text in (first, second)]
    signals["names_jaccard"] = len(names[0] & names[1]) / max(len(names[0] | names[1]), 1)
    return signals


def sentence_groups(pairs: pd.DataFrame) -> np.ndarray:
    """Each pair's connected component in the graph of sentences joined by pairs (MSRP's sentence ids):
    pairs sharing a sentence, directly or through others, fall in one fold."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    ids = pd.factorize(pd.concat([pairs["id_a"], pairs["id_b"]], ignore_index=True))[0]
    n_pairs, n_sentences = len(pairs), int(ids.max()) + 1
    links = sparse.coo_matrix((np.ones(n_pairs), (ids[:n_pairs], ids[n_pairs:])), shape=(n_sentences, n_sentences))
    return connected_components(links, directed=False)[1][ids[:n_pairs]]


def _learned_model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # scikit-learn's defaults (C = 1) on standardised signals: nothing tuned
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=10_000))


def learned_decision(
    pairs: pd.DataFrame, stage_cosine: np.ndarray, vetoed: np.ndarray, alone: dict[str, np.ndarray], settings: dict[str, object]
) -> dict[str, object]:
    """A logistic regression over :func:`pair_signals` and the stage's TF-IDF cosine, scored out of
    fold (5 folds grouped by shared sentences, each predicted by a model fitted on the other four),
    alone and combined with the stage's cut and hand rules as a stage rule could combine them; the
    hand rules' vetoes of MSRP paraphrases; and the model fitted on all pairs scoring the seed gold."""
    from sklearn.model_selection import GroupKFold

    truth = pairs["label"].to_numpy().astype(bool)
    even = np.arange(len(pairs)) % 2 == 0
    signals = pd.DataFrame([pair_signals(a, b) for a, b in zip(pairs["text_a"], pairs["text_b"])]).assign(tfidf_cosine=stage_cosine)
    learned = np.zeros(len(pairs), dtype=bool)
    for train, test in GroupKFold(n_splits=LEARNED_FOLDS).split(signals, truth, sentence_groups(pairs)):
        learned[test] = _learned_model().fit(signals.iloc[train], truth[train]).predict(signals.iloc[test])
    cut = 1.0 - stage_cosine < float(settings["distance_threshold"])
    above = stage_cosine >= LEARNED_MIN_SIMILARITY
    kept_rules = alone["numbers"] | alone["negation"]
    decisions = {
        "the learned decision alone": learned,
        "the stage's decision today (cosine cut, three hand rules)": cut & ~vetoed,
        f"learned from cosine {LEARNED_MIN_SIMILARITY:g} on, alone; the three rules below": cut & np.where(above, learned, ~vetoed),
        f"learned from cosine {LEARNED_MIN_SIMILARITY:g} on, with the numbers and negation rules kept; the three rules below": cut
        & np.where(above, learned & ~kept_rules, ~vetoed),
        f"learned from cosine {LEARNED_MIN_SIMILARITY:g} on, with all three rules kept": cut & ~vetoed & (learned | ~above),
    }
    rows = [
        {"decision": name, **scores(truth, guess), "even": float((guess[even] == truth[even]).mean()), "odd": float((guess[~even] == truth[~even]).mean())}
        for name, guess in decisions.items()
    ]
    vetoes = [
        {"rule": name, "vetoed": int(veto.sum()), "paraphrases": int((veto & truth).sum()), "above": int((veto & truth & above).sum())}
        for name, veto in (("numbers", alone["numbers"]), ("negation", alone["negation"]))
    ]
    return {
        "rows": rows,
        "n_signals": signals.shape[1],
        "below_share": float((stage_cosine < LEARNED_MIN_SIMILARITY).mean()),
        "vetoes": vetoes,
        "seeds": seed_gold_scores(_learned_model().fit(signals, truth), settings),
    }


def seed_gold_scores(model, settings: dict[str, object]) -> list[dict[str, float]] | None:
    """The probability of "same statement" the learned model (fitted on all MSRP pairs) gives each seed
    gold pair, with the pair's TF-IDF cosine in the seed corpus's claims."""
    from analysis.claims import make_vectorizer, vectorise

    params = load_params(PROJECT_ROOT / "params" / "default.yaml")
    if not resolve_corpus(params):
        return None
    corpus = load_corpus(params.corpus)
    claims = build_claim_tables(corpus.sentences, corpus.documents, **(settings | {"sweep_thresholds": ()}))["claims"]
    texts = claims["text"].tolist()
    vectorizer = make_vectorizer(
        ngram_range=tuple(settings["ngram_range"]), min_df=settings["min_df"], max_df=settings["max_df"],
        sublinear_tf=settings["sublinear_tf"], stop_words=settings["stop_words"], normalise=settings["normalise"],
    )  # fmt: skip
    matrix, _, _ = vectorise(texts, vectorizer)
    found = []
    for first, second in pd.read_csv(SEED_GOLD_PATH, dtype=str).itertuples(index=False, name=None):
        a, b = (int(np.flatnonzero(claims["text"].str.contains(fragment, regex=False))[0]) for fragment in (first, second))
        cosine = float(matrix[a].multiply(matrix[b]).sum())
        row = pd.DataFrame([pair_signals(texts[a], texts[b])]).assign(tfidf_cosine=cosine)
        found.append({"fragment": second, "cosine": cosine, "probability": float(model.predict_proba(row)[0, 1])})
    return found


# --- Guardian -----------------------------------------------------------------------------------


def validate_guardian(path: Path, default: dict[str, object]) -> dict[str, object]:
    """The stage on the Guardian set as a user's JSON Lines corpus; the ten largest cross-source clusters."""
    corpus = load_corpus(CorpusParams(source=str(path), id_field="id", text_field="text"))
    settings = default | {"date_column": "date"}
    started = time.perf_counter()
    tables = build_claim_tables(corpus.sentences, corpus.documents, **settings)
    seconds = time.perf_counter() - started
    clusters, claims = tables["clusters"], tables["claims"]
    cross = clusters[clusters["cross_source"]].sort_values(["n_docs", "n_claims", "cluster_id"], ascending=[False, False, True], kind="stable")
    top = cross.head(TOP_N)
    members = claims[claims["cluster_id"].isin(top["cluster_id"])].sort_values(["cluster_id", "doc_id", "sentence_id"], kind="stable")
    return {
        "n_documents": len(corpus.documents),
        "n_claims": len(claims),
        "n_clusters": len(clusters),
        "n_cross_source": int(clusters["cross_source"].sum()),
        "n_multi_doc": int((clusters["n_docs"] >= 2).sum()),
        "n_furniture": int(clusters["is_furniture"].sum()),
        "n_timeline_claims": int(tables["claim_timeline"]["cluster_id"].nunique()),
        "top": top,
        "members": members,
        "sweep": tables["threshold_sweep"],
        "seconds": seconds,
    }


def print_guardian_sentences(guardian: dict[str, object]) -> None:
    """The full sentences of the top clusters, to the terminal only (never into the project)."""
    members = guardian["members"]
    for row in guardian["top"].itertuples():
        print(f"\n[{row.cluster_id}] {row.short_label}  ({row.n_docs} articles, {row.n_claims} claims)")
        for claim in members[members["cluster_id"] == row.cluster_id].itertuples():
            print(f"   {claim.doc_id}:{claim.sentence_id}  {claim.text}")


# --- Markdown -----------------------------------------------------------------------------------


def _row(name: str, figures: dict[str, float]) -> str:
    return (
        f"| {name} | {figures['n_pairs']:,} | {figures['accuracy']:.3f} | {figures['precision']:.3f} | {figures['recall']:.3f} "
        f"| {figures['f1']:.3f} | {figures['baseline_accuracy']:.3f} | {figures['baseline_f1']:.3f} |"
    )


def criterion_markdown(
    msrp: dict[str, object] | None, guardian: dict[str, object] | None, seeds: dict[str, object] | None, default: dict[str, object]
) -> list[str]:
    """The sweep's suggestion (:func:`analysis.claims.suggest_threshold`) on each corpus, and where the default lies."""
    found = [
        (name, result["sweep"])
        for name, result in (("seed corpus (data/raw)", seeds), ("Guardian 2022", guardian), ("MSRP train", msrp))
        if result is not None and len(result["sweep"])
    ]
    if not found:
        return []
    lines = [
        "### The threshold criterion on three corpora",
        "",
        "The sweep's suggestion (`analysis.claims.suggest_threshold`: of the swept thresholds at which no cluster holds more "
        "than 2% of the claims, the one with the highest silhouette), each corpus swept over `params/default.yaml`'s "
        f"`sweep_thresholds` ({', '.join(f'{t:g}' for t in default['sweep_thresholds'])}) at the default params:",
        "",
        "| corpus | suggested threshold | why (computed from the sweep) |",
        "|---|---|---|",
    ]
    suggestions = []
    for name, sweep in found:
        threshold, reason = suggest_threshold(sweep)
        suggestions.append(threshold)
        lines.append(f"| {name} | {threshold:g} | {reason} |")
    low, high = min(suggestions), max(suggestions)
    threshold = float(default["distance_threshold"])
    inside = "lies within" if low - 1e-9 <= threshold <= high + 1e-9 else "lies OUTSIDE"
    loosest = max(float(t) for t in default["sweep_thresholds"])
    lines += [
        "",
        f"The default, {threshold:g}, {inside} the range of these suggestions ({low:g} to {high:g}); "
        f"{sum(abs(t - loosest) < 1e-9 for t in suggestions)} of the {len(suggestions)} suggestions "
        f"{'is' if sum(abs(t - loosest) < 1e-9 for t in suggestions) == 1 else 'are'} the loosest threshold swept ({loosest:g}).",
        "",
    ]
    return lines


def markdown(
    msrp: dict[str, object] | None, guardian: dict[str, object] | None, default: dict[str, object], seeds: dict[str, object] | None = None
) -> str:
    lines = [
        "## Claims: MSRP paraphrase pairs and the Guardian's largest shared claims",
        "",
        f"Produced by `{COMMAND}` (the stage at `params/default.yaml`: distance threshold "
        f"{default['distance_threshold']:g}, n-grams {tuple(default['ngram_range'])}, min_shared_terms {default['min_shared_terms']}, "
        f"separate_numbers {default['separate_numbers']}, separate_negations {default['separate_negations']}). "
        "How the corpora are fed to the stage, and why: the docstring of `validation/validate_claims.py`.",
        "",
    ]
    if msrp is None:
        lines += ["MSRP: skipped, corpus not found.", ""]
    else:
        lines += [
            "### MSRP train split: all 8,152 sentences as one corpus of one-sentence articles",
            "",
            f"A pair is \"same claim\" when both sentences land in one cluster; {sum(msrp['set_aside'].values()):,} sentences "
            f"were set aside ({', '.join(f'{n:,} {reason}' for reason, n in msrp['set_aside'].items()) or 'none'}), so their pairs "
            f"count as \"not same\". One run took {msrp['seconds']:.1f} s.",
            "",
            "| pairs | n | accuracy | precision | recall | F1 | always-same accuracy | always-same F1 |",
            "|---|---|---|---|---|---|---|---|",
            *[_row(name, figures) for name, figures in msrp["default"].items()],
            "",
            f"Accuracy by distance threshold (all else at the defaults). The best on the even-numbered half is "
            f"{msrp['best_even_threshold']:g} ({msrp['best_even_accuracy']:.4f}; the default {msrp['threshold']:g} scores "
            f"{msrp['default']['even-numbered half']['accuracy']:.4f} there); the odd half is the check on a threshold taken from "
            f"the even half: {msrp['best_even_odd']:.4f} at {msrp['best_even_threshold']:g}, "
            f"{msrp['default']['odd-numbered half']['accuracy']:.4f} at the default.",
            "",
            "| threshold | all pairs | even half | odd half |",
            "|---|---|---|---|",
            *[
                f"| {row['threshold']:g} | {row['all pairs']:.4f} | {row['even-numbered half']:.4f} | {row['odd-numbered half']:.4f} |"
                for _, row in msrp["per_threshold"].iterrows()
            ],
            "",
            "Ablation at the default threshold, all pairs:",
            "",
            "| variant | n | accuracy | precision | recall | F1 | always-same accuracy | always-same F1 |",
            "|---|---|---|---|---|---|---|---|",
            _row("default (all three rules)", msrp["default"]["all pairs"]),
            *[_row(name, figures) for name, figures in msrp["ablation"].items()],
            "",
            *pairwise_markdown(msrp["pairwise"], default),
        ]
    if guardian is None:
        lines += ["Guardian: skipped, corpus not found.", ""]
    else:
        lines += [
            "### Guardian 2022 as a user's corpus: the ten largest cross-source clusters",
            "",
            f"{guardian['n_documents']:,} articles of one outlet, so a source is an article (cross-source = cross-article); "
            f"{guardian['n_claims']:,} claims, {guardian['n_clusters']:,} clusters, {guardian['n_multi_doc']:,} carried by two or more "
            f"articles, of which {guardian['n_furniture']:,} are furniture (near-identical in 3+ articles of the outlet) and "
            f"{guardian['n_cross_source']:,} are cross-source claims; {guardian['n_timeline_claims']:,} of them have a timeline from the "
            f"`date` field. The stage took {guardian['seconds']:.1f} s. Labels are the clusters' top TF-IDF terms; the sentences "
            "themselves are printed by the script to the terminal, never stored here.",
            "",
            "| cluster | term label | articles | claims | members (doc_id:sentence_id) |",
            "|---|---|---|---|---|",
        ]
        members = guardian["members"]
        for row in guardian["top"].itertuples():
            ids = members.loc[members["cluster_id"] == row.cluster_id]
            located = ", ".join(f"{doc}:{sentence}" for doc, sentence in zip(ids["doc_id"], ids["sentence_id"]))
            lines.append(f"| {row.cluster_id} | {row.label} | {row.n_docs} | {row.n_claims} | {located} |")
        lines.append("")
    lines += criterion_markdown(msrp, guardian, seeds, default)
    return "\n".join(lines)


def pairwise_markdown(pairwise: dict[str, object], default: dict[str, object]) -> list[str]:
    """The pair-by-pair ablation: other similarities, the content-share rule, the fitted ceiling."""
    lines = [
        "#### Other similarities and rules, scored pair by pair (outside the stage)",
        "",
        "Each similarity on the same 8,152 sentences (texts folded as the stage folds them); a pair is \"same\" when its "
        "cosine reaches a cut. AUC: how well the similarity orders the pairs (0.5 is chance). The cut is the best on the "
        "even-numbered half (steps of 0.005), checked on the odd half; \"with rules\": the stage's three veto rules applied "
        f"too. Pair by pair, the stage's own decision (cosine distance under {default['distance_threshold']:g}, not vetoed) "
        f"scores {pairwise['pairwise_stage']:.4f} on all pairs (the clustering above: through other sentences a pair can be "
        "joined or split).",
        "",
        *(
            [
                "The wordfreq row needs wordfreq, which is not a project dependency: it was installed outside the environment "
                "(`pip install --target /tmp/wf wordfreq==3.1.1`) and the script run as `PYTHONPATH=$PWD:/tmp/wf "
                f"{COMMAND}`; without it the row says skipped.",
                "",
            ]
            if any("wordfreq" in row["variant"] and "skipped" not in row for row in pairwise["similarities"])
            else []
        ),
        "| similarity | AUC | cut (even) | even | odd | cut with rules (even) | even with rules | odd with rules |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in pairwise["similarities"]:
        if "skipped" in row:
            lines.append(f"| {row['variant']} | skipped: {row['skipped']} | | | | | | |")
            continue
        lines.append(
            f"| {row['variant']} | {row['auc']:.4f} | {row['cut']:.3f} | {row['even']:.4f} | {row['odd']:.4f} "
            f"| {row['cut_rules']:.3f} | {row['even_rules']:.4f} | {row['odd_rules']:.4f} |"
        )
    lines += [
        "",
        "A further rule, \"a claim with more than a share of its content words absent from the other is not the same "
        "claim\", on top of the stage's decision pair by pair (share: of the claim with more words absent):",
        "",
        "| share | all pairs | even half | odd half |",
        "|---|---|---|---|",
        *[f"| {row['share']:g} | {row['all pairs']:.4f} | {row['even']:.4f} | {row['odd']:.4f} |" for row in pairwise["content_share"]],
        "",
        f"Diagnostic, not used by the stage: a logistic regression on these {pairwise['ceiling_features']} signals (every "
        "similarity above that was computed, the veto flag, the absent share), fitted and scored by 5-fold cross-validation "
        f"on the MSRP pairs themselves (the very weights the stage may not fit), reaches {pairwise['ceiling']:.4f}: a linear "
        "weighting of these lexical signals fitted to the yardstick itself gets about that far, so no unfitted rule over them "
        "should be expected to go much further.",
        "",
        *learned_markdown(pairwise["learned"], default),
    ]
    return lines


def learned_markdown(learned: dict[str, object], default: dict[str, object]) -> list[str]:
    """The learned same-statement decision: out-of-fold figures, the hand rules' vetoes of paraphrases, the seed gold."""
    rows = {row["decision"]: row for row in learned["rows"]}
    alone = rows["the learned decision alone"]
    kept = next(row for name, row in rows.items() if "numbers and negation rules kept" in name)
    today = rows["the stage's decision today (cosine cut, three hand rules)"]
    lines = [
        "#### A learned same-statement decision over MT-style signals (diagnostic, not in the stage)",
        "",
        f"A logistic regression (scikit-learn's defaults on standardised signals, nothing tuned) over {learned['n_signals']} "
        "signals of a pair (`pair_signals` in the script: for word 1- to 4-grams the share of each sentence's n-grams found in "
        "the other, counts clipped as BLEU's, as the smaller and the larger direction and their harmonic mean; Dice of "
        "character 3-5-grams within words; content words shared and absent; length difference; agreement of numbers, "
        "negation and capitalised names; and the stage's TF-IDF cosine), scored out of fold: 5 folds grouped so that pairs "
        "sharing a sentence, directly or through others, lie in one fold, each fold predicted by a model fitted on the other "
        "four. Pair by pair, outside the stage; \"as a stage rule\" rows add the stage's cosine cut "
        f"({default['distance_threshold']:g}) and let the learned decision decide from a TF-IDF cosine of "
        f"{LEARNED_MIN_SIMILARITY:g} on ({learned['below_share']:.1%} of MSRP's pairs lie below it), the hand rules below it.",
        "",
        "| decision (out of fold) | accuracy | precision | recall | F1 | even half | odd half |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {row['decision']} | {row['accuracy']:.4f} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} "
            f"| {row['even']:.4f} | {row['odd']:.4f} |"
            for row in learned["rows"]
        ],
        "",
        "What keeps it below the issue's aim in the stage: MSRP calls many pairs that state different numbers, or where one "
        "is negated, paraphrases, and the project's rules (issue 15; `tests/test_claims.py`: \"5 soldiers were killed\" and "
        "\"7 soldiers were killed\" are two claims) do not. Each rule alone, over all MSRP pairs:",
        "",
        "| rule | pairs vetoed | of them labelled paraphrases | of those, at cosine from the learned decision's start |",
        "|---|---|---|---|",
        *[f"| {row['rule']} | {row['vetoed']:,} | {row['paraphrases']:,} | {row['above']:,} |" for row in learned["vetoes"]],
        "",
    ]
    seeds = learned["seeds"]
    if seeds:
        below = sum(seed["probability"] < 0.5 for seed in seeds)
        lines += [
            f"Fitted on all MSRP pairs, the model gives the seed corpus's gold pairs (one claim shared inside longer sentences, "
            f"which the stage must keep together) these probabilities of being one statement: "
            + "; ".join(f"\"{seed['fragment']}\" {seed['probability']:.2f} (cosine {seed['cosine']:.2f})" for seed in seeds)
            + f". It would keep {below} of the {len(seeds)} apart, hence the hand rules below a cosine of {LEARNED_MIN_SIMILARITY:g}.",
            "",
        ]
    verdict = (
        "reaches the aim" if kept["accuracy"] >= MSRP_AIM else f"stays below the aim of {MSRP_AIM:g}, so nothing learned is in the stage"
    )
    lines += [
        f"So: the learned decision alone scores {alone['accuracy']:.4f} out of fold where the stage's decision scores "
        f"{today['accuracy']:.4f} pair by pair; as a stage rule that keeps the seeds' shared claims and the numbers and "
        f"negation rules it scores {kept['accuracy']:.4f}, which {verdict}.",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "validation" / "claims.md")
    parser.add_argument("--skip-msrp", action="store_true", help="only the Guardian clusters (quick look)")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"validate_claims: skipped, no external corpora at {CORPORA} (set NEWSFRAMES_CORPORA to point elsewhere)")
        return 0
    params = load_params(PROJECT_ROOT / "params" / "default.yaml")
    default = stage_settings(params.claims)
    guardian_path, msrp_path = CORPORA / GUARDIAN, CORPORA / MSRP
    guardian = validate_guardian(guardian_path, default) if guardian_path.is_file() else None
    if guardian is not None:
        print_guardian_sentences(guardian)
    if args.skip_msrp:
        return 0
    msrp = validate_msrp(msrp_path, default) if msrp_path.is_file() else None
    seeds = validate_seeds(params)
    text = markdown(msrp, guardian, default, seeds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
