"""Checks on metadata and records: required columns, unique ids, known genres, dates as ISO dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
from dateutil import parser as date_parser

from analysis.corpus.model import METADATA_COLUMNS, REQUIRED_METADATA
from analysis.params import InputError
from analysis.paths import shown

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SHOWN_VALUE_MAX = 40
"""Messages quote at most this many characters of a bad value."""


def short(value: object) -> str:
    """A value as quoted in a message: its repr, cut to ``SHOWN_VALUE_MAX`` characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE_MAX else text[: SHOWN_VALUE_MAX - 1] + "…"


def read_metadata(path: Path, genres: list[str], params_file: str = "the params file") -> pd.DataFrame:
    """Read and check the metadata CSV: required columns, unique ids, known genres."""
    if not path.is_file():
        raise InputError(f"{shown(path)}: metadata file not found; create it with columns {', '.join(METADATA_COLUMNS)}")
    metadata = read_csv_table(path)
    missing = [c for c in REQUIRED_METADATA if c not in metadata.columns]
    if missing:
        raise InputError(f"{shown(path)}: missing column(s) {', '.join(missing)}; the header needs {', '.join(METADATA_COLUMNS)}")
    metadata = metadata.apply(lambda column: column.str.strip())
    for column in METADATA_COLUMNS:
        if column not in metadata.columns:
            metadata[column] = ""
    duplicated = metadata["doc_id"][metadata["doc_id"].duplicated()]
    if not duplicated.empty:
        raise InputError(f"{shown(path)}: doc_id {duplicated.iloc[0]} appears more than once; give each article its own doc_id")
    empty_ids = metadata.index[metadata["doc_id"] == ""]
    if len(empty_ids):
        raise InputError(f"{shown(path)}: row {empty_ids[0] + 2} has no doc_id; fill it in")
    duplicated_files = metadata["file"][metadata["file"].duplicated()]
    if not duplicated_files.empty:
        raise InputError(f"{shown(path)}: file {duplicated_files.iloc[0]} is listed more than once; keep one row per file")
    unknown = metadata[~metadata["genre"].isin(genres)]
    if not unknown.empty:
        row = unknown.iloc[0]
        raise InputError(
            f"{shown(path)}: doc_id {row['doc_id']} has genre {short(row['genre'])}, not one of {', '.join(genres)}; "
            f"use one of those or add it to corpus.genres in {params_file}"
        )
    return metadata


def read_csv_table(path: Path) -> pd.DataFrame:
    """A UTF-8 CSV as strings (empty cells empty), or a one-line error naming the file."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: not UTF-8 (byte {exc.start}); re-save it as a UTF-8 CSV") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{shown(path)}: not a readable CSV ({str(exc).splitlines()[0][:120]}); fix the file") from None


def normalise_date(value: object) -> str | None:
    """A date as ``YYYY-MM-DD``: ISO dates and timestamps, "3 March 2022", "March 3, 2022", "2022/03/03";
    None when it does not parse (or is not a plausible calendar date)."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    if len(text) > 64 or not re.search(r"\d", text):
        return None
    try:
        parsed = date_parser.parse(text, default=dt.datetime(1900, 1, 1), dayfirst=False)
    except (ValueError, OverflowError):
        return None
    if not re.search(r"\b(?:1[89]|2\d)\d\d\b", text):  # no four-digit year written: do not invent one
        return None
    return parsed.date().isoformat()


def scalar(value: object) -> str:
    """A metadata value as a table cell: strings as they are, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def record_id(value: object, where: str, field: str) -> str:
    """A record's doc id as a string: a non-empty string or a whole number, else a one-line error."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(f"{where}: field {field!r} is {type(value).__name__} {short(value)}, not a string or number; give each record a text id")
    doc_id = str(value)
    if not doc_id.strip():
        raise InputError(f"{where}: field {field!r} is empty; give each record an id")
    return doc_id
