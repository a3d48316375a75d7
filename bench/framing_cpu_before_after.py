"""CPU time (process_time) of sentence_features and build_framing_tables on the first N think-tank documents, with the analysis package imported from ROOT (a checkout of the code before or after a change).

Usage: python bench/framing_cpu_before_after.py ROOT N (needs data/processed/thinktank from `python -m analysis run --params params/thinktank.yaml --stage corpus`)."""
import sys, time
root, n_docs = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, root)
import pandas as pd
from analysis.framing import build_framing_tables
from analysis.framing import sentence_features  # noqa
d = str(__import__('pathlib').Path(__file__).resolve().parents[1] / 'data' / 'processed' / 'thinktank') + '/'
docs = pd.read_csv(d + 'documents.csv', dtype={'doc_id': str}, keep_default_na=False)
sents = pd.read_csv(d + 'sentences.csv', dtype={'doc_id': str, 'text': str}, keep_default_na=False)
keep = set(sorted(docs['doc_id'])[:n_docs])
docs, sents = docs[docs['doc_id'].isin(keep)], sents[sents['doc_id'].isin(keep)]
sentence_features(sents.head(200))  # warm the lexicon caches
t = time.process_time(); sentence_features(sents); f = time.process_time() - t
t = time.process_time(); build_framing_tables(sents, docs, n_bootstrap=1000, seed=20241022); b = time.process_time() - t
print(f"{root} sentences={len(sents)} sentence_features_cpu={f:.2f}s build_framing_tables_cpu={b:.2f}s")
