"""Input that never breaks a run (issue 16): bad params end in one line, two runs of one RUN take
turns instead of deleting each other's outputs, and a killed run leaves only complete tables."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import PROJECT_ROOT
from analysis.locking import ENV, lock_path, run_folders, run_lock

FIXTURE = (PROJECT_ROOT / "params" / "fixture.yaml").read_text(encoding="utf-8")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=600
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


@pytest.fixture
def run_name(tmp_path: Path) -> Iterator[str]:
    """A run name of this test's own; its tables, reports and lock file are removed afterwards."""
    name = f"pytest-robust-{os.getpid()}-{tmp_path.name}"
    yield name
    shutil.rmtree(PROJECT_ROOT / "data" / "processed" / name, ignore_errors=True)
    shutil.rmtree(PROJECT_ROOT / "reports" / name, ignore_errors=True)
    lock_path(name).unlink(missing_ok=True)


def fixture_params(tmp_path: Path, name: str, extra: str = "") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(FIXTURE + extra, encoding="utf-8")
    return path


# Params a user gets wrong: one line, exit 2, nothing written.

LAUGHS = "[&a [" + ", ".join(["lol"] * 9) + "], " + ", ".join(
    f"&{b} [" + ", ".join([f"*{a}"] * 9) + "]" for a, b in zip("abcd", "bcde")
) + "]"


def test_a_params_file_named_dot_dot_dot_yaml_writes_nothing_into_data(tmp_path: Path) -> None:
    params = tmp_path / "...yaml"
    params.write_text(FIXTURE, encoding="utf-8")
    before = sorted(p.name for p in (PROJECT_ROOT / "data").iterdir())
    assert "run name" in one_line_error(run_cli("run", "--params", str(params), "--stage", "corpus"))
    assert sorted(p.name for p in (PROJECT_ROOT / "data").iterdir()) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("framing:\n  n_bootstrap: 1000000000\n", "framing.n_bootstrap must lie between"),
        # billion laughs under a known key, five levels deep (the code before issue 16 quoted all
        # 9**5 laughs in its message; nine levels exhausted memory)
        ("framing:\n  seed: " + LAUGHS + "\n", "anchor"),
    ],
)
def test_bad_params_values_end_in_one_short_line_and_write_nothing(tmp_path: Path, run_name: str, text: str, expected: str) -> None:
    params = tmp_path / f"{run_name}.yaml"
    params.write_text(text, encoding="utf-8")
    message = one_line_error(run_cli("run", "--params", str(params)))
    assert expected in message and len(message) < 400
    assert not (PROJECT_ROOT / "data" / "processed" / run_name).exists()


def test_a_params_file_that_is_not_utf8_ends_in_one_line(tmp_path: Path, run_name: str) -> None:
    params = tmp_path / f"{run_name}.yaml"
    params.write_bytes("# Zürich\nframing:\n  seed: 7\n".encode("cp1252"))
    assert "not UTF-8" in one_line_error(run_cli("run", "--params", str(params)))


def test_jobs_is_bounded(tmp_path: Path) -> None:
    assert "--jobs 100000" in one_line_error(run_cli("run", "--params", "params/fixture.yaml", "--jobs", "100000"))


# Two runs of one RUN at once take turns.


def _wait_for(path: Path, text: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while text not in path.read_text(encoding="utf-8"):
        assert process.poll() is None, path.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"{text!r} never appeared: {path.read_text(encoding='utf-8')}"
        time.sleep(0.05)


def test_a_second_python_run_of_the_same_run_waits_for_the_first(tmp_path: Path, run_name: str) -> None:
    params = fixture_params(tmp_path, run_name)
    log = tmp_path / "stderr.txt"
    with run_lock(run_name, what="the test"):
        with log.open("w", encoding="utf-8") as stderr:
            waiting = subprocess.Popen(
                [sys.executable, "-m", "analysis", "index", "--params", str(params)], cwd=PROJECT_ROOT, stderr=stderr, text=True
            )
        _wait_for(log, "waiting for it to finish", waiting)
        assert "being written by pid" in log.read_text(encoding="utf-8") and "(the test)" in log.read_text(encoding="utf-8")
        time.sleep(0.5)
        assert waiting.poll() is None, "the second run did not wait"
        assert not (PROJECT_ROOT / "reports" / run_name / "index.html").exists()
    assert waiting.wait(timeout=120) == 0, log.read_text(encoding="utf-8")
    assert (PROJECT_ROOT / "reports" / run_name / "index.html").is_file()


def _make_env() -> dict[str, str]:
    """The environment without the outer make's jobserver and lock (pytest may run under `make test`)."""
    return {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", ENV}}


@pytest.mark.skipif(shutil.which("flock") is None or shutil.which("make") is None, reason="needs make and flock (util-linux)")
def test_a_second_make_of_the_same_run_waits_for_the_lock(tmp_path: Path) -> None:
    log = tmp_path / "stderr.txt"
    with run_lock("fixture", what="the test"):
        with log.open("w", encoding="utf-8") as stderr:
            make = subprocess.Popen(
                ["make", "--no-print-directory", "RUN=fixture", "tables"],
                cwd=PROJECT_ROOT, stderr=stderr, stdout=subprocess.DEVNULL, text=True, env=_make_env(),
            )
        _wait_for(log, "waiting for it to finish", make)
        time.sleep(0.5)
        assert make.poll() is None, "make did not wait for the lock"
    assert make.wait(timeout=300) == 0, log.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_refuses_a_run_name_that_is_not_a_file_name_stem() -> None:
    result = subprocess.run(
        ["make", "--no-print-directory", "RUN=../x", "tables"], cwd=PROJECT_ROOT, capture_output=True, text=True, env=_make_env()
    )
    assert result.returncode != 0 and "error: RUN=../x: a run name is" in result.stderr
    assert not (PROJECT_ROOT / "data" / "processed" / ".locks" / ".." / "x.lock").exists()


def test_two_reports_of_one_run_at_once_both_finish(tmp_path: Path, run_name: str) -> None:
    """Make runs notebooks side by side under its lock; they never share a temporary file (on the
    code before issue 16 both used `.01-load-corpus.partial.ipynb`, and one died)."""
    params = fixture_params(tmp_path, run_name)
    assert run_cli("run", "--params", str(params), "--stage", "corpus").returncode == 0
    lock = lock_path(run_name)
    env = {**os.environ, ENV: str(lock)}
    command = [sys.executable, "-m", "analysis", "report", "notebooks/01-load-corpus.ipynb", "--params", str(params)]
    with run_lock(run_name, what="the test as make"):
        both = [subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        errors = [process.communicate(timeout=300)[1] for process in both]
    assert [process.returncode for process in both] == [0, 0], errors
    reports = PROJECT_ROOT / "reports" / run_name
    assert sorted(p.name for p in reports.iterdir()) == ["01-load-corpus.html", "01-load-corpus.ipynb", "figures"]


# What a killed run leaves behind is removed by the next writer that takes the lock.


def _leftovers(run: str) -> tuple[list[Path], list[Path]]:
    """Temporary files as a killed writer leaves them, and finished files beside them that must stay."""
    tables, reports = run_folders(run)
    (tables / ".staging-corpus-k1ll3d" / "clean").mkdir(parents=True)
    (tables / ".staging-corpus-k1ll3d" / "clean" / "a.txt").write_text("half", encoding="utf-8")
    (tables / ".staging-old-x0").mkdir()
    reports.mkdir(parents=True)
    stale = [
        tables / ".staging-corpus-k1ll3d",
        tables / ".staging-old-x0",
        tables / ".claims.csv.4242.partial",
        reports / ".01-load-corpus.4242-0a1b2c3d.partial.ipynb",
        reports / ".index.html.4242-0a1b2c3d.partial",
    ]
    kept = [tables / "documents.csv", reports / ".01-load-corpus.failed.ipynb", reports / "index.html"]
    for path in stale[2:] + kept:
        path.write_text("x", encoding="utf-8")
    return stale, kept


def test_taking_the_lock_removes_what_a_killed_run_left(run_name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(ENV, raising=False)
    stale, kept = _leftovers(run_name)
    with run_lock(run_name, what="the test"):
        assert [path for path in stale if path.exists()] == []
    assert all(path.is_file() for path in kept)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"[lock] run {run_name}: removed 2 staging folder(s) and 3 partial file(s) left by an interrupted run"]


def test_a_step_under_make_s_lock_leaves_its_siblings_temporary_files(run_name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make runs two steps at once under its lock: one starting must not sweep the other's staging."""
    with run_lock(run_name, what="the test as make"):
        stale, kept = _leftovers(run_name)  # a sibling step writing
        monkeypatch.setenv(ENV, str(lock_path(run_name)))
        with run_lock(run_name, what="a step of make"):
            assert all(path.exists() for path in stale + kept)


def test_python_m_analysis_sweep_takes_the_lock_sweeps_and_says_so(tmp_path: Path, run_name: str) -> None:
    params = fixture_params(tmp_path, run_name)
    stale, kept = _leftovers(run_name)
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "sweep", "--params", str(params)], cwd=PROJECT_ROOT, capture_output=True, text=True, env=_make_env()
    )
    assert result.returncode == 0, result.stderr
    assert "removed 2 staging folder(s) and 3 partial file(s)" in result.stderr
    assert [path for path in stale if path.exists()] == [] and all(path.exists() for path in kept)


@pytest.mark.skipif(shutil.which("flock") is None or shutil.which("make") is None, reason="needs make and flock (util-linux)")
def test_make_sweeps_a_killed_run_before_its_steps_start() -> None:
    tables, _ = run_folders("fixture")
    staging = tables / ".staging-framing-pytest-sweep"
    (staging / "framing_sentences.csv").parent.mkdir(parents=True, exist_ok=True)
    (staging / "framing_sentences.csv").write_text("half", encoding="utf-8")
    try:
        result = subprocess.run(
            ["make", "--no-print-directory", "RUN=fixture", "tables"], cwd=PROJECT_ROOT, capture_output=True, text=True, env=_make_env()
        )
        assert result.returncode == 0, result.stderr
        assert "[lock] run fixture: removed 1 staging folder(s)" in result.stderr
        assert not staging.exists()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# A killed run leaves complete tables, and a re-run writes the same bytes.


def _tables(folder: Path) -> dict[str, bytes]:
    files = sorted(folder.glob("*.csv")) + sorted((folder / "clean").glob("*.txt"))
    return {str(p.relative_to(folder)): p.read_bytes() for p in files}


def test_a_run_killed_at_several_points_leaves_complete_tables_and_reruns_identically(tmp_path: Path, run_name: str) -> None:
    params = fixture_params(tmp_path, run_name)
    folder = PROJECT_ROOT / "data" / "processed" / run_name
    command = [sys.executable, "-m", "analysis", "run", "--params", str(params), "--jobs", "2"]
    started = time.monotonic()
    assert subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    reference = _tables(folder)
    assert len(reference) > 17
    # Points: as the corpus stage stages its tables, once they are in place, and at fractions of the
    # later stages (time-based, so each run of the test kills at slightly different points).
    points: list[tuple[str, float]] = [("staging", 0.0), ("documents.csv", 0.0), ("time", 0.7)]
    for what, fraction in points:
        shutil.rmtree(folder, ignore_errors=True)
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + (fraction * duration if what == "time" else 120)
        while process.poll() is None and time.monotonic() < deadline:
            if what == "staging" and folder.is_dir() and any(folder.glob(".staging-*")):
                break
            if what == "documents.csv" and (folder / what).exists():
                break
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        partial = _tables(folder) if folder.is_dir() else {}
        for name, data in partial.items():
            assert data == reference[name], f"killed at {what} {fraction}: {name} is not complete"
    assert subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True).returncode == 0
    assert _tables(folder) == reference, "the re-run after the kills differs"


def test_a_report_of_a_missing_template_is_one_line() -> None:
    assert "no such notebook template" in one_line_error(run_cli("report", "notebooks/nope.ipynb", "--params", "params/fixture.yaml"))
