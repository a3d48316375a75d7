"""The measuring code of validation/subjectivity_candidates.py (issue 12): the paired bootstrap and the
shape rules behind docs/validation/subjectivity_candidates.md."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

from analysis import PROJECT_ROOT


@pytest.fixture(scope="module")
def candidates():
    spec = importlib.util.spec_from_file_location("subjectivity_candidates", PROJECT_ROOT / "validation" / "subjectivity_candidates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass resolves its annotations through the module's entry
    spec.loader.exec_module(module)
    return module


def test_vectorised_macro_f1_matches_sklearn_row_by_row(candidates) -> None:
    rng = np.random.default_rng(0)
    truth = rng.random((50, 40)) < 0.4
    predicted = rng.random((50, 40)) < 0.5
    predicted[0] = False  # a row that predicts one class only: sklearn scores the empty class 0
    expected = [f1_score(t, p, average="macro", zero_division=0) for t, p in zip(truth, predicted)]
    assert np.allclose(candidates.macro_f1_rows(truth, predicted), expected)


def test_paired_change_is_zero_for_the_same_predictions_and_signed_for_better_ones(candidates) -> None:
    truth = np.array([True, False] * 30)
    baseline = np.array([True, True, False, False] * 15)
    assert candidates.paired_change(truth, baseline, baseline) == (0.0, 0.0)
    change, se = candidates.paired_change(truth, baseline, truth)
    assert change > 0.3 and se > 0


def test_graded_forms_of_listed_adjectives_only(candidates) -> None:
    adjectives = frozenset({"great", "big", "happy", "nice", "strong"})
    for word in ("greater", "greatest", "biggest", "happier", "nicest", "stronger"):
        assert candidates.graded_form(word, adjectives), word
    for word in ("interest", "forest", "protester", "great", "farmer", "bigot"):
        assert not candidates.graded_form(word, adjectives), word


def test_shape_columns(candidates) -> None:
    lex = candidates.Lexicons({}, {}, frozenset({"good"}), {}, {}, {}, {})
    unattributed = pd.Series({"attribution": False})

    def shape(text: str, features: pd.Series = unattributed) -> list[float]:
        return candidates.shape_columns(text, candidates.words(text), features, lex)

    assert shape("Would you call that a more good plan?") == [1, 1.0, 1]
    assert shape("Is this what “victory” looks like?") == [0, 0.0, 0]  # quotes: not the author's own question
    assert shape("Why, the minister asked, did nobody act?", pd.Series({"attribution": True})) == [0, 0.0, 0]
    assert shape("Prices rose.") == [0, 0.0, 0]
