"""Context cues (analysis.framing.context_cues): stance and action words credited by a learned model
of their context, tried only where no rule credits anyone; and the derivation of that model."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import framing
from analysis.framing.context_cues import CueModel, cue_features, cue_model, lemma, weighed_cues
from analysis.framing.credit import Attribution
from analysis.framing.source_words import can_end_source
from analysis.framing.stance import compiled_lexicons, lower_text, scan_lexicons

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "validation"))

import derive_attribution_cue_model as derive  # noqa: E402


def credited(text: str) -> Attribution:
    return framing.attribute(text)


def one(text: str) -> pd.Series:
    sentences = pd.DataFrame({"doc_id": ["d"], "sentence_id": [0], "char_start": [0], "char_end": [len(text)], "text": [text]})
    return framing.sentence_features(sentences).iloc[0]


def test_the_shipped_model_is_read() -> None:
    model = cue_model()
    assert not math.isinf(model.threshold) and model.weights
    assert {"wants", "plans", "hope"} <= compiled_lexicons().context_cues


@pytest.mark.parametrize("text, cue, source", [
    ("Mr. Lee wants the council to vote on the plan.", "wants", "Mr. Lee"),
    ("Cruz proposed a flat tax.", "proposed", "Cruz"),
    ("Sanders plans to release his tax returns.", "plans", "Sanders"),
    ("Republicans fear that the nominee will lose the election.", "fear", "Republicans"),
    ("Officials hope to finish the road by May.", "hope", "Officials"),
    ("U.S. intelligence has raised concerns that similar alliances might form.", "raised", "U.S. intelligence"),
])
def test_a_stance_or_action_of_a_named_source_is_credited(text: str, cue: str, source: str) -> None:
    found = credited(text)
    assert (found.cue, found.source) == (cue, source)
    assert text[found.start : found.end] == source


@pytest.mark.parametrize("text", [
    "The council wants a new stadium.",  # the same word, a council's wish for a thing: no attribution
    "Trump made the remarks at a rally in Ohio.",
    "The storm made landfall on Tuesday.",
    "He went to the store.",
])
def test_the_same_words_in_other_contexts_credit_no_one(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


@pytest.mark.parametrize("text", [
    "I want the council to vote on the plan.",  # first person: the author's own stance
    "We hope the bill passes.",
    "I think the plan is wrong.",
])
def test_first_person_stays_uncredited(text: str) -> None:
    assert credited(text) == framing.NO_ATTRIBUTION


def test_the_rules_come_first() -> None:
    # a reporting verb's credit stands; the context cue after it is not weighed
    found = credited("Mr. Lee said the council wants a vote.")
    assert (found.cue, found.source) == ("said", "Mr. Lee")


@pytest.mark.parametrize("text", [
    "Lee released a video that said he had won.",  # the video speaks, and the rules credit no one for it
    "Some estimates put the toll at 300.",  # a noun-like cue the rules decline
])
def test_no_context_cue_where_a_reporting_verb_the_rules_decline_stands(text: str) -> None:
    _, phrases, verbs = scan_lexicons(lower_text(text))
    assert any(m.group() in compiled_lexicons().context_cues for m in verbs)
    assert weighed_cues(phrases, verbs) == []
    assert credited(text) == framing.NO_ATTRIBUTION


def test_a_context_cue_alone_in_its_sentence_is_weighed() -> None:
    text = "Mr. Lee wants the council to vote on the plan."
    _, phrases, verbs = scan_lexicons(lower_text(text))
    assert [m.group() for m in weighed_cues(phrases, verbs)] == ["wants", "vote", "plan"]  # every one, in text order


def test_quote_marks_under_a_context_cue_stay_the_authors() -> None:
    # a stance is no speech: a short quoted phrase in its sentence is a scare quote ...
    row = one("Mr. Lee wants the “fair share” tax to pass.")
    assert row["attribution_source"] == "Mr. Lee" and row["attribution_cue"] == "wants"
    assert row["n_scare_quotes"] == 1 and row["n_direct_quotes"] == 0
    # ... while under a reporting verb it is the source's own words
    row = one("Mr. Lee said the “fair share” tax would pass.")
    assert row["n_direct_quotes"] == 1 and row["n_scare_quotes"] == 0


def test_a_linking_verb_is_no_plural_source() -> None:
    assert credited("Yet Kim appears willing to accept this gamble.") == framing.NO_ATTRIBUTION
    words = "Yet Kim appears".split()
    assert not can_end_source("appears", frozenset(), words, 2)
    assert can_end_source("residents", frozenset(), "Local residents".split(), 1)  # a plural still heads a source


def test_cue_features_describe_the_context() -> None:
    text = "Mr. Lee wants the council to vote."
    cue = re.search("wants", text)
    found = Attribution("wants", "Mr. Lee", 0, 7)
    features = cue_features(text, text, cue, found, "B")
    assert {"word=wants", "lemma=want", "form=s", "rule=B", "source=name", "next=determiner", "before=start"} <= set(features)
    assert "quotation_in_sentence" not in features
    quoted = "Mr. Lee wants “a vote”."
    features = cue_features(quoted, quoted, re.search("wants", quoted), found, "B")
    assert "next=quote" in features and "quotation_in_sentence" in features
    gap = "He does not want that."
    features = cue_features(gap, gap, re.search("want", gap), Attribution("want", "He", 0, 2), "B")
    assert {"gap=words", "gap=negation", "source=pronoun", "next=that", "form=base"} <= set(features)


def test_lemma_strips_inflections() -> None:
    assert [lemma(w) for w in ("wants", "wanted", "hoping", "see", "sees")] == ["want", "want", "hop", "see", "see"]


def test_the_model_scores_bias_plus_weights() -> None:
    model = CueModel(bias=-1.0, threshold=0.0, weights={"word=wants": 0.75, "next=to": 0.5})
    assert model.score(["word=wants", "next=to", "unknown"]) == pytest.approx(0.25)
    assert model.score([]) == pytest.approx(-1.0)


def test_the_threshold_maximises_f1_at_the_precision_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10 sentences the rules credit (9 gold), 5 they miss with a candidate, one gold sentence without
    rules = [{"gold": True, "rules": True}] * 9 + [{"gold": False, "rules": True}]
    missed = [{"gold": g, "rules": False} for g in (True, True, False, True, False)]
    sentences = rules + missed + [{"gold": True, "rules": False}]
    scores = [-math.inf] * 10 + [3.0, 2.0, 1.5, 1.0, 0.5] + [-math.inf]
    monkeypatch.setattr(derive, "MIN_PRECISION", 0.85)
    threshold, figures = derive.choose_threshold(sentences, scores)
    # 1.0 adds three gold and one not: 12 of 14 credited are gold (0.857), the highest F1 above the floor
    assert threshold == 1.0 and figures["added"] == 4
    assert figures["precision"] == pytest.approx(12 / 14) and figures["recall"] == pytest.approx(12 / 13)
    monkeypatch.setattr(derive, "MIN_PRECISION", 0.87)
    threshold, figures = derive.choose_threshold(sentences, scores)
    assert threshold == 2.0 and figures["added"] == 2  # 1.5 and 1.0 fall below 0.87: 11 of 12 at 2.0
    monkeypatch.setattr(derive, "MIN_PRECISION", 0.95)
    threshold, figures = derive.choose_threshold(sentences, scores)
    assert math.isinf(threshold) and figures["added"] == 0  # the rules alone are below the floor already


def test_an_occurrence_is_a_cue_only_inside_a_gold_cue_with_its_source() -> None:
    record = {"attributions": [
        {"type": "Attribution", "cue": [8, 13], "source": [0, 7]},
        {"type": "Attribution-no-source", "cue": [30, 35], "source": None},
    ]}
    assert derive.is_cue(record, 8, 13, 0, 7)
    assert not derive.is_cue(record, 8, 13, 20, 25)  # the source the rules found is another
    assert not derive.is_cue(record, 14, 18, 0, 7)  # another word than the cue
    assert not derive.is_cue(record, 30, 35, 0, 7)  # an attribution without a source is not counted
