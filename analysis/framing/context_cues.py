"""Context cues: stance and action verbs ("wants", "plans", "hope") credited by a learned model of their context.

Words such as "wants" or "plans" are an attribution in some sentences ("Mr. Lee wants the
council to vote") and not in others ("The team wants a win"), so no word list can take them
whole. A logistic model, learned on PolNeAR train by ``validation/derive_attribution_cue_model.py``
and shipped as weights (``analysis/lexicons/attribution_cue_weights.txt``), scores each occurrence
of the words of ``attribution_cues_context`` by its context: the word, its form, which source rule
found the source and what kind of source it is, what follows the word ("that", a colon, a quote,
"to"), what stands between source and word, and whether the sentence holds a quotation
(:func:`cue_features`). It is tried only where no rule credits anyone and no other reporting
verb or attribution phrase stands (:func:`weighed_cues`), and the source is the one
the source-span rules give (:func:`~analysis.framing.cues.source_then_verb`,
:func:`~analysis.framing.cues.verb_then_source`). First and second person are never a source:
opinion writing's "I think" is the author's stance, not an attribution.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from analysis.framing.credit import NO_ATTRIBUTION, Attribution
from analysis.framing.cues import source_then_verb, verb_then_source
from analysis.framing.stance import compiled_lexicons
from analysis.lexicons import LEXICON_DIR

WEIGHTS_FILE = "attribution_cue_weights"
"""The model's file in ``analysis/lexicons/`` (``<name>.txt``): ``#`` header lines, then
``bias``, ``threshold`` and one ``<feature> <weight>`` line per feature."""
_PERSONAL = frozenset("i we me us my our you your myself ourselves".split())
"""First- and second-person sources: never credited (the author's or the reader's own stance)."""
_PRONOUNS = frozenset("he she they it".split())
_RELATIVES = frozenset("who which".split())
_MODALS = frozenset("will would could can may might should must".split())
_NEGATIONS = frozenset("not never".split())
_DETERMINERS = frozenset("the a an his her their its this that these those some any".split())
_PREPOSITIONS = frozenset("for on in of with about from at by as into over against".split())
_WORD = re.compile(r"[\w'’\-]+")
_QUOTES = frozenset("“”\"‘")


@dataclass(frozen=True)
class CueModel:
    """A logistic model over context features: an occurrence is credited when ``bias`` plus the
    weights of its features reaches ``threshold`` (a log-odds)."""

    bias: float
    threshold: float
    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        """The log-odds that an occurrence with ``features`` is an attribution."""
        return self.bias + math.fsum(self.weights.get(feature, 0.0) for feature in features)


@cache
def cue_model() -> CueModel:
    """The shipped model (``WEIGHTS_FILE``); a missing file is a model that credits nothing."""
    path = LEXICON_DIR / f"{WEIGHTS_FILE}.txt"
    if not path.is_file():
        return CueModel(0.0, math.inf, {})
    values: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, weight = line.rpartition(" ")
            values[name.strip()] = float(weight)
    bias, threshold = values.pop("bias", 0.0), values.pop("threshold", math.inf)
    return CueModel(bias, threshold, values)


def _form(word: str) -> str:
    """The word's inflection, read from its ending: -s, -ed, -ing or the base."""
    if word.endswith("ing"):
        return "ing"
    if word.endswith("ed"):
        return "ed"
    if word.endswith("s") and not word.endswith("ss"):
        return "s"
    return "base"


def _source_kind(source: str, nouns: frozenset[str]) -> str:
    """What the credited source is: a pronoun, a relative, a source noun, a name or another noun phrase."""
    words = source.split()
    last = words[-1].strip(",.;:").lower() if words else ""
    if last in _PRONOUNS:
        return "pronoun"
    if last in _RELATIVES:
        return "relative"
    if last in nouns or (last.endswith("s") and last[:-1] in nouns):
        return "noun"
    if words and words[-1][:1].isupper():
        return "name"
    return "phrase"


def _next_kind(text: str, end: int) -> str:
    """What follows the cue: "that", "to", a colon, a quote, a comma, a determiner, a name, a
    preposition, the sentence's end or another word."""
    rest = text[end:].lstrip()
    if not rest or rest[0] in ".?!":
        return "end"
    if rest[0] == ":":
        return "colon"
    if rest[0] in _QUOTES:
        return "quote"
    if rest[0] == ",":
        return "comma"
    word = _WORD.match(rest)
    if not word:
        return "other"
    low = word.group().lower()
    if low in ("that", "to"):
        return low
    if low in _DETERMINERS:
        return "determiner"
    if low in _PREPOSITIONS:
        return "preposition"
    if word.group()[:1].isupper():
        return "name"
    return "word"


def lemma(word: str) -> str:
    """The word without its inflection, roughly ("wants", "wanted" -> "want"; "hopes", "hoped" -> "hop")."""
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _shape(source: str, nouns: frozenset[str]) -> str:
    """The source's last four words as classes, repeats folded: ``d`` a determiner, ``p`` a
    pronoun, ``n`` a source noun, ``C`` a capitalised word, ``l`` another lower-case word
    ("the Trump campaign" -> "dCl", "says he" -> "lp")."""
    classes = []
    for word in source.split()[-4:]:
        low = word.strip(",.;:()").lower()
        kind = (
            "d" if low in _DETERMINERS else "p" if low in _PRONOUNS or low in _RELATIVES else
            "n" if low in nouns or low[:-1] in nouns else "C" if word[:1].isupper() else "l"
        )
        if not classes or classes[-1] != kind:
            classes.append(kind)
    return "".join(classes)


def _before_kind(text: str, start: int) -> str:
    """What stands before the source: the sentence's start, a comma, a conjunction, a preposition or a word."""
    head = text[:start].rstrip()
    if not head.strip(" “\"‘'("):
        return "start"
    if head[-1] in ",;:—-":
        return "comma"
    words = _WORD.findall(head[-30:])
    low = words[-1].lower() if words else ""
    if low in ("and", "but", "or", "that", "because", "while", "when", "as", "if"):
        return "conjunction"
    if low in _PREPOSITIONS:
        return "preposition"
    return "word"


def cue_features(text: str, original: str, cue: re.Match[str], found: Attribution, rule: str) -> list[str]:
    """The features of one occurrence of a context cue whose source ``found`` rule ``rule`` gave
    (``B`` a source before the cue, ``P`` a passive's agent, ``C`` a source after the cue).
    ``text`` is the sentence with quotations masked, ``original`` the sentence itself."""
    return _sentence_context(text, original) + _cue_context(text, cue) + _source_context(text, cue, found, rule)


def _sentence_context(text: str, original: str) -> list[str]:
    """The features of the sentence: its length, whether it holds a quotation, whether it asks."""
    n_words = len(_WORD.findall(original))
    features = ["length=short" if n_words < 15 else "length=long" if n_words > 35 else "length=medium"]
    if any(mark in original for mark in _QUOTES):
        features.append("quotation_in_sentence")
    if text != original:
        features.append("quotation_masked")
    if original.rstrip().rstrip("”\"’')").endswith("?"):
        features.append("question")
    return features


def _cue_context(text: str, cue: re.Match[str]) -> list[str]:
    """The features of the word and what follows it."""
    word = cue.group().lower()
    after = _next_kind(text, cue.end())
    return [
        f"word={word}",
        f"form={_form(word)}",
        f"lemma={lemma(word)}",
        f"next={after}",
        f"word={word}|next={after}",
        f"lemma={lemma(word)}|next={after}",
    ]


def _source_context(text: str, cue: re.Match[str], found: Attribution, rule: str) -> list[str]:
    """The features of the source a rule found: the rule, the source's kind, shape and length,
    what stands before it and between it and the cue."""
    word = cue.group().lower()
    nouns = compiled_lexicons().source_nouns
    kind = _source_kind(found.source, nouns)
    gap = [w.lower() for w in _WORD.findall(text, found.end, cue.start())] if rule == "B" else []
    features = [
        f"rule={rule}",
        f"source={kind}",
        f"word={word}|source={kind}",
        f"word={word}|rule={rule}",
        f"shape={_shape(found.source, nouns)}",
        f"before={_before_kind(text, found.start)}",
        f"source_words={min(len(found.source.split()), 3)}",
    ]
    if gap:
        features.append("gap=words")
    if any(w in _MODALS for w in gap):
        features.append("gap=modal")
    if any(w in _NEGATIONS or w.endswith(("n't", "n’t")) for w in gap):
        features.append("gap=negation")
    return features


def weighed_cues(phrases: list[re.Match[str]], verbs: list[re.Match[str]]) -> list[re.Match[str]]:
    """The context cues among ``verbs`` (the stance scan's matches), or none when an attribution
    phrase or another reporting verb stands in the sentence: where the rules credit no one for such
    a cue they decline on purpose ("Lee released a video that said …": the video speaks; "Some
    estimates put …": a noun), and a stance or action word is no better a cue there. Tried on
    train without this condition: train's F1 rose a little more, but those sentences were credited."""
    context = compiled_lexicons().context_cues
    weighed = [m for m in verbs if m.group() in context]
    if weighed and (phrases or len(weighed) < len(verbs)):
        return []
    return weighed


def context_candidates(text: str, cues: list[re.Match[str]], original: str) -> list[tuple[re.Match[str], Attribution, list[str]]]:
    """Each occurrence in ``cues`` that a source rule gives a source (not first or second person):
    the occurrence, the attribution it would make, and its features (:func:`cue_features`)."""
    found_all = []
    sentence: list[str] | None = None
    for cue in cues:
        found, rule = _source_of(text, cue, original)
        if found.cue:
            sentence = _sentence_context(text, original) if sentence is None else sentence
            found_all.append((cue, found, sentence + _cue_context(text, cue) + _source_context(text, cue, found, rule)))
    return found_all


def _source_of(text: str, cue: re.Match[str], original: str) -> tuple[Attribution, str]:
    """The attribution rules B, then P or C, give the context cue ``cue``, and the rule's letter;
    :data:`NO_ATTRIBUTION` for a capitalised form (part of a name, or a headline's) and for a first-
    or second-person source."""
    if text[cue.start()].isupper():
        return NO_ATTRIBUTION, ""
    rule, found = "B", source_then_verb(text, [cue], original)
    if not found.cue:
        found = verb_then_source(text, [cue], original)
        rule = "P" if found.cue.endswith(" by") else "C"
    words = found.source.split()
    if not (found.cue and words) or words[-1].strip(",.;:").lower() in _PERSONAL:
        return NO_ATTRIBUTION, ""
    return found, rule


def context_source(text: str, cues: list[re.Match[str]], original: str) -> Attribution:
    """The first occurrence in ``cues`` whose context the model credits (see the module docstring),
    or :data:`NO_ATTRIBUTION`."""
    model = cue_model()
    if math.isinf(model.threshold):
        return NO_ATTRIBUTION
    for _, found, features in context_candidates(text, cues, original):
        if model.score(features) >= model.threshold:
            return found
    return NO_ATTRIBUTION


def credited_by_context(found: Attribution) -> bool:
    """Whether ``found`` was credited by a context cue (a stance or action, not speech): quote
    marks in such a sentence need not be the source's own words, so they make no partial quotation."""
    return found.cue in compiled_lexicons().context_cues
