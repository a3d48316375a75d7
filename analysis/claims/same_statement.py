"""Whether two claims that share much wording state the same thing: a decision learned on news paraphrases.

TF-IDF cosine finds claims worded alike; it does not tell a reworded claim ("PG&E shares jumped 8
percent") from a different claim about the same story in the same words. Above a cosine of
:attr:`SameStatementModel.min_similarity`, the claims stage asks a logistic regression instead of
its hand rules (:mod:`analysis.claims.rules`) whether a pair states the same thing. It weighs the
overlap signals a careful reader weighs (:data:`SIGNALS`, computed by :func:`signals_between`):
words and runs of words found in both claims, content words and their pairs, shared character
n-grams, length, whether their numbers, names and negation agree, and the TF-IDF cosine itself.

The weights come from the Microsoft Research Paraphrase Corpus's train split (news sentence pairs
from the same stories, labelled by whether they state the same thing), fitted by
``python validation/fit_same_statement.py`` (scikit-learn's logistic regression at its defaults on
standardised signals, nothing tuned) and shipped in ``same_statement.json`` beside this module: a
few dozen numbers, no text of the corpus, and nothing read from the corpus at run time. The
stage applies them with NumPy alone.

Below the cosine from which the model decides, the hand rules decide as before: pairs that share
one claim inside longer sentences (the seed corpus's gold pairs) lie there, and MSRP's labels,
made for whole sentences, would call them different. Above it the numbers and negation rules stay
only in narrow forms (:meth:`analysis.claims.rules.PairRules._learned_veto`: figures more than
:data:`analysis.claims.rules.FIGURE_TOLERANCE` apart, a denial in the same words): in full they
veto many pairs MSRP's annotators call the same statement (a figure reported at another hour,
"declined to comment" against "had no comment"), and the model weighs the same agreement signals.
A pair the model calls two statements is put at distance 1, not kept apart like a rule's veto
(:data:`analysis.claims.cluster.DIFFERENT_STATEMENTS`): docs/validation/claims.md measures each choice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from analysis.claims.vectorise import fold_text

MODEL_PATH = Path(__file__).with_name("same_statement.json")
"""The fitted weights the stage reads (written by ``validation/fit_same_statement.py``)."""

SHARE_FAMILIES = ("words", "word_pairs", "word_triples", "word_quads", "content", "content_pairs")
"""The items whose shares in both claims are signals: words (every word of the folded text) and runs
of two, three and four words (the n-grams of MT metrics such as BLEU), content words (English stop
words and one-letter words out) and pairs of adjacent content words (as the stage's TF-IDF bigrams)."""

SIGNALS = (
    *(f"{family}_{kind}" for family in SHARE_FAMILIES for kind in ("min", "max", "f")),
    "length_difference", "char_dice", "names_jaccard",
    "numbers_both", "numbers_same", "numbers_subset", "numbers_one", "numbers_absent",
    "negation_differs", "tfidf_cosine",
)  # fmt: skip
"""The signals of a pair, in the model's order. For each of :data:`SHARE_FAMILIES`: the share of each
claim's distinct items found in the other, as the smaller and the larger of the two shares and their
harmonic mean. Then the length difference over the longer claim's distinct words; Dice of character
3-5-grams within words; Jaccard of the names (words capitalised after a claim's first); whether both
claims state numbers, the same ones, one's a subset of the other's, only one states any, and the
share of their numbers not in both; whether one is negated and the other not; and the stage's
TF-IDF cosine."""

_FAMILIES = (*SHARE_FAMILIES, "chars", "names", "numbers")


_WORD = re.compile(r"\w+")
_CONTENT_WORD = re.compile(r"\w\w+")


def _names(text: str) -> list[str]:
    """Words capitalised after the claim's first, lower-cased: names and titles."""
    words = _WORD.findall(text)
    return [word.lower() for position, word in enumerate(words) if position and word[:1].isupper()]


@cache
def _char_ngrams() -> Callable[[str], list[str]]:
    """scikit-learn's character 3-5-gram analyser within words (``char_wb``), on folded text."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=False).build_analyzer()


@cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _runs(tokens: list[str], n: int) -> frozenset[str]:
    return frozenset(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def claim_items(text: str) -> dict[str, frozenset[str]]:
    """A claim's distinct items of each family, from one fold of its text: the items scikit-learn's
    word analysers give (``token_pattern`` ``\\w+``, n-grams joined by a space; content words
    ``\\w\\w+`` without English stop words, their pairs taken after the stop words are removed),
    its ``char_wb`` 3-5-grams, the names and the numbers (``tests/test_claims_same_statement.py``
    holds them to scikit-learn's analysers)."""
    from analysis.claims.rules import NUMBER

    folded = fold_text(text)
    words = _WORD.findall(folded)
    stop = _stop_words()
    content = [word for word in _CONTENT_WORD.findall(folded) if word not in stop]
    return {
        "words": frozenset(words),
        "word_pairs": _runs(words, 2),
        "word_triples": _runs(words, 3),
        "word_quads": _runs(words, 4),
        "content": frozenset(content),
        "content_pairs": _runs(content, 2),
        "chars": frozenset(_char_ngrams()(folded)),
        "names": frozenset(_names(text)),
        "numbers": frozenset(NUMBER.findall(folded)),
    }


@dataclass
class ClaimItems:
    """Each claim's distinct items of every family (a set per claim), and whether it is negated.

    Sets, not a vectoriser's sparse rows: the decision compares a few claims at a time (a chunk of
    pairs, a component of the graph), where building and multiplying sparse rows cost more than
    the sets' intersections, and no vocabulary or hash table outlives the call."""

    items: dict[str, list[frozenset[str]]]
    negated: np.ndarray

    @classmethod
    def of(cls, texts: Sequence[str]) -> ClaimItems:
        from analysis.claims.rules import negation_pattern

        texts = list(texts)
        negation = negation_pattern()
        found = [claim_items(text) for text in texts]
        items = {family: [claim[family] for claim in found] for family in _FAMILIES}
        return cls(items, np.fromiter((bool(negation.search(fold_text(text))) for text in texts), dtype=bool, count=len(texts)))

    def sizes(self, family: str) -> np.ndarray:
        return np.fromiter((len(found) for found in self.items[family]), dtype=np.float64, count=len(self.items[family]))

    def shared(self, family: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """How many items of ``family`` each pair (``first[k]``, ``second[k]``) holds in common."""
        found = self.items[family]
        return np.fromiter((len(found[a] & found[b]) for a, b in zip(first.tolist(), second.tolist())), dtype=np.float64, count=len(first))


def _shares(shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> list[np.ndarray]:
    share_a, share_b = shared / np.maximum(size_a, 1), shared / np.maximum(size_b, 1)
    total = share_a + share_b
    harmonic = np.divide(2 * share_a * share_b, total, out=np.zeros_like(total), where=total > 0)
    return [np.minimum(share_a, share_b), np.maximum(share_a, share_b), harmonic]


def signals_from_counts(
    shared: dict[str, np.ndarray], size_a: dict[str, np.ndarray], size_b: dict[str, np.ndarray], negated_a: np.ndarray, negated_b: np.ndarray, cosine: np.ndarray
) -> list[np.ndarray]:
    """The :data:`SIGNALS` of pairs from each family's items shared by the two claims and each
    claim's number of items (one array entry per pair)."""
    out: list[np.ndarray] = []
    for family in SHARE_FAMILIES:
        out += _shares(shared[family], size_a[family], size_b[family])
    longer = np.maximum(size_a["words"], size_b["words"])
    out.append(np.abs(size_a["words"] - size_b["words"]) / np.maximum(longer, 1))
    out.append(2 * shared["chars"] / np.maximum(size_a["chars"] + size_b["chars"], 1))
    union = size_a["names"] + size_b["names"] - shared["names"]
    out.append(shared["names"] / np.maximum(union, 1))
    numbers_a, numbers_b, numbers_shared = size_a["numbers"], size_b["numbers"], shared["numbers"]
    both = (numbers_a > 0) & (numbers_b > 0)
    union = numbers_a + numbers_b - numbers_shared
    out += [
        both,
        both & (numbers_shared == numbers_a) & (numbers_shared == numbers_b),
        both & (numbers_shared == np.minimum(numbers_a, numbers_b)),
        (numbers_a > 0) != (numbers_b > 0),
        (union - numbers_shared) / np.maximum(union, 1),
    ]
    out.append(negated_a != negated_b)
    out.append(cosine)
    return [np.asarray(signal, dtype=np.float64) for signal in out]


def signals_between(items: ClaimItems, first: np.ndarray, second: np.ndarray, cosine: np.ndarray) -> np.ndarray:
    """The :data:`SIGNALS` of the pairs (``first[k]``, ``second[k]``) of rows of ``items``, one row per pair."""
    shared = {family: items.shared(family, first, second) for family in _FAMILIES}
    sizes = {family: items.sizes(family) for family in _FAMILIES}
    size_a = {family: size[first] for family, size in sizes.items()}
    size_b = {family: size[second] for family, size in sizes.items()}
    signals = signals_from_counts(shared, size_a, size_b, items.negated[first], items.negated[second], np.asarray(cosine, dtype=np.float64))
    return np.column_stack(signals) if len(first) else np.zeros((0, len(SIGNALS)))


def signals_of_texts(first: Sequence[str], second: Sequence[str], cosine: np.ndarray) -> np.ndarray:
    """The :data:`SIGNALS` of each pair of texts (``first[k]``, ``second[k]``): what the model is fitted on."""
    items = ClaimItems.of(list(first) + list(second))
    n = len(first)
    return signals_between(items, np.arange(n), np.arange(n) + n, cosine)


@dataclass(frozen=True)
class SameStatementModel:
    """A fitted logistic regression on standardised :data:`SIGNALS`, applied from ``min_similarity`` on."""

    signals: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    min_similarity: float
    fitted_on: str = ""

    def same(self, signals: np.ndarray) -> np.ndarray:
        """Whether each pair (a row of signals in :data:`SIGNALS` order) states the same thing."""
        if signals.shape[-1] != len(self.signals):
            raise ValueError(f"expected {len(self.signals)} signals per pair, got {signals.shape[-1]}")
        return ((signals - self.mean) / self.scale) @ self.coef + self.intercept > 0

    def to_json(self) -> str:
        document = {
            "about": "Weights of the claims stage's same-statement decision (analysis/claims/same_statement.py).",
            "fitted_on": self.fitted_on,
            "min_similarity": self.min_similarity,
            "signals": list(self.signals),
            "mean": [float(value) for value in self.mean],
            "scale": [float(value) for value in self.scale],
            "coef": [float(value) for value in self.coef],
            "intercept": float(self.intercept),
        }
        return json.dumps(document, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> SameStatementModel:
        document = json.loads(text)
        if tuple(document["signals"]) != SIGNALS:
            raise ValueError(f"{MODEL_PATH.name} was fitted on other signals than this version computes: refit it (validation/fit_same_statement.py)")
        return cls(
            signals=tuple(document["signals"]), mean=np.asarray(document["mean"]), scale=np.asarray(document["scale"]),
            coef=np.asarray(document["coef"]), intercept=float(document["intercept"]),
            min_similarity=float(document["min_similarity"]), fitted_on=str(document.get("fitted_on", "")),
        )  # fmt: skip


MIN_SIMILARITY = 0.3
"""The TF-IDF cosine from which the model decides. Below it the hand rules do: the seed corpus's gold
pairs (one claim shared inside longer sentences, which the stage must keep together) lie below it,
at cosines of 0.17 to 0.25, and MSRP's whole-sentence labels would call such pairs different (14% of
MSRP's pairs lie below it; docs/validation/claims.md)."""


def fit(signals: np.ndarray, same: np.ndarray, *, fitted_on: str, min_similarity: float = MIN_SIMILARITY) -> SameStatementModel:
    """A logistic regression (scikit-learn's defaults, C = 1) on standardised ``signals`` (rows of
    :data:`SIGNALS`) against the labels ``same``: nothing is tuned to the data beyond the weights."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(signals)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    regression = LogisticRegression(max_iter=10_000).fit((signals - scaler.mean_) / scale, np.asarray(same, dtype=bool))
    return SameStatementModel(
        signals=SIGNALS, mean=scaler.mean_.copy(), scale=scale, coef=regression.coef_[0].copy(),
        intercept=float(regression.intercept_[0]), min_similarity=min_similarity, fitted_on=fitted_on,
    )  # fmt: skip


@cache
def shipped_model() -> SameStatementModel:
    """The weights shipped with the project (``same_statement.json``)."""
    return SameStatementModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))


def resolve_model(setting: bool | SameStatementModel | None) -> SameStatementModel | None:
    """The decision a run asks for: the shipped weights (``True``), none (``False``: the hand rules
    decide every pair, as before issue 15's learned decision), or weights given (validation's folds)."""
    if isinstance(setting, SameStatementModel):
        return setting
    return shipped_model() if setting else None
