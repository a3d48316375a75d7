"""CPU time (process_time) of ``sentence_features`` on the first N think-tank articles, segmented here
by the corpus stage's splitter (no corpus-stage run needed), with the analysis package imported from
ROOT (a checkout of the code before or after a change). Run it alternately on two ROOTs for an A/B.

Usage: python bench/framing_sentences_ab.py ROOT N"""
import gzip
import json
import sys
import time
from itertools import islice
from pathlib import Path

root, n_docs = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, root)
import pandas as pd  # noqa: E402

from analysis.corpus.segment import sentence_spans  # noqa: E402
from analysis.framing import sentence_features  # noqa: E402

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from bench.corpora import CORPORA  # noqa: E402

path = CORPORA / "thinktank_analysis" / "articles.jsonl.gz"
if not path.is_file():
    print(f"framing_sentences_ab: skipped, no think-tank corpus at {path}")
    sys.exit(0)
rows = []
with gzip.open(path, "rt", encoding="utf-8") as lines:
    for record in islice((json.loads(line) for line in lines if line.strip()), n_docs):
        for paragraph_id, line in enumerate(str(record["text"]).split("\n")):
            for start, end in sentence_spans(line.strip()):
                rows.append((str(record["id"]), paragraph_id, start, end, line.strip()[start:end]))
sents = pd.DataFrame(rows, columns=["doc_id", "paragraph_id", "char_start", "char_end", "text"])
sents["sentence_id"] = sents.groupby("doc_id").cumcount()
sentence_features(sents.head(200))  # warm the lexicon caches
t = time.process_time()
sentence_features(sents)
print(f"{root} sentences={len(sents)} sentence_features_cpu={time.process_time() - t:.2f}s")
