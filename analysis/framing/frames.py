"""Media Frames Corpus dimensions: the dictionary and each document's frame emphasis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.framing.schema import OTHER_FRAME, tidy_table
from analysis.lexicons import load_lexicon


def frame_dictionary() -> dict[str, list[str]]:
    """The Media Frames Corpus dictionary: dimension -> sorted terms (``lexicons/mfc_frames.txt``)."""
    frames: dict[str, list[str]] = {}
    for line in load_lexicon("mfc_frames"):
        frame, _, term = line.partition(":")
        frames.setdefault(frame.strip(), []).append(term.strip())
    return {frame: sorted(terms) for frame, terms in sorted(frames.items())}



FRAME_BLOCK_ROWS = 16_384
"""Sentences whose frames :func:`frame_emphasis` splits and counts at once."""


def frame_emphasis(features: pd.DataFrame) -> pd.DataFrame:
    """Share of each document's body sentences that touch each frame (``frame_emphasis``, long).

    Columns ``doc_id, frame, n_sentences, share``; every dimension of the dictionary is listed for
    every document (zeros included), plus ``other`` for sentences that touch none of them. A
    sentence can touch several frames, so shares do not add up to 1.
    """
    body = features.loc[~features["is_heading"].astype(bool), ["doc_id", "frames"]]  # the two columns read below, not a copy of every one
    names = list(frame_dictionary()) + [OTHER_FRAME]
    docs = sorted(features["doc_id"].astype(str).unique())
    # counted a block of sentences at a time and the counts added: the frames split into lists and exploded for every
    # sentence at once were the framing stage's peak on a 20 MB article (docs/PROFILING.md)
    blocks = []
    for start in range(0, len(body), FRAME_BLOCK_ROWS):
        part = body.iloc[start : start + FRAME_BLOCK_ROWS]
        touched = part["frames"].replace("", OTHER_FRAME).str.split("|").explode()
        blocks.append(touched.groupby([part["doc_id"].astype(str).reindex(touched.index), touched]).size())
    counts = pd.concat(blocks).groupby(level=[0, 1]).sum() if blocks else pd.Series(dtype="int64")
    index = pd.MultiIndex.from_product([docs, names], names=["doc_id", "frame"])
    counts = counts.reindex(index, fill_value=0).rename("n_sentences").reset_index()
    totals = counts["doc_id"].map(body.groupby(body["doc_id"].astype(str)).size()).fillna(0)
    counts["share"] = np.where(totals > 0, counts["n_sentences"] / totals.where(totals > 0, 1), 0.0)
    return tidy_table(counts, ["doc_id", "frame"])
