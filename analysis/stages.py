"""The pipeline's stages, the tables each writes, and the files a run reads.

Kept free of heavy imports: the Makefile asks for the input files on every call, and a no-op
``make`` must stay well under a second.
"""

import glob
from pathlib import Path

from analysis.params import Params
from analysis.paths import article_files, resolve, shown

STAGE_TABLES: dict[str, tuple[str, ...]] = {
    "corpus": ("documents", "sentences", "removed_spans"),
    "framing": (
        "framing_sentences",
        "framing_documents",
        "framing_genres",
        "distinctive_terms",
        "frame_emphasis",
        "feature_map",
        "genre_separation",
    ),
    "claims": ("claims", "clusters", "coverage", "claims_set_aside", "threshold_sweep", "claim_timeline"),
    "estimates": ("estimates", "excluded_numbers"),
}
"""Every stage and the tables it writes, in the order the stages run."""


PARQUET_SUFFIX = ".parquet"
"""A Parquet table is a dataset folder ``<name>.parquet/`` of ``part-NNNNN.parquet`` files, in order."""


def table_suffix(params: Params) -> str:
    """``.csv`` or ``.parquet``: the format of this run's tables once the corpus stage wrote them.

    ``engine.table_format`` when it names one; with ``auto`` the format the run's ``documents``
    table was written in (Parquet from ``engine.parquet_min_documents`` articles on, decided by the
    corpus stage from the count), CSV before any run. The Makefile names its table targets with it,
    so a run whose tables are Parquet datasets is up to date on the next ``make``.
    """
    chosen = params.engine.table_format
    if chosen != "auto":
        return PARQUET_SUFFIX if chosen == "parquet" else ".csv"
    return PARQUET_SUFFIX if (params.processed_dir / f"documents{PARQUET_SUFFIX}").is_dir() else ".csv"


def input_files(params: Params) -> list[str]:
    """The files a run reads, as shown to users: the params file, the cleaning rules and the corpus
    (every file a ``corpus.source`` glob matches)."""
    source = resolve(params.corpus.source)
    files = [params.path, resolve(params.corpus.boilerplate_rules)]
    if glob.has_magic(params.corpus.source):
        files += sorted(Path(p) for p in glob.glob(str(source), recursive=True))
    elif source.is_dir():
        metadata = [resolve(params.corpus.metadata)] if params.corpus.metadata else []
        files += [*metadata, *article_files(source)]
    elif source.exists():
        files.append(source)
    return [shown(path) for path in files if path.is_file()]
