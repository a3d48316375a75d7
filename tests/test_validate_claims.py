"""The grouped folds of validation/validate_claims.py's out-of-fold scoring of the same-statement
decision (issue 15): the MSRP figure for the aim in docs/VALIDATION.md rests on them."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis import PROJECT_ROOT


@pytest.fixture(scope="module")
def validate_claims():
    spec = importlib.util.spec_from_file_location("validate_claims", PROJECT_ROOT / "validation" / "validate_claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pairs_sharing_a_sentence_fall_in_one_group(validate_claims) -> None:
    pairs = pd.DataFrame({"id_a": ["1", "2", "4", "6"], "id_b": ["2", "3", "5", "1"]})
    groups = validate_claims.sentence_groups(pairs)
    assert groups[0] == groups[1] == groups[3]  # 1-2, 2-3 and 6-1 are linked through sentences 1 and 2
    assert groups[2] != groups[0]
