"""The layout shows the architecture: modules that stand on their own, one place per concern."""

import ast
import re
import subprocess
import sys
from pathlib import Path

from board.htmx import CLIENT_EVENTS

ROOT = Path(__file__).resolve().parents[2]
BOARD = ROOT / "board"
CAPABILITIES = ["activities", "admin", "auth", "coalitions", "core", "demo", "ideas", "kanban"]


def _modules() -> list[str]:
    names = []
    for path in sorted(BOARD.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


IMPORT_EACH_ALONE = """
import importlib, sys, traceback
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "board" or m.startswith("board.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc().splitlines()[-1])
print("\\n".join(failed))
"""


def test_every_module_of_board_imports_on_its_own():
    """No import cycle: each module imports first, in a fresh set of board modules (the
    modules split over two processes, one per core)."""
    modules = _modules()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORT_EACH_ALONE, *modules[half::2]],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for half in (0, 1)
    ]
    failures = [process.communicate()[0].strip() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert failures == ["", ""]


def test_capability_packages_import_nothing_in_their_init():
    for name in CAPABILITIES:
        tree = ast.parse((BOARD / name / "__init__.py").read_text())
        imports = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert imports == [], name


def test_every_page_of_a_coalition_states_its_rule(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/c/<slug>"):
            view = app.view_functions[rule.endpoint]
            if rule.endpoint != "calendar.coalition_feed":  # its token is its key
                assert getattr(view, "need", None), rule.endpoint


def test_views_neither_commit_nor_roll_back_nor_query_models():
    for path in BOARD.glob("*/views.py"):
        text = path.read_text()
        for forbidden in ("db.session", "rollback(", "commit(", "select(", "abort(403)"):
            assert forbidden not in text, f"{path.relative_to(ROOT)}: {forbidden}"


def test_no_module_of_board_reaches_500_lines():
    sizes = {
        path.relative_to(ROOT): len(path.read_text().splitlines()) for path in BOARD.rglob("*.py")
    }
    assert max(sizes.values()) < 500, max(sizes.items(), key=lambda item: item[1])


def test_the_browser_listens_for_exactly_the_events_the_server_sends():
    script = (ROOT / "static/js/app.js").read_text()
    listened = set(re.findall(r'addEventListener\("([a-z]+(?:-[a-z]+)+|announce)"', script))
    assert listened == set(CLIENT_EVENTS)
