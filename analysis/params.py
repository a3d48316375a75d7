"""Load and validate a run's params file.

A params file is YAML with one section per stage. Every key is declared below with its type and
default; an unknown key, a value of the wrong type or an out-of-range value stops the run with a
one-line :class:`InputError` that names the file, the key and the fix. The run's name is the file's
stem: ``params/strict.yaml`` writes to ``data/processed/strict/`` and ``reports/strict/``.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import reprlib
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
    """A folder of ``.txt`` or ``.html`` files, a ``.jsonl`` / ``.jsonl.gz`` file with one article per
    line, or a ``.csv`` file with one article per row."""
    metadata: str = "data/raw/articles.csv"
    """For a folder: one row per file (see README). Optional for a folder of ``.html`` pages (set it to
    an empty string: the pages' own metadata is used). Ignored for JSON Lines and CSV, whose other
    fields are the metadata."""
    encoding: str = "utf-8"
    """Text encoding of the article files; set e.g. ``cp1252`` to decode files saved that way."""
    genres: list[str] = field(default_factory=lambda: ["opinion", "reporting", "wire"])
    """Allowed values of the ``genre`` column."""
    boilerplate_rules: str = "analysis/lexicons/boilerplate.txt"
    """Cleaning rules: ``rule<TAB>regex`` removes whole lines, ``span<TAB>rule<TAB>regex`` spans inside a line (README)."""
    id_field: str = "id"
    """JSON Lines and CSV: the field holding the document id."""
    text_field: str = "text"
    """JSON Lines and CSV: the field holding the article text."""
    genre_field: str = ""
    """JSON Lines and CSV: the field holding the genre; empty leaves documents unlabelled."""
    date_field: str = "date"
    """JSON Lines and CSV: the field whose date fills ``published`` (as an ISO date; a value that does not
    parse is left empty and counted in the run log); empty takes ``published`` as it is."""
    default_genre: str = ""
    """The genre of an article whose input names none (JSON Lines or CSV without ``genre_field``, HTML
    pages without a metadata CSV); empty leaves it unlabelled, else it must be one of ``genres``."""
    limit_documents: int = 0
    """Read only the first N documents (0 = all); for trying a large corpus quickly."""
    repeat_min_documents: int = 4
    """Repeated furniture: a paragraph or sentence (case and spaces folded) found in at least this many
    articles of one outlet is removed (rule ``repeated_across_articles``); 0 turns the rule off. Three
    removed background that a few stories on one topic reuse (docs/validation/cleaning.md)."""
    repeat_min_share: float = 0.25
    """Repeated furniture across outlets: a paragraph or sentence printed by two or more outlets is a shared
    quotation and kept, unless it is in at least this share of all articles (and ``repeat_min_documents``)."""
    repeat_min_words: int = 4
    """Repeated furniture: paragraphs and sentences of fewer words are never counted: "He said no.", "These
    include:" and section headings such as "Next steps" recur by chance (the floor of ``repeated_paragraph`` too)."""
    repeat_same_story_keys: int = 3
    """Repeated furniture: two articles sharing at least this many paragraphs or sentences are versions of one
    story, and what they share is theirs, not furniture; the articles holding a line must be
    ``repeat_min_documents`` different stories."""


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
    """Cosine distance under which two claims join one cluster (average linkage). The default lies
    within the range of the sweep's suggestions (:func:`analysis.claims.suggest_threshold`: the best
    separated threshold before clusters chain) on the seed corpus, the Guardian set and MSRP, and on
    MSRP it scores within a few thousandths of the best threshold of the even half; both are checked
    in docs/validation/claims.md. The rules below keep such loose matches to claims, and no cluster
    holds a pair they veto."""
    min_shared_terms: int = 2
    """Two claims sharing fewer content words never join (a two-word name shared as one bigram counts
    once): no cluster on one shared name or term. 0 or 1 switches the rule off."""
    separate_numbers: bool = True
    """Two claims that both state numbers, neither's a subset of the other's, never join."""
    separate_negations: bool = True
    """A negated claim (not, no, never, n't ...) never joins one that is not negated."""
    same_statement: bool = True
    """From a TF-IDF cosine of :data:`analysis.claims.same_statement.MIN_SIMILARITY` on, a decision learned
    on news paraphrase pairs (MSRP) says whether two claims state the same thing, and only narrow forms
    of the three rules above stay beside it (one shared phrase, figures far apart, a denial in the same
    words); below that cosine the rules decide alone (:mod:`analysis.claims.same_statement`). False
    leaves every pair to the rules."""
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
class EngineParams:
    """Where the stages run (README "Running on a cluster"); the tables never depend on it."""

    name: str = "local"
    """``local`` (this machine's processes, the default) or ``dask`` (a dask.distributed cluster)."""
    scheduler: str = ""
    """Dask only: the address of a running scheduler (``tcp://host:8786``); empty starts a LocalCluster."""
    n_workers: int = 0
    """Dask LocalCluster only: worker processes (0 = one per core)."""
    memory_limit: str = "auto"
    """Dask LocalCluster only: memory per worker, e.g. ``3GB`` (``auto`` shares the machine's memory)."""
    partition_documents: int = 2000
    """Dask only: articles per partition of a JSON Lines or Parquet file or a folder corpus."""
    table_format: str = "auto"
    """``csv``, ``parquet`` (a dataset folder ``<table>.parquet/``), or ``auto``: Parquet from
    ``parquet_min_documents`` articles on, CSV below."""
    parquet_min_documents: int = 20000
    """With ``table_format: auto``, corpora of at least this many articles write Parquet."""


@dataclass(frozen=True)
class Params:
    """One run: its name (the params file's stem) and each stage's settings."""

    run: str
    path: Path
    corpus: CorpusParams = field(default_factory=CorpusParams)
    framing: FramingParams = field(default_factory=FramingParams)
    claims: ClaimsParams = field(default_factory=ClaimsParams)
    engine: EngineParams = field(default_factory=EngineParams)

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


SECTIONS: dict[str, type] = {"corpus": CorpusParams, "framing": FramingParams, "claims": ClaimsParams, "engine": EngineParams}


MAX_PARAMS_BYTES = 64 * 1024
"""A params file larger than this is refused before YAML reads it (the project's are under 2 KB)."""
MAX_NESTING = 4
"""Deepest nesting of mappings and lists a params file may have (section, key, list, value)."""
MAX_LIST_ITEMS = 100
"""Longest list a params value may be (genres, sweep thresholds, n-gram range)."""
MAX_STRING_CHARS = 4096
"""Longest string a params value may be (a path, a field name, an encoding)."""
MAX_RUN_NAME_CHARS = 100
RUN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
"""A run name (the params file's stem) names folders under data/processed/ and reports/: a plain
file-name stem of ASCII letters, digits, ``-`` and ``_``, starting with a letter, digit or ``_``."""


def load_params(path: str | Path) -> Params:
    """Read and validate a params file (relative paths are taken from the project root).

    Refused before YAML builds anything: a file over :data:`MAX_PARAMS_BYTES`, one that is not
    UTF-8, a run name that is not a plain file-name stem; while YAML reads it: anchors and aliases
    (``&a`` / ``*a``, which let a few lines expand to gigabytes) and nesting deeper than
    :data:`MAX_NESTING`. Messages quote at most a short prefix of a bad value.
    """
    path = resolve(path)
    shown = shown_path(path)
    if not path.is_file():
        available = ", ".join(sorted(p.stem for p in (PROJECT_ROOT / "params").glob("*.yaml")))
        raise InputError(f"{shown}: params file not found; create it or pick one of: {available}")
    run = path.name[: -len(".yaml")] if path.name.endswith(".yaml") else path.stem
    if len(run) > MAX_RUN_NAME_CHARS or not RUN_NAME.fullmatch(run):
        raise InputError(
            f"{shown}: the run name {_short(run)} (the file name without .yaml) must be up to {MAX_RUN_NAME_CHARS} "
            "ASCII letters, digits, - or _, starting with a letter, digit or _; rename the file, e.g. params/my-run.yaml"
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_PARAMS_BYTES + 1)
    if len(data) > MAX_PARAMS_BYTES:
        raise InputError(
            f"{shown}: {path.stat().st_size:,} bytes, more than a params file needs (limit {MAX_PARAMS_BYTES:,}); "
            "keep only the keys of analysis/params.py"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{shown}: not UTF-8 (byte {data[exc.start]:#04x} at line {line}); save the file as UTF-8"
        ) from None
    try:
        raw = yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader, bounded below
    except _Refused as exc:
        raise InputError(f"{shown}: {exc}") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise InputError(f"{shown}: not valid YAML{line}; fix the syntax (indentation, colons, quotes)") from None
    except (ValueError, RecursionError):
        # e.g. an integer of more digits than Python converts (4,300)
        raise InputError(f"{shown}: a value YAML cannot convert (e.g. a number thousands of digits long); fix it") from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise InputError(f"{shown}: expected a mapping of sections ({', '.join(SECTIONS)}), got {type(raw).__name__}")
    _reject_unknown(raw, SECTIONS, shown, "")
    sections = {name: _build(cls, raw.get(name) or {}, shown, name) for name, cls in SECTIONS.items()}
    params = Params(run=run, path=path, **sections)
    _check_ranges(params, shown)
    return params


class _Refused(Exception):
    """A params file uses a YAML feature refused before it is built (the message says which and where)."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases and deep nesting while it composes the document."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused(
                f"YAML alias at line {mark.line + 1}; aliases (*name) and anchors (&name) are refused "
                "(they can expand a few lines to gigabytes): write the value out"
            )
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise _Refused(
                f"YAML anchor &{_short(event.anchor)[1:-1]} at line {event.start_mark.line + 1}; anchors (&name) and aliases "
                "(*name) are refused (they can expand a few lines to gigabytes): write the value out"
            )
        depth = getattr(self, "_depth", 0)
        if depth >= MAX_NESTING:
            mark = self.peek_event().start_mark
            raise _Refused(f"nested more than {MAX_NESTING} levels deep at line {mark.line + 1}; params are section: key: value")
        self._depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = 40
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxlevel = 2


def _short(value: Any) -> str:
    """A bad value as quoted in a message: at most a short prefix (a value may be megabytes)."""
    return _REPR.repr(value)


def _reject_unknown(raw: dict[str, Any], allowed: typing.Iterable[str], shown: str, prefix: str) -> None:
    unknown = sorted(set(map(str, raw)) - set(allowed))
    if unknown:
        where = f" under {prefix}" if prefix else ""
        key = unknown[0] if len(unknown[0]) <= 40 else _short(unknown[0])
        raise InputError(
            f"{shown}: unknown key {prefix + '.' if prefix else ''}{key}; allowed keys{where}: {', '.join(allowed)}"
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
            raise InputError(f"{shown}: {key} must be a list of {_name(item_hint)}, got {_short(value)}")
        if len(value) > MAX_LIST_ITEMS:
            raise InputError(f"{shown}: {key} has {len(value):,} items; at most {MAX_LIST_ITEMS} are allowed")
        return [_coerce(item, item_hint, shown, f"{key}[{i}]") for i, item in enumerate(value)]
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise InputError(f"{shown}: {key} is too large a number, got {_short(value)}") from None
    if hint is int and isinstance(value, bool) or not isinstance(value, hint):
        raise InputError(f"{shown}: {key} must be {_name(hint)}, got {_short(value)} ({type(value).__name__})")
    if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
        raise InputError(f"{shown}: {key} is {len(value):,} characters long; at most {MAX_STRING_CHARS:,} are allowed")
    return value


def _name(hint: Any) -> str:
    return {int: "a whole number", float: "a number", bool: "true or false", str: "a string"}.get(hint, str(hint))


RANGES: dict[str, tuple[float, float]] = {
    "framing.n_bootstrap": (100, 100_000),
    "framing.seed": (0, 2**32 - 1),
    "framing.distinctive_min_count": (1, 1_000_000),
    "framing.distinctive_top_n": (1, 10_000),
    "claims.min_words": (1, 1_000),
    "claims.min_df": (1, 1_000_000),
    "claims.min_shared_terms": (0, 1_000),
    "claims.max_claims_exact": (2, 10_000),
    "corpus.limit_documents": (0, 1_000_000_000),
    "engine.n_workers": (0, 10_000),
    "engine.partition_documents": (1, 10_000_000),
    "engine.parquet_min_documents": (1, 1_000_000_000),
}
"""Inclusive bounds of the whole-number keys, each keeping a run finite in time and memory: a
bootstrap of 100,000 resamples, a seed numpy and scikit-learn both take, an exact clustering of at
most 10,000 claims (its distance matrix ~400 MB)."""
MAX_NGRAM = 5
MAX_SWEEP_THRESHOLDS = 20
MAX_GENRE_CHARS = 100


def _check_ranges(params: Params, shown: str) -> None:
    claims = params.claims
    for key, (low, high) in RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(params, section), name)
        if not low <= value <= high:
            raise InputError(f"{shown}: {key} must lie between {low:,} and {high:,}, got {_short(value)}")
    genres = params.corpus.genres
    problems = {
        "claims.distance_threshold must lie between 0 and 1 (cosine distance)": not 0 < claims.distance_threshold < 1,
        "claims.sweep_thresholds must all lie between 0 and 1": any(not 0 < t < 1 for t in claims.sweep_thresholds),
        f"claims.sweep_thresholds must hold 1 to {MAX_SWEEP_THRESHOLDS} thresholds": not 1
        <= len(claims.sweep_thresholds)
        <= MAX_SWEEP_THRESHOLDS,
        f"claims.ngram_range must be two whole numbers, 1 <= low <= high <= {MAX_NGRAM}, e.g. [1, 2]": len(claims.ngram_range)
        != 2
        or not 1 <= claims.ngram_range[0] <= claims.ngram_range[-1] <= MAX_NGRAM,
        "claims.linkage must be one of average, complete, single": claims.linkage not in {"average", "complete", "single"},
        "claims.stop_words must be english or none": claims.stop_words not in {"english", "none"},
        "claims.max_df must lie above 0 and at most 1 (a share of claims)": not 0 < claims.max_df <= 1,
        "claims.large_sweep_max_threshold must lie above 0 and at most 1": not 0 < claims.large_sweep_max_threshold <= 1,
        "corpus.genres must not be empty": not genres,
        f"corpus.genres must be distinct labels of 1 to {MAX_GENRE_CHARS} characters, without line breaks": len(set(genres))
        != len(genres)
        or any(not 0 < len(g) <= MAX_GENRE_CHARS or g != " ".join(g.split()) for g in genres),
        f"corpus.encoding {_short(params.corpus.encoding)} is not an encoding Python knows; use e.g. utf-8, cp1252, "
        "latin-1": not _known_encoding(params.corpus.encoding),
        "corpus.repeat_min_documents must be 0 (off) or at least 2": params.corpus.repeat_min_documents == 1
        or not 0 <= params.corpus.repeat_min_documents <= 1_000_000,
        "corpus.repeat_min_share must lie above 0 and at most 1 (a share of all articles)": not 0 < params.corpus.repeat_min_share <= 1,
        "corpus.repeat_min_words must be between 1 and 1000": not 1 <= params.corpus.repeat_min_words <= 1000,
        "corpus.repeat_same_story_keys must be between 1 and 1000": not 1 <= params.corpus.repeat_same_story_keys <= 1000,
        "corpus.default_genre must be empty or one of corpus.genres": bool(params.corpus.default_genre)
        and params.corpus.default_genre not in params.corpus.genres,
        "engine.name must be local or dask": params.engine.name not in {"local", "dask"},
        "engine.table_format must be auto, csv or parquet": params.engine.table_format not in {"auto", "csv", "parquet"},
    }
    for message, failed in problems.items():
        if failed:
            raise InputError(f"{shown}: {message}")


def _known_encoding(name: str) -> bool:
    """True for a text encoding (``rot13`` and ``base64`` are codecs, but not ones bytes decode with)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return getattr(info, "_is_text_encoding", True)


__all__ = ["InputError", "Params", "CorpusParams", "FramingParams", "ClaimsParams", "EngineParams", "load_params"]
