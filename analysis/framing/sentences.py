"""Sentence features (``framing_sentences``) and the sentence mode."""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.framing.attribution import NO_ATTRIBUTION, Attribution, attribute_masked, attribute_scanned
from analysis.framing.attribution_decision import load_decision, sentence_signals
from analysis.framing.quotes import QuoteRows, QuotesInSentence, mask_quotes
from analysis.framing.schema import DECIMALS, HEADING_MODE, MODES, SENTENCE_COLUMNS, WORD
from analysis.framing.stance import STANCE_LEXICONS, TERM_COLUMNS, LexiconScan, lower_text, scan_lexicons, scan_sentence
from analysis.ordering import rows_in_order


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CLOSERS = "\"”’')]»* "

def sentence_features(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence with the framing features of the module docstring (``framing_sentences``).

    ``sentences`` needs ``doc_id, sentence_id, char_start, char_end, text``; ``paragraph_id`` (for
    quotations that run across sentences; without it each sentence is its own paragraph) and
    ``is_heading`` (default False) are used when present. The mode is set by :func:`assign_mode`.
    Plain Python over lists: pandas' string accessor costs more than the regexes at 10^5 rows.
    """
    frame = sentences.reset_index(drop=True)
    texts = ["" if pd.isna(t) else str(t) for t in frame["text"].tolist()]
    doc_ids = frame["doc_id"].astype(str).tolist()
    paragraphs = (frame["paragraph_id"] if "paragraph_id" in frame else frame["sentence_id"]).tolist()
    rows = QuoteRows.parse(texts, doc_ids, paragraphs)
    columns = _feature_columns(texts, rows)
    del texts, rows, paragraphs  # every sentence's text as a Python string, and its quotations: not needed for the table
    in_order = rows_in_order(doc_ids, frame["sentence_id"].to_numpy())
    out = frame[["doc_id", "sentence_id", "char_start", "char_end"]].copy()
    out["doc_id"] = doc_ids
    del doc_ids
    out["is_heading"] = frame["is_heading"].astype(bool).to_numpy() if "is_heading" in frame else False
    starts, ends = np.array(columns.pop("source_offset_start")), np.array(columns.pop("source_offset_end"))
    offset = frame["char_start"].to_numpy()
    for name in list(columns):  # each list let go once it is a column
        out[name] = columns.pop(name)
    # offsets of the source in the cleaned document: the sentence's start plus the offset inside it
    out["attribution_source_start"] = pd.array(np.where(starts >= 0, offset + starts, 0), dtype="Int64")
    out["attribution_source_end"] = pd.array(np.where(starts >= 0, offset + ends, 0), dtype="Int64")
    out.loc[starts < 0, ["attribution_source_start", "attribution_source_end"]] = pd.NA
    out["mode"] = assign_mode(out)
    out = out[SENTENCE_COLUMNS]
    if in_order:  # the corpus stage writes them so: a stable sort would only copy every column
        return out.reset_index(drop=True)
    return out.sort_values(["doc_id", "sentence_id"], kind="stable").reset_index(drop=True)


_FEATURE_NAMES = [
    "n_words", "attribution", "attribution_unnamed", "attribution_cue", "attribution_source", "source_offset_start", "source_offset_end",
    "n_direct_quotes", "direct_quote_share", "n_scare_quotes", "scare_quote_terms", "n_numbers", "n_names",
    *[f"n_{n}" for n in STANCE_LEXICONS], *TERM_COLUMNS.values(), "is_question", "is_exclamation", "frames",
]
"""What :func:`_feature_columns` returns; ``source_offset_*`` are offsets inside the sentence (-1: none)."""


FEATURE_CHUNK_ROWS = 8_192
"""Sentences whose feature rows are held as tuples before they are moved into the columns: a row tuple per sentence
and the transposed copies of all of them were the framing stage's peak on a 20 MB article (``docs/PROFILING.md``)."""


class _Reading(NamedTuple):
    """What the loop over sentences reads from one sentence before its row is written."""

    scan: LexiconScan
    """The lexicon scan of the whole sentence."""
    continuation: bool
    """The whole sentence is inside a quotation opened earlier."""
    found: Attribution
    """The rules' attribution."""
    masked: str
    """The text the rules read: quotations masked (the sentence when it has none)."""
    read: LexiconScan
    """The lexicon scan of ``masked``."""
    n_direct: int
    direct_share: float
    scare: list[str]
    direct: list[tuple[int, int]]
    """:meth:`QuotesInSentence.classify`: new direct quotations, their share of the words, scare quotes, direct spans."""
    words: list[str]


def _read_sentence(text: str, spans: list[tuple[int, int]], leading: bool, opens: bool, inside: bool) -> _Reading:
    """One sentence read: its lexicon scan, the rules' attribution (a sentence wholly inside a quotation
    credits no one; quoted words credit no one, so a sentence with quotations is read masked), and its
    quotations' kinds."""
    lowered = lower_text(text)
    scan = scan_sentence(lowered)
    continuation = inside and not spans
    n_direct, share, scare, direct = 0, 1.0 if continuation else 0.0, [], []
    if continuation:
        found, masked, read = NO_ATTRIBUTION, text, scan
    elif spans:
        found, masked, lowered_masked, read = attribute_masked(text, spans)
        quotes_in = QuotesInSentence(text, masked, lowered_masked, spans, leading, opens, inside)
        n_direct, share, scare, direct = quotes_in.classify(credited=bool(found.source))
    else:
        found, masked, read = attribute_scanned(text, scan.phrases, scan.verbs), text, scan
    return _Reading(scan, continuation, found, masked, read, n_direct, share, scare, direct, WORD.findall(text))


def _asked(reading: _Reading) -> bool:
    """Whether the learned decision is asked about a sentence: the rules credit no one, and, as for the rules, it is
    not wholly inside a quotation and has no first person outside quotations (the author's own stance)."""
    return not reading.found.cue and not reading.continuation and "first_person" not in reading.read.hits


def _names(words: list[str]) -> int:
    """Capitalised words but the first (which is capitalised anyway): named people, places and bodies."""
    return len([word for word in words[1:] if word[0].isupper()])


def _signals(text: str, reading: _Reading) -> dict[str, float]:
    """:func:`sentence_signals` of a sentence the rules credit no one."""
    return sentence_signals(
        text, reading.masked, reading.read, n_words=len(reading.words), n_names=_names(reading.words),
        direct_share=reading.direct_share if reading.direct else 0.0, scare_quoted=bool(reading.scare),
        first_person_quoted="first_person" in reading.scan.hits and "first_person" not in reading.read.hits,
    )


def decision_signals(sentences: pd.DataFrame) -> list[tuple[Attribution, dict[str, float] | None]]:
    """The rules' attribution of each sentence and, where the learned decision is asked (:func:`_asked`),
    the signals it weighs (:func:`analysis.framing.attribution_decision.sentence_signals`; None where it
    is not asked), read exactly as :func:`sentence_features` reads them; for
    ``validation/fit_attribution_decision.py``. ``sentences`` as for :func:`sentence_features`, in
    document and sentence order."""
    texts = ["" if pd.isna(t) else str(t) for t in sentences["text"].tolist()]
    doc_ids = sentences["doc_id"].astype(str).tolist()
    paragraphs = (sentences["paragraph_id"] if "paragraph_id" in sentences else sentences["sentence_id"]).tolist()
    quotes = QuoteRows.parse(texts, doc_ids, paragraphs)
    out: list[tuple[Attribution, dict[str, float] | None]] = []
    for text, spans, leading, opens, inside in zip(texts, quotes.spans, quotes.leading, quotes.opens, quotes.inside):
        reading = _read_sentence(text, spans, leading, opens, inside)
        out.append((reading.found, _signals(text, reading) if _asked(reading) else None))
    return out


def _feature_columns(texts: list[str], quotes: QuoteRows) -> dict[str, list]:
    """Every feature column but the mode, computed sentence by sentence."""
    columns: list[list] = [[] for _ in _FEATURE_NAMES]
    rows: list[tuple] = []
    decision = load_decision()

    def move_rows() -> None:
        """The rows so far appended to their columns (one C-level extend per column), then let go."""
        for column, values in zip(columns, zip(*rows)):
            column.extend(values)
        rows.clear()

    for text, spans, leading, opens, inside in zip(texts, quotes.spans, quotes.leading, quotes.opens, quotes.inside):
        reading = _read_sentence(text, spans, leading, opens, inside)
        found, hits, words = reading.found, reading.scan.hits, reading.words
        n_direct, share, scare, direct = reading.n_direct, reading.direct_share, reading.scare, reading.direct
        # the learned decision where the rules credit no one: attributed, no source named
        unnamed = decision is not None and _asked(reading) and decision.credits(_signals(text, reading))
        if reading.continuation or direct:  # stance words in a speaker's mouth are not the author's
            authorial = scan_lexicons(lower_text(mask_quotes(text, direct)))[0] if direct else {}
            hits = {**authorial, "frames": hits.get("frames", [])}
        ending = text.rstrip().rstrip(_CLOSERS)[-1:]
        # reporting is dense in figures and named people, places and bodies; the first word is
        # capitalised anyway, so it is not counted as a name
        n_numbers = len(_NUMBER.findall(text))
        n_names = _names(words)
        rows.append((
            len(words), bool(found.cue), unnamed, found.cue, found.source, found.start, found.end,
            n_direct, round(share, DECIMALS), len(scare), "|".join(scare), n_numbers, n_names,
            *[len(hits.get(n, ())) for n in STANCE_LEXICONS], *["|".join(hits.get(n, ())) for n in TERM_COLUMNS],
            ending == "?", ending == "!", "|".join(sorted(set(hits.get("frames", ())))),
        ))
        if len(rows) == FEATURE_CHUNK_ROWS:
            move_rows()
    move_rows()
    return dict(zip(_FEATURE_NAMES, columns))


def assign_mode(features: pd.DataFrame) -> pd.Series:
    """The sentence mode, by the first rule that holds, in this order:

    0. ``heading``: the sentence is a heading (``is_heading``); no other rule is tried.
    1. ``direct quote``: some of its words are a direct quotation (``direct_quote_share > 0``).
    2. ``attributed report``: it credits a source (``attribution``).
    3. ``authorial evaluation``: the author takes a stance in their own voice: an evaluative word,
       an intensifier, a booster, a first-person marker, a directive, a question or an exclamation. It comes
       before speculation because a hedged judgement ("this could be a disaster") is still a
       judgement: the hedge softens it, it does not make it a forecast.
    4. ``speculation``: a hedge and none of the above.
    5. ``authorial assertion``: everything else: an unhedged, unattributed statement of fact.
    """
    stance = (
        features[["n_evaluative", "n_intensifiers", "n_boosters", "n_first_person", "n_directives"]].sum(axis=1).gt(0)
        | features["is_question"].astype(bool) | features["is_exclamation"].astype(bool)
    )
    conditions = [
        features["is_heading"].astype(bool), features["direct_quote_share"].gt(0), features["attribution"].astype(bool),
        stance, features["n_hedges"].gt(0),
    ]
    # chosen as codes and looked up in the six names: each row refers to one of six strings, not a fixed-width copy
    # of its name and then a Python string of its own
    names = np.array([HEADING_MODE, *MODES[:5]], dtype=object)
    codes = np.select(conditions, list(range(5)), default=5)
    return pd.Series(names[codes], index=features.index, dtype=object)
