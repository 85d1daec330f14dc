"""Where the board page's time goes: `python bench/profile_board.py [--cards 500] [--kept]`
seeds a board on SQLite (or BENCH_DATABASE_URL), asks for it as a logged-in member through
Flask's test client, and prints a pyinstrument profile of the requests (install with `pip
install -e '.[bench]'`). Each request is profiled after a change, so the board is written anew;
with --kept, the board kept from the request before."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import inprocess  # noqa: E402 - after the project is on the path
from bench.run import PASSWORD, USER_AGENT, make_app, seed  # noqa: E402


def main() -> None:
    """Seed, warm up, profile, print."""
    from pyinstrument import Profiler

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--kept", action="store_true", help="the kept board, not written anew")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='buurtbord-profile-')) / 'p.sqlite'}"
    )
    app = make_app(url)
    board = seed(app, (args.cards,))[args.cards]
    client, headers = inprocess.login(app, "bench@example.nl", PASSWORD, USER_AGENT)
    path = f"/c/{board['slug']}/board"
    changed = inprocess.change_of(app, board["slug"])
    for _ in range(5):
        changed()
        client.get(path, headers=headers)
    profiler = Profiler(interval=0.0002)
    for _ in range(args.requests):
        if not args.kept:
            changed()  # untimed: the coalition's change number moves on
        profiler.start()
        client.get(path, headers=headers)
        profiler.stop()
    print(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    main()
