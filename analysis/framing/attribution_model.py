"""The model pass: a linear model over verbs that follow a named source, for sentences no cue rule credits.

PolNeAR counts as attribution the stances and actions of named political actors ("Trump wants a
wall", "Cruz opposes the deal", "the campaign is pushing back"), which no reporting-verb list
covers without also crediting ordinary actions ("Trump won Iowa"). Where the rules of
:mod:`analysis.framing.attribution` credit no one, each word of the sentence that the model knows
as a verb and that follows a source (:func:`~analysis.framing.sources.source_before`, a name,
pronoun or source noun; never first person) is a **candidate**. A logistic regression scores
each candidate on general features (:func:`candidate_features`: the verb, the words after and
before it, what stands between it and its source, the source's kind and length, quotations and
first person in the sentence); the best candidate credits its source when its score reaches the
model's threshold. Sentences with a quotation are left to the rules (:func:`model_pass` says why).

The weights, the verbs and the threshold are derived from PolNeAR's train split by
``validation/derive_attribution_model.py`` (the threshold chosen by cross-validation on train)
and read at run time from ``analysis/lexicons/attribution_model.tsv``: feature names and
weights only, no text. A missing file, or one without weights, turns the pass off.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from analysis.framing.credit import NO_ATTRIBUTION, Attribution, credit
from analysis.framing.source_words import FUNCTION_WORDS
from analysis.framing.sources import BETWEEN_SOURCE_AND_VERB, source_before
from analysis.framing.stance import compiled_lexicons
from analysis.lexicons import LEXICON_DIR, load_lexicon

MODEL_FILE = "attribution_model.tsv"
"""Under ``analysis/lexicons/``: ``# threshold`` and ``# intercept`` header lines, then ``feature<TAB>weight``."""
_WORD = re.compile(r"\b[a-z]{3,}\b")
"""A candidate verb: a lower-case word of three letters or more (a capitalised one is a name)."""
_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|[,:;“”\"]")
_PRONOUNS = frozenset("he she they who which it".split())
_CONJUNCTIONS = frozenset("since because after before when while if as and but".split())
_POSSESSIVE_ENDINGS = ("'s", "’s", "s'", "s’")
_MODALS = frozenset("will would could may might".split())
"""A modal between a source and its verb makes a forecast or a supposition, not a credited view
("The report will come out soon"; issue 12's fifth round dropped modals from the rules for that)."""


class Candidate(NamedTuple):
    """A word that may cue an attribution and the source before it (offsets into the text)."""

    word: str
    start: int
    source_start: int
    source_end: int


@dataclass(frozen=True)
class AttributionModel:
    """The learned weights: ``verbs`` are the words that may be candidates (each has a ``verb=``
    feature), ``threshold`` is on the linear score (the log-odds)."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    verbs: frozenset[str]

    def score(self, features: list[str]) -> float:
        """The log-odds that a candidate with ``features`` cues a credited source."""
        weights = self.weights
        return self.intercept + sum(weights.get(name, 0.0) for name in features)


@cache
def attribution_model() -> AttributionModel | None:
    """The model of ``analysis/lexicons/attribution_model.tsv``, or None when the file is missing or
    holds no weights (the pass is then off)."""
    path = LEXICON_DIR / MODEL_FILE
    if not path.is_file():
        return None
    weights: dict[str, float] = {}
    settings = {"threshold": math.inf, "intercept": 0.0}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and "=" in line:
            key, _, value = line[2:].partition("=")
            if key.strip() in settings:
                settings[key.strip()] = float(value)
        elif line.strip() and not line.startswith("#"):
            name, weight = line.rsplit("\t", 1)
            weights[name] = float(weight)
    if not weights:
        return None
    verbs = frozenset(name[5:] for name in weights if name.startswith("verb="))
    return AttributionModel(weights, settings["intercept"], settings["threshold"], verbs)


def candidates(text: str, original: str, verbs: frozenset[str] | None) -> list[Candidate]:
    """Words of ``text`` in ``verbs`` (None: any word but function words and auxiliaries, as the
    derivation collects them) with a source right before them, by the source rule of the cue
    rules read strictly (a name, pronoun or source noun, not any noun phrase). A source ending in
    a possessive ("Twitter's disclosure") is a determiner before a noun, not a subject, and a
    modal between the source and the word (``_MODALS``) makes no candidate."""
    nouns = compiled_lexicons().source_nouns
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if (word not in verbs) if verbs is not None else (word in FUNCTION_WORDS or word in BETWEEN_SOURCE_AND_VERB):
            continue
        span = source_before(text, match.start(), nouns, open_phrase=False)
        if span and not original[span[0] : span[1]].endswith(_POSSESSIVE_ENDINGS) and not _MODALS.intersection(
            text[span[1] : match.start()].split()
        ):
            found.append(Candidate(word, match.start(), *span))
    return found


def candidate_features(text: str, original: str, candidate: Candidate, sentence: dict[str, bool]) -> list[str]:
    """The features of one candidate (names only: every feature is 0 or 1).

    ``text`` has its quotations masked (the rules' text), ``original`` not; ``sentence`` holds
    what :func:`sentence_flags` reads once per sentence.
    """
    word, start, source_start, source_end = candidate
    features = [f"verb={word}"]
    for suffix in ("ed", "ing", "s"):
        if word.endswith(suffix):
            features.append(f"suffix={suffix}")
            break
    after = _TOKEN.findall(text[start + len(word) : start + len(word) + 40].lower())
    features.append(f"next={after[0] if after else 'END'}")
    if after:  # "wants to", "says of", "called for": the verb's complement
        features.append(f"verb_next={word}_{after[0]}")
    features += [f"between={between.lower()}" for between in text[source_end:start].split()]
    source = original[source_start:source_end]
    words = source.split()
    last = words[-1] if words else ""
    kind = "pronoun" if last.lower() in _PRONOUNS else "name" if last[:1].isupper() else "noun"
    features += [f"source={kind}", f"source_words={min(len(words), 5)}"]
    if not text[:source_start].strip():
        features.append("source_opens")
    if "," in source:
        features.append("source_comma")
    if words and words[0].lower() in _CONJUNCTIONS:
        features.append("source_conjunction")
    before = _TOKEN.findall(text[max(0, source_start - 30) : source_start].lower())
    features.append(f"previous={before[-1] if before else 'START'}")
    features += [name for name, on in sentence.items() if on]
    return features


def sentence_flags(text: str, original: str) -> dict[str, bool]:
    """Sentence-wide features: first person in the author's words, a question, and the sentence's
    length in tens of words."""
    lowered = _TOKEN.findall(text.lower())
    first_person = frozenset(load_lexicon("first_person"))
    n_words = len(original.split())
    return {
        "first_person": any(token in first_person for token in lowered),
        "question": original.rstrip().endswith("?"),
        **{f"length={tens}": tens == min(n_words // 10, 5) for tens in range(6)},
    }


def model_pass(text: str, original: str) -> Attribution:
    """The best-scoring candidate's source when its score reaches the model's threshold, else
    :data:`NO_ATTRIBUTION` (also when the model is off)."""
    model = attribution_model()
    # a credited source makes a short quotation in its sentence the source's words (a partial
    # quotation): a learned guess must not turn the author's scare quotes into someone's speech
    # ("They call it “liberation”"), so sentences with a quotation are left to the rules
    if model is None or text != original:
        return NO_ATTRIBUTION
    found = candidates(text, original, model.verbs)
    if not found:
        return NO_ATTRIBUTION
    sentence = sentence_flags(text, original)
    # the first of equal scores: ties are broken by position, so the output is deterministic
    score, best = max((model.score(candidate_features(text, original, c, sentence)), -i) for i, c in enumerate(found))
    if score < model.threshold:
        return NO_ATTRIBUTION
    chosen = found[-best]
    return credit(chosen.word, original, chosen.source_start, chosen.source_end)
