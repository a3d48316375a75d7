"""Load and validate a run's params file.

A params file is YAML with one section per stage. Every key is declared below with its type and
default; an unknown key, a value of the wrong type or an out-of-range value stops the run with a
one-line :class:`InputError` that names the file, the key and the fix. The run's name is the file's
stem: ``params/strict.yaml`` writes to ``data/processed/strict/`` and ``reports/strict/``.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analysis import PROJECT_ROOT
from analysis.paths import resolve
from analysis.paths import shown as shown_path


class InputError(Exception):
    """A problem the user can fix in their files; the message is one line naming file and fix."""


@dataclass(frozen=True)
class CorpusParams:
    """Where the articles are and how to read them."""

    source: str = "data/raw/articles"
    """A folder of ``.txt`` files, or a ``.jsonl`` / ``.jsonl.gz`` file with one article per line."""
    metadata: str = "data/raw/articles.csv"
    """For a folder: one row per file (see README). Ignored for JSON Lines, whose other fields are the metadata."""
    encoding: str = "utf-8"
    """Text encoding of the article files; set e.g. ``cp1252`` to decode files saved that way."""
    genres: list[str] = field(default_factory=lambda: ["opinion", "reporting", "wire"])
    """Allowed values of the ``genre`` column."""
    boilerplate_rules: str = "analysis/lexicons/boilerplate.txt"
    """Line patterns removed during cleaning (one ``rule<TAB>regex`` per line)."""
    id_field: str = "id"
    """JSON Lines only: the field holding the document id."""
    text_field: str = "text"
    """JSON Lines only: the field holding the article text."""
    genre_field: str = ""
    """JSON Lines only: the field holding the genre; empty leaves documents unlabelled."""
    limit_documents: int = 0
    """Read only the first N documents (0 = all); for trying a large corpus quickly."""


@dataclass(frozen=True)
class FramingParams:
    """Sentence features and document profiles."""

    n_bootstrap: int = 1000
    seed: int = 20241022
    distinctive_min_count: int = 2
    """Terms seen fewer times in the whole corpus are left out of the log-odds table."""
    distinctive_top_n: int = 15
    """Terms kept per genre in the distinctive-vocabulary table."""


@dataclass(frozen=True)
class ClaimsParams:
    """Sentence-level TF-IDF clustering."""

    min_words: int = 6
    """Sentences with fewer words are set aside as fragments."""
    ngram_range: list[int] = field(default_factory=lambda: [1, 2])
    min_df: int = 1
    max_df: float = 1.0
    """Terms in more than this share of claims are dropped from the vocabulary (1.0 keeps all)."""
    sublinear_tf: bool = True
    stop_words: str = "english"
    """``english`` (scikit-learn's list) or ``none``."""
    normalise: bool = True
    """Fold spelling variants (Zelensky/Zelenskyy, defense/defence, -ize/-ise), curly and straight
    quotes, and number formats (10,000/10 000/10000) before TF-IDF; false keeps the words as written."""
    distance_threshold: float = 0.85
    """Cosine distance under which two claims join one cluster (average linkage). 0.85 is the sweep's
    suggestion on the seed corpus (:func:`analysis.claims.suggest_threshold`); on MSRP it scores
    within a few thousandths of the best threshold of the even half (docs/validation/claims.md).
    The rules below keep such loose matches to claims."""
    min_shared_terms: int = 2
    """Two claims sharing fewer content words never join (a two-word name shared as one bigram counts
    once): no cluster on one shared name or term. 0 or 1 switches the rule off."""
    separate_numbers: bool = True
    """Two claims that both state numbers, neither's a subset of the other's, never join."""
    separate_negations: bool = True
    """A negated claim (not, no, never, n't ...) never joins one that is not negated."""
    date_column: str = "published"
    """The documents' column of publication dates for the claim timeline (JSON Lines: any field, e.g.
    ``date``); documents without a date are left out of it, and without the column it is empty."""
    linkage: str = "average"
    max_claims_exact: int = 5000
    """Above this many claims, cluster with the sparse nearest-neighbour graph instead."""
    sweep_thresholds: list[float] = field(
        default_factory=lambda: [0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]
    )
    split_giant_components: bool = False
    """Graph path only: cut a component larger than max_claims_exact at stricter thresholds (steps of
    0.05) and cluster each piece exactly, instead of keeping it whole as one cluster."""
    large_sweep_max_threshold: float = 1.0
    """Graph path only: sweep thresholds above this are left out (the graph's cost grows steeply with
    the threshold); 1.0 keeps them all."""


@dataclass(frozen=True)
class Params:
    """One run: its name (the params file's stem) and each stage's settings."""

    run: str
    path: Path
    corpus: CorpusParams = field(default_factory=CorpusParams)
    framing: FramingParams = field(default_factory=FramingParams)
    claims: ClaimsParams = field(default_factory=ClaimsParams)

    @property
    def processed_dir(self) -> Path:
        """Folder of this run's tables."""
        return PROJECT_ROOT / "data" / "processed" / self.run

    @property
    def reports_dir(self) -> Path:
        """Folder of this run's executed notebooks, HTML and figures."""
        return PROJECT_ROOT / "reports" / self.run

    @property
    def figures_dir(self) -> Path:
        """Folder of this run's figures (PNG plus the CSV each one draws)."""
        return self.reports_dir / "figures"


SECTIONS: dict[str, type] = {"corpus": CorpusParams, "framing": FramingParams, "claims": ClaimsParams}


def load_params(path: str | Path) -> Params:
    """Read and validate a params file (relative paths are taken from the project root)."""
    path = resolve(path)
    shown = shown_path(path)
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in (PROJECT_ROOT / "params").glob("*.yaml")))
        raise InputError(f"{shown}: params file not found; create it or pick one of: {available}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise InputError(f"{shown}: not valid YAML{line}; fix the syntax (indentation, colons, quotes)") from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise InputError(f"{shown}: expected a mapping of sections ({', '.join(SECTIONS)}), got {type(raw).__name__}")
    _reject_unknown(raw, SECTIONS, shown, "")
    sections = {name: _build(cls, raw.get(name) or {}, shown, name) for name, cls in SECTIONS.items()}
    params = Params(run=path.stem, path=path, **sections)
    _check_ranges(params, shown)
    return params


def _reject_unknown(raw: dict[str, Any], allowed: typing.Iterable[str], shown: str, prefix: str) -> None:
    unknown = sorted(set(map(str, raw)) - set(allowed))
    if unknown:
        where = f" under {prefix}" if prefix else ""
        raise InputError(
            f"{shown}: unknown key {prefix + '.' if prefix else ''}{unknown[0]}; allowed keys{where}: {', '.join(allowed)}"
        )


def _build(cls: type, raw: Any, shown: str, section: str) -> Any:
    if not isinstance(raw, dict):
        raise InputError(f"{shown}: section {section} must be a mapping of keys, got {type(raw).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    _reject_unknown(raw, fields, shown, section)
    hints = typing.get_type_hints(cls)
    values = {key: _coerce(value, hints[key], shown, f"{section}.{key}") for key, value in raw.items()}
    return cls(**values)


def _coerce(value: Any, hint: Any, shown: str, key: str) -> Any:
    """Check ``value`` against a field's type; ints are accepted where floats are expected."""
    origin = typing.get_origin(hint)
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        if not isinstance(value, list):
            raise InputError(f"{shown}: {key} must be a list of {_name(item_hint)}, got {value!r}")
        return [_coerce(item, item_hint, shown, f"{key}[{i}]") for i, item in enumerate(value)]
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, bool) or not isinstance(value, hint):
        raise InputError(f"{shown}: {key} must be {_name(hint)}, got {value!r} ({type(value).__name__})")
    return value


def _name(hint: Any) -> str:
    return {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}.get(hint, str(hint))


def _check_ranges(params: Params, shown: str) -> None:
    claims = params.claims
    problems = {
        "claims.distance_threshold must lie between 0 and 1 (cosine distance)": not 0 < claims.distance_threshold < 1,
        "claims.sweep_thresholds must all lie between 0 and 1": any(not 0 < t < 1 for t in claims.sweep_thresholds),
        "claims.ngram_range must be two whole numbers, low <= high, e.g. [1, 2]": len(claims.ngram_range) != 2
        or not 1 <= claims.ngram_range[0] <= claims.ngram_range[-1],
        "claims.linkage must be one of average, complete, single": claims.linkage not in {"average", "complete", "single"},
        "claims.stop_words must be english or none": claims.stop_words not in {"english", "none"},
        "claims.min_words must be at least 1": claims.min_words < 1,
        "claims.min_shared_terms must be 0 or more": claims.min_shared_terms < 0,
        "claims.min_df must be at least 1": claims.min_df < 1,
        "claims.max_df must lie above 0 and at most 1 (a share of claims)": not 0 < claims.max_df <= 1,
        "claims.large_sweep_max_threshold must lie above 0 and at most 1": not 0 < claims.large_sweep_max_threshold <= 1,
        "framing.n_bootstrap must be at least 100": params.framing.n_bootstrap < 100,
        "corpus.genres must not be empty": not params.corpus.genres,
        "corpus.limit_documents must be 0 (all) or more": params.corpus.limit_documents < 0,
    }
    for message, failed in problems.items():
        if failed:
            raise InputError(f"{shown}: {message}")


__all__ = ["InputError", "Params", "CorpusParams", "FramingParams", "ClaimsParams", "load_params"]
