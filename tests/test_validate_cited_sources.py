"""How validation/validate_cited_sources.py pairs numbers with PolNeAR's attributions: the figures in
docs/validation/cited_sources.md rest on it. The records are written here, not read from the corpus."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from analysis import PROJECT_ROOT


@pytest.fixture(scope="module")
def validate_cited_sources():
    spec = importlib.util.spec_from_file_location(
        "validate_cited_sources", PROJECT_ROOT / "validation" / "validate_cited_sources.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def record(text: str, attributions: list[tuple[str, str, str, str]]) -> dict:
    """A PolNeAR-shaped record; each attribution given as (type, source, cue, content) words of ``text``."""
    def span(words: str) -> list:
        start = text.index(words)
        return [start, start + len(words), words]
    return {"id": "doc", "text": text, "attributions": [
        {"id": f"E{i}", "type": kind, "source": span(source) if source else None, "cue": span(cue), "content": span(content)}
        for i, (kind, source, cue, content) in enumerate(attributions)
    ]}


def test_a_number_in_credited_content_is_scored_against_its_source(validate_cited_sources) -> None:
    tally = validate_cited_sources.score([record(
        "The ministry said that 300 people died. The city has 4,000 new homes.",
        [("Attribution", "The ministry", "said", "300 people died")],
    )])
    # 300: PolNeAR credits the ministry and so does the stage; 4,000: no one, and the stage agrees
    assert (tally.gold_credited, tally.credited, tally.exact, tally.partial) == (1, 1, 1, 1)
    assert (tally.gold_none, tally.false_credit, tally.left_out) == (1, 0, 0)


def test_a_wrong_source_and_an_unnamed_one(validate_cited_sources) -> None:
    tally = validate_cited_sources.score([record(
        "Reportedly 300 people died. Officials said the ministry counted 4,000 new homes.",
        [("Attribution-no-source", "", "Reportedly", "300 people died"),
         ("Attribution", "the ministry", "counted", "4,000 new homes")],
    )])
    # 300 lies in unnamed content only: left out; 4,000 the stage credits to the officials, not the ministry
    assert tally.left_out == 1
    assert (tally.gold_credited, tally.credited, tally.exact, tally.partial) == (1, 1, 0, 0)


def test_partial_agreement_is_word_containment(validate_cited_sources) -> None:
    assert validate_cited_sources._same("Pentagon", "the Pentagon spokesman") == (False, True)
    assert validate_cited_sources._same("the Pentagon", "Pentagon") == (True, True)
    assert validate_cited_sources._same("Pen", "the Pentagon") == (False, False)
    assert validate_cited_sources._same("he", "his") == (True, True)  # "his claim that …": the owner
