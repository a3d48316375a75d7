"""The model pass of attribution (``analysis.framing.attribution_model``): the committed weights
on sentences written for these tests, and the loader and scoring on a model written here."""

from __future__ import annotations

import math

import pytest

from analysis import framing
from analysis.framing import attribution_model
from analysis.framing.attribution import attribute_by_rules
from analysis.framing.attribution_model import Candidate, candidates, model_pass
from analysis.framing.stance import lower_text, scan_lexicons


def by_rules(text: str) -> framing.Attribution:
    return attribute_by_rules(text, *scan_lexicons(lower_text(text))[1:], text)


@pytest.fixture
def own_model(tmp_path, monkeypatch):
    """Point the pass at a model file in ``tmp_path``; returns a writer of that file."""
    monkeypatch.setattr(attribution_model, "LEXICON_DIR", tmp_path)
    attribution_model.attribution_model.cache_clear()

    def write(weights: dict[str, float], threshold: float, intercept: float = 0.0) -> None:
        lines = ["# a test model", f"# threshold = {threshold}", f"# intercept = {intercept}"]
        lines += [f"{name}\t{weight}" for name, weight in weights.items()]
        (tmp_path / attribution_model.MODEL_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
        attribution_model.attribution_model.cache_clear()

    yield write
    attribution_model.attribution_model.cache_clear()


@pytest.mark.parametrize("text, cue, source", [
    # stances and plans of a named actor that no cue rule credits, learned on PolNeAR train
    ("Trump wants a wall on the border.", "wants", "Trump"),
    ("Clinton plans to visit Ohio next week.", "plans", "Clinton"),
    ("Voters see the race as close.", "see", "Voters"),
])
def test_model_credits_stances_the_rules_miss(text, cue, source):
    assert not by_rules(text).cue  # the rules leave it: the model pass credits it
    found = framing.attribute(text)
    assert (found.cue, found.source) == (cue, source)
    assert text[found.start : found.end] == source


@pytest.mark.parametrize("text", [
    "Trump won Iowa by four points.",  # an action, not a stance: "won" weighs against
    "Lee served two terms in the Senate.",
    "Kim lost the primary in May.",
    "We want a wall.",  # first person is the author's stance, never a source
    "I fear a long recession.",
    "The rain fell on Tuesday.",  # no source before the verb
])
def test_model_credits_no_one_for_actions_or_first_person(text):
    assert framing.attribute(text) == framing.NO_ATTRIBUTION


def test_sentence_table_carries_the_model_credit():
    import pandas as pd

    sentences = pd.DataFrame({
        "doc_id": ["d", "d"], "sentence_id": [0, 1], "char_start": [0, 35], "char_end": [33, 65],
        "text": ["Trump wants a wall on the border.", "Trump won Iowa by four points."],
    })
    table = framing.sentence_features(sentences)
    assert table["attribution"].tolist() == [True, False]
    assert table["attribution_source"].tolist()[0] == "Trump"
    assert table["attribution_source_start"].tolist()[0] == 0 and table["attribution_source_end"].tolist()[0] == 5


def test_candidates_need_a_source_and_skip_possessives_and_auxiliaries():
    text = "Twitter's disclosure has angered Lee, who admires Kim."
    words = [c.word for c in candidates(text, text, None)]
    assert "admires" in words  # "who" before it is a source
    assert "disclosure" not in words  # "Twitter's" is a determiner, not a subject
    assert "has" not in words  # an auxiliary is never the cue
    assert candidates(text, text, frozenset({"admires"})) == [
        Candidate("admires", text.index("admires"), text.index("who"), text.index("who") + 3)
    ]


def test_model_file_threshold_and_weights(own_model):
    text = "Lee admires the plan."
    own_model({"verb=admires": 2.0, "next=the": 0.5}, threshold=2.4)
    assert model_pass(text, text) == framing.Attribution("admires", "Lee", 0, 3)  # 2.0 + 0.5 >= 2.4
    own_model({"verb=admires": 2.0, "next=the": 0.5}, threshold=2.6)
    assert model_pass(text, text) == framing.NO_ATTRIBUTION  # 2.5 < 2.6
    own_model({"verb=admires": 2.0}, threshold=1.0, intercept=-1.5)
    assert model_pass(text, text) == framing.NO_ATTRIBUTION  # the intercept counts: 0.5 < 1.0
    assert model_pass("Lee praises the plan.", "Lee praises the plan.") == framing.NO_ATTRIBUTION  # not a model verb


def test_model_off_without_weights(own_model):
    text = "Lee admires the plan."
    own_model({}, threshold=-math.inf)
    assert attribution_model.attribution_model() is None
    assert model_pass(text, text) == framing.NO_ATTRIBUTION


def test_model_off_without_file(own_model):
    assert attribution_model.attribution_model() is None
    assert framing.attribute("Trump wants a wall on the border.") == framing.NO_ATTRIBUTION


def test_ties_go_to_the_first_candidate(own_model):
    text = "Lee admires Kim, who admires Park."
    own_model({"verb=admires": 1.0}, threshold=0.0)
    assert model_pass(text, text).source == "Lee"
