"""CPU time (user + system, ``resource.getrusage`` of the child) of one framing stage run on the
think-tank corpus, ``python -m analysis run --params params/thinktank.yaml --stage framing --jobs 1``,
run in ROOT (a checkout whose ``--stage corpus`` has been run, with its own ``.venv``). Run it
alternately on two ROOTs for an A/B.

Usage: python bench/framing_stage_cpu.py ROOT"""
import os
import resource
import subprocess
import sys
import time

root = sys.argv[1]
started = time.time()
subprocess.run(
    [f"{root}/.venv/bin/python", "-m", "analysis", "run", "--params", "params/thinktank.yaml", "--stage", "framing", "--jobs", "1"],
    cwd=root, env=dict(os.environ, PYTHONPATH=root), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{root} cpu={usage.ru_utime + usage.ru_stime:.1f}s wall={time.time() - started:.1f}s", flush=True)
