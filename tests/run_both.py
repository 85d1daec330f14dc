"""Run the whole suite on SQLite and on PostgreSQL at the same time (`make test`).

The two runs share nothing: SQLite lives in a temporary folder, PostgreSQL in its own test
database, each run has its own Redis database and its own folder of screenshots and browser
traces. Each line of output says which run it comes from; the exit status is the first failing
run's, or 0.
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/buurtbord_test"
)
RUNS = {
    "sqlite": {"TEST_REDIS_URL": "redis://127.0.0.1:6379/15"},
    "postgresql": {"TEST_DATABASE_URL": POSTGRES, "TEST_REDIS_URL": "redis://127.0.0.1:6379/14"},
}


def start(name: str, extra: dict) -> subprocess.Popen:
    """One pytest run with its own environment and results folder."""
    results = ROOT / "test-results" / name
    env = {**os.environ, **extra, "TEST_RESULTS": str(results)}
    if "TEST_DATABASE_URL" not in extra:
        env.pop("TEST_DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "--output", str(results / "playwright"), *sys.argv[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )


def relay(name: str, process: subprocess.Popen, lock: threading.Lock) -> None:
    """Print each line of a run with the run's name in front."""
    for line in process.stdout:
        with lock:
            print(f"[{name}] {line}", end="", flush=True)


def main() -> int:
    lock = threading.Lock()
    processes = {name: start(name, extra) for name, extra in RUNS.items()}
    relays = [
        threading.Thread(target=relay, args=(name, process, lock))
        for name, process in processes.items()
    ]
    for thread in relays:
        thread.start()
    codes = {name: process.wait() for name, process in processes.items()}
    for thread in relays:
        thread.join()
    for name, code in codes.items():
        print(f"{name}: {'passed' if code == 0 else f'FAILED (exit status {code})'}")
    return next((code for code in codes.values() if code), 0)


if __name__ == "__main__":
    sys.exit(main())
