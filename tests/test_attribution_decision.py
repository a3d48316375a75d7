"""The learned sentence-level attribution decision of issue 12's eighth round (``attribution_unnamed``): where it
is asked, what it credits, what it leaves alone, and that the framing rates and modes do not count it. Every
sentence is written for these tests; the fitting script's helpers run on records written here too."""

from __future__ import annotations

import importlib.util
import math
import re
import sys

import pandas as pd
import pytest

from analysis import PROJECT_ROOT, framing
from analysis.framing.attribution_decision import DECISION_FILE, load_decision
from analysis.framing.sentences import decision_signals
from analysis.framing.stance import decision_cue_words
from analysis.lexicons import LEXICON_DIR

NOMINAL_STANCES = [
    "The senator's endorsement of the mayor came as a surprise to party leaders in the capital last week.",
    "The council's decision to close the library drew criticism from parents and teachers in the district.",
]
"""Stances of the people written about carried by nouns ("endorsement", "criticism"), which no rule credits."""
NO_ATTRIBUTION = [
    "The old bridge over the river was built in 1932 and still carries four lanes of traffic every day.",
    "The company is hiring engineers for its new plant in Ohio, which will open next year.",
]


def features(texts: list[str], paragraph: bool = False) -> pd.DataFrame:
    sentences = pd.DataFrame({
        "doc_id": "d", "sentence_id": range(len(texts)), "char_start": 0, "char_end": [len(t) for t in texts],
        "text": texts,
    })
    if paragraph:
        sentences["paragraph_id"] = 0
    return framing.sentence_features(sentences)


def test_the_decision_ships_with_the_project() -> None:
    decision = load_decision()
    assert decision is not None
    assert 0.5 <= decision.threshold < 1
    assert {"reporting_verb", "subject_cue", "log_words", "direct_quotation", "scare_quote"} <= set(decision.weights)


def test_the_weights_file_holds_names_and_numbers_only() -> None:
    """No corpus text: every entry is a signal name or a cue word, and a number."""
    entry = re.compile(r"(?:(?:cue|subject_cue):[a-z]+|[a-z_]+)\t-?[0-9.e+-]+")
    lines = (LEXICON_DIR / f"{DECISION_FILE}.txt").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    assert body and all(entry.fullmatch(line) for line in body)
    assert {"endorsement", "criticism"} <= decision_cue_words()


@pytest.mark.parametrize("text", NOMINAL_STANCES)
def test_a_stance_no_rule_credits_is_attributed_with_no_source(text: str) -> None:
    row = features([text]).iloc[0]
    assert not row["attribution"]  # the rules credit no one ...
    assert row["attribution_unnamed"]  # ... the decision reads it as attributed
    assert row["attribution_source"] == "" and row["attribution_cue"] == ""
    assert pd.isna(row["attribution_source_start"])


@pytest.mark.parametrize("text", NO_ATTRIBUTION)
def test_plain_statements_are_not_attributed(text: str) -> None:
    row = features([text]).iloc[0]
    assert not row["attribution"] and not row["attribution_unnamed"]


def test_the_decision_is_not_asked_where_the_rules_credit_a_source() -> None:
    text = "The mayor said the library would close, drawing criticism from parents and teachers in the district."
    row = features([text]).iloc[0]
    assert row["attribution"] and row["attribution_source"] == "The mayor"
    assert not row["attribution_unnamed"]
    assert decision_signals(pd.DataFrame({"doc_id": "d", "sentence_id": [0], "text": [text]}))[0][1] is None


def test_first_person_outside_quotations_is_not_asked() -> None:
    """The author's own stance is no attribution: the gate the rules keep holds for the decision too."""
    mine = "My endorsement of the mayor came as a surprise to party leaders in the capital last week."
    row = features([mine]).iloc[0]
    assert not row["attribution"] and not row["attribution_unnamed"]
    assert decision_signals(pd.DataFrame({"doc_id": "d", "sentence_id": [0], "text": [mine]}))[0][1] is None


def test_a_sentence_wholly_inside_a_running_quotation_is_not_asked() -> None:
    texts = [
        "“We will not back down,” the mayor said. “The council's decision to close the library",
        "drew criticism from parents and teachers in the district for good reason.”",
    ]
    table = features(texts, paragraph=True)
    assert not table["attribution_unnamed"].iloc[1]


def test_the_signals_read_a_cue_word_after_a_name_but_not_after_first_person() -> None:
    table = pd.DataFrame({"doc_id": "d", "sentence_id": [0, 1], "text": [
        "Lee endorsement came late in a long and bitter campaign for the open seat.",
        "The endorsement came late in a long and bitter campaign for the open seat.",
    ]})
    (_, named), (_, plain) = decision_signals(table)
    assert named["subject_cue:endorsement"] == 1.0 and named["cue:endorsement"] == 1.0
    assert "subject_cue" not in plain and plain["cue:endorsement"] == 1.0
    assert named["log_words"] == pytest.approx(math.log1p(14))


def test_rates_and_modes_count_the_rules_alone() -> None:
    """attribution_unnamed enters no rate or mode: counted there it blurs the opinion-vs-reporting contrast."""
    table = features(NOMINAL_STANCES)
    assert table["attribution_unnamed"].all()
    assert not table["mode"].eq("attributed report").any()
    documents = pd.DataFrame({"doc_id": ["d"], "genre": ["news"]})
    profile = framing.document_profiles(table, documents, n_bootstrap=0, seed=1)
    assert profile["attribution_per_1k_words"].iloc[0] == 0


@pytest.fixture(scope="module")
def fit_script():
    spec = importlib.util.spec_from_file_location(
        "fit_attribution_decision", PROJECT_ROOT / "validation" / "fit_attribution_decision.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_cue_words_are_words_of_cue_spans_often_enough_cues(fit_script) -> None:
    """A word counts when it is in counted cue spans at least MIN_CUE_COUNT times and in at least
    MIN_CUE_SHARE of its occurrences; "the" inside cues but everywhere else too does not, nor do cues
    of attributions with no source."""
    sentence = "Lee voiced the doubts. "
    text = sentence * 10 + "The cat sat on the mat by the door of the barn in the yard. " * 10 + "It was reportedly late. " * 10
    attributions = []
    for i in range(10):
        start = i * len(sentence) + len("Lee ")
        attributions.append({"type": "Attribution", "cue": [start, start + len("voiced the"), "voiced the"]})
        late = len(sentence) * 10 + len("The cat sat on the mat by the door of the barn in the yard. ") * 10 + i * len("It was reportedly late. ") + len("It was ")
        attributions.append({"type": "Attribution-no-source", "cue": [late, late + len("reportedly"), "reportedly"]})
    words = fit_script.cue_words([{"text": text, "attributions": attributions}])
    assert words == frozenset({"voiced"})


def test_the_written_file_reads_back_as_the_decision(fit_script, tmp_path) -> None:
    path = tmp_path / "decision.txt"
    weights = {"intercept": -2.0, "threshold": 0.6, "cue:voiced": 1.5, "log_words": 0.5}
    fit_script.write_cue_words(path, frozenset({"voiced", "argued"}), ["# header"], weights)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# header", "intercept\t-2", "threshold\t0.6"]
    assert "cue:argued\t0" in lines and "cue:voiced\t1.5" in lines and "log_words\t0.5" in lines
