"""The learned second pass: cues of ``attribution_cues_learned`` tried only where no other cue credits anyone.

The cues ("wants", "supports", "think") are kept by ``validation/derive_attribution_lexicons.py``
by their precision on PolNeAR train; they go through the verb rules only, so they never change a
source the first pass finds.
"""

from __future__ import annotations

import re

from analysis.framing.credit import Attribution
from analysis.framing.cues import source_then_verb, verb_then_source


def second_pass(text: str, verbs: list[re.Match[str]], original: str) -> Attribution:
    """The verb rules (B, P, C) with the cues of ``attribution_cues_learned`` (stances, plans and
    beliefs such as "wants", "supports", "think"): tried only when no other cue credits anyone,
    so they never change a source the other rules find."""
    verbs = [m for m in verbs if not text[m.start()].isupper()]
    found = source_then_verb(text, verbs, original)
    return found if found.cue else verb_then_source(text, verbs, original)
