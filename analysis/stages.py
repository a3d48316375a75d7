"""The pipeline's stages, the tables each writes, and the files a run reads.

Kept free of heavy imports: the Makefile asks for the input files on every call, and a no-op
``make`` must stay well under a second.
"""

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


def input_files(params: Params) -> list[str]:
    """The files a run reads, as shown to users: the params file, the cleaning rules and the corpus."""
    source = resolve(params.corpus.source)
    files = [params.path, resolve(params.corpus.boilerplate_rules)]
    if source.is_dir():
        metadata = [resolve(params.corpus.metadata)] if params.corpus.metadata else []
        files += [*metadata, *article_files(source)]
    elif source.exists():
        files.append(source)
    return [shown(path) for path in files if path.is_file()]
