"""The local engine: today's pipeline in this machine's processes (``analysis.pipeline.run_all``),
plus the file corpora only the engines read (a glob of JSON Lines / Parquet files, a Parquet file)."""

from __future__ import annotations

import sys
import time

from analysis.engines.readers import all_articles, corpus_files, is_file_corpus
from analysis.engines.stagefuncs import build_corpus, read_boilerplate_rules, settings_of
from analysis.params import Params
from analysis.paths import resolve, shown
from analysis.pipeline import run_all, table_format, write_tables
from analysis.stages import STAGE_TABLES


def run_local(params: Params, stages: tuple[str, ...], jobs: int) -> None:
    """Run the stages on ``jobs`` local cores; the tables are the Dask engine's too."""
    if "corpus" in stages and is_file_corpus(params.corpus):
        started = time.perf_counter()
        files = corpus_files(params.corpus, shown(params.path)) or []
        rules = read_boilerplate_rules(resolve(params.corpus.boilerplate_rules))
        articles = list(all_articles(files, params.corpus, shown(params.path)))
        corpus = build_corpus(articles, rules, jobs=jobs, furniture_settings=settings_of(params.corpus))  # the rule as load_corpus applies it
        tables = {"documents": corpus.documents, "sentences": corpus.sentences, "removed_spans": corpus.removed_spans}
        write_tables(tables, params.processed_dir, corpus.clean_texts, table_format=table_format(params, len(corpus.documents)))
        print(f"[corpus] {len(corpus.documents):,} documents, {len(corpus.sentences):,} sentences -> "
              f"{shown(params.processed_dir)} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
        stages = tuple(stage for stage in stages if stage != "corpus")
        if not stages:
            return
    run_all(params, tuple(stage for stage in STAGE_TABLES if stage in stages), jobs=jobs)
