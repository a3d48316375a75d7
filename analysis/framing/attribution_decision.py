"""The learned sentence-level attribution decision: a logistic regression over general signals of a sentence.

The rules (:mod:`analysis.framing.attribution`) find who a sentence credits and by which cue; they
leave uncredited, on purpose, the stances and plans of political actors ("wants", "supports",
"is looking to") that PolNeAR counts as attribution, because a word list that credits them credits
ordinary actions too. This decision weighs such words against the rest of the sentence: the rules'
reporting verbs and where they stand, cue words (words PolNeAR's cues are made of) and whether one
stands right after a name or pronoun, direct quotations and scare quotes, a speaker label's colon, first person inside quotations, a question, the
sentence's length and share of names. It is asked only where the rules credit no one, and, as the
rules read them, never about a sentence wholly inside a quotation or with first person outside
quotations (the author's own stance is no attribution). Its weights are fitted on PolNeAR train by
``validation/fit_attribution_decision.py`` and kept in ``lexicons/attribution_decision.txt`` (signal
names, cue words and numbers only: no corpus text), so the stage needs no corpus at run time.

Where the decision credits a sentence the rules do not, the sentence is attributed but its source
is left empty ("unnamed": counted, no source named); the source span always comes from the rules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from analysis.framing.stance import LexiconScan, compiled_lexicons
from analysis.lexicons import LEXICON_DIR

DECISION_FILE = "attribution_decision"
"""``lexicons/<DECISION_FILE>.txt``: what :func:`validation/fit_attribution_decision.py` writes."""

_SPEAKER_COLON = re.compile(r"\s*[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}\s*:\s")
"""A capitalised label of up to four words and a colon opening the sentence ("KIM:", "Graham:", "The Latest:")."""
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "who", "it", "which"})
"""Third-person pronouns that stand as the subject right before a cue word ("he wants")."""
_FIRST_PERSON = frozenset({"I", "We", "Us", "Me", "My", "Our"})
"""Capitalised first-person words, which are never a subject here: the author's own stance is no attribution."""
_NOT_NAMES = frozenset(
    "The A An This That These Those His Her Its Their Your Some Any Each Every No Many Most Such Both All Another "
    "Other In On At For From With Without By Of To As After Before Since Until When While If But And Or So Yet Then "
    "Now Still Also However Even Only Just There Here What Why How Where Last Next".split()
)
"""Capitalised words that open a sentence or a title but name no one: a cue word after them has no subject before it."""
_LOOK_BACK = 40
"""Characters before a cue word read for the word in front of it."""


@dataclass(frozen=True)
class AttributionDecision:
    """The fitted weights: one per signal name (``cue:<word>`` for a cue word present, ``subject_cue:<word>``
    for one right after a name or pronoun), an intercept and the probability threshold. The cue words
    are in the lexicon scan's trie (:func:`analysis.framing.stance.decision_cue_words`)."""

    weights: dict[str, float]
    intercept: float
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        """The regression's probability that the sentence is attributed."""
        score = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in signals.items())
        return 1.0 / (1.0 + math.exp(-score))

    def credits(self, signals: dict[str, float]) -> bool:
        """Whether the decision reads the sentence as attributed (probability at or above the threshold)."""
        return self.probability(signals) >= self.threshold


@cache
def load_decision() -> AttributionDecision | None:
    """The decision written by the fitting script, or None when the file holds no weights (the rules alone)."""
    path = LEXICON_DIR / f"{DECISION_FILE}.txt"
    if not path.is_file():
        return None
    weights: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("\t")
            weights[name] = float(value)
    if "intercept" not in weights:
        return None
    intercept, threshold = weights.pop("intercept"), weights.pop("threshold")
    return AttributionDecision(weights, intercept, threshold)


def sentence_signals(
    text: str, masked: str, scan: LexiconScan, *, n_words: int, n_names: int, direct_share: float,
    scare_quoted: bool, first_person_quoted: bool,
) -> dict[str, float]:
    """The signals the decision weighs, by name (only those that are not zero), in a sentence the rules credit no one.

    ``text`` is the sentence, ``masked`` the same with its quotations masked (``text`` when it has
    none) and ``scan`` the lexicon scan of ``masked`` (its reporting verbs, cue words and first
    person); ``n_words`` the sentence's words and ``n_names`` its capitalised words but the first,
    ``direct_share`` the share of its words inside direct quotations (the framing stage's kinds: words
    put in a speaker's mouth), ``scare_quoted`` whether it has a scare quote (a short phrase held at
    arm's length, the author's), ``first_person_quoted`` whether it has first person inside quotations only.
    Read from what the scan found, with no pass of its own: the stage asks it of most sentences.
    """
    signals: dict[str, float] = {"log_words": math.log1p(n_words), "names_share": n_names / max(n_words, 1)}
    if direct_share > 0:
        signals["direct_quotation"] = 1.0
        signals["direct_share"] = direct_share
    if scare_quoted:
        signals["scare_quote"] = 1.0
    secondary = compiled_lexicons().secondary_cues
    finite = [m for m in scan.verbs if not masked[m.start()].isupper() and m.group() not in secondary]
    if finite:
        signals["reporting_verb"] = 1.0
        signals["reporting_verb_position"] = finite[0].start() / max(len(masked), 1)
        if len(finite) > 1:
            signals["reporting_verbs_more"] = 1.0
    if ":" in masked:
        signals["colon"] = 1.0
        if _SPEAKER_COLON.match(masked):
            signals["speaker_colon"] = 1.0
    if text.rstrip().rstrip("\"”’')]» ")[-1:] == "?":
        signals["question"] = 1.0
    if first_person_quoted:
        signals["first_person_quoted"] = 1.0
    for match in scan.cues:
        word = match.group()
        signals[f"cue:{word}"] = 1.0
        before = masked[max(match.start() - _LOOK_BACK, 0):match.start()]
        previous = before.rstrip()
        if len(previous) < len(before) and previous and previous[-1].isalpha():  # a word, then white space
            subject = previous.rsplit(None, 1)[-1]
            named = subject[0].isupper() and subject not in _FIRST_PERSON and subject not in _NOT_NAMES
            if named or subject.lower() in _SUBJECT_PRONOUNS:
                signals[f"subject_cue:{word}"] = 1.0
                signals["subject_cue"] = 1.0
    return signals
