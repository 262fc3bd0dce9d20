"""Start-up: from process start to the main window's first painted frame, against a bare QMainWindow.

Both are started the same way, alternately, by this interpreter: ``python -c <script>``
in a fresh process, offscreen, with settings in a throw-away directory and the keyring
off.  The clock is CLOCK_MONOTONIC, which parent and child share on Linux: the parent
reads it just before starting the child, the child reads it when its window's first
frame is complete.

"First frame complete": the window's first paint event posts a zero-delay timer; the
timer fires once that paint pass, every child widget included, has finished.

The app is started through ``app.__main__.main`` exactly as ``python -m app`` does;
the only change is a wrapper around ``MainWindow.show`` that watches the window (and
records when its constructor started, to split imports from building the window).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as ``python bench/startup.py``: bench/ is on sys.path, the repository is not
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import REPO, Figure, Outcome, arguments, isolate_environment

TARGET_RATIO = 1.3

# Shared by both children: report a JSON line once the watched window's first frame is complete.
_WATCH = """
import json, sys, time
STARTED = time.monotonic()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

MARKS = {"script": STARTED}

class FirstFrame(QObject):
    def __init__(self, window, facts, finish):
        super().__init__(window)
        self._window, self._facts, self._finish, self._seen = window, facts, finish, False
        window.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._done)
        return False

    def _done(self):
        MARKS["painted"] = time.monotonic()
        facts = self._facts()
        facts["widgets"] = len(self._window.findChildren(QWidget))
        profile = globals().get("PROFILE")
        if profile is not None:
            import io, pstats
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats("cumulative").print_stats(r"/app/", 25)
            facts["profile"] = out.getvalue()
            out = io.StringIO()
            stats.stream = out
            stats.sort_stats("tottime").print_stats(12)
            facts["own_time"] = out.getvalue()
        print("FIRST-FRAME " + json.dumps({"marks": MARKS, "facts": facts}), flush=True)
        self._finish(self._window)
"""

BARE_SCRIPT = (
    _WATCH
    + """
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 760)  # the size the app opens at on a first start
MARKS["show"] = time.monotonic()
FirstFrame(window, dict, lambda w: app.quit())
window.show()
app.exec()
"""
)

APP_SCRIPT = (
    _WATCH
    + """
import app.ui.main_window as main_window_module

WATCHED = ("httpx", "starlette", "uvicorn", "keyring", "qasync", "app.sandbox.registry")

def facts_of(window):
    def facts():
        prefixes = ("app.sandbox.", "app.vendors.")
        loaded = sorted(m for m in sys.modules if m in WATCHED or m.startswith(prefixes))
        sandbox = getattr(getattr(window.workspace, "in_process", None), "_sandbox", None)
        return {"modules": loaded, "sandbox_built": sandbox is not None}
    return facts

original_init = main_window_module.MainWindow.__init__
original_show = main_window_module.MainWindow.show

def init(self, *args, **kwargs):
    MARKS["window"] = time.monotonic()
    original_init(self, *args, **kwargs)

def show(self):
    MARKS["show"] = time.monotonic()
    FirstFrame(self, facts_of(self), lambda w: w.close())  # the app's own shutdown path
    original_show(self)

main_window_module.MainWindow.__init__ = init
main_window_module.MainWindow.show = show
from app.__main__ import main
sys.exit(main([]))
"""
)

# The app run once more under cProfile when it misses its target, to say where the time goes.
PROFILED_APP_SCRIPT = "import cProfile\nPROFILE = cProfile.Profile()\nPROFILE.enable()\n" + APP_SCRIPT


def run_child(script: str, config_root: Path, run: int) -> dict:
    """Start one child and return its marks (seconds from the parent's start) and facts."""
    env = dict(os.environ)
    # A fresh settings directory per run: every start is a first start (no saved geometry).
    config = config_root / f"run-{run}"
    config.mkdir()
    env["SWITCHBOARD_CONFIG_DIR"] = str(config)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("FIRST-FRAME ")), None)
    if line is None:
        raise RuntimeError(f"the child never painted (exit {done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(line.removeprefix("FIRST-FRAME "))
    marks = {name: moment - started for name, moment in report["marks"].items()}
    return {"marks": marks, "facts": report["facts"]}


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured starts of each (median taken)")
    options = parser.parse_args(argv)
    config_root = isolate_environment()
    outcome = Outcome("startup", "Start-up to the first painted frame")
    # One start of each, not counted: the first start of a session also pays for cold disk caches.
    run_child(BARE_SCRIPT, config_root, -1)
    run_child(APP_SCRIPT, config_root, -2)
    bare: list[dict] = []
    app: list[dict] = []
    for run in range(options.runs):  # alternated, so machine noise falls on both alike
        bare.append(run_child(BARE_SCRIPT, config_root, 2 * run))
        app.append(run_child(APP_SCRIPT, config_root, 2 * run + 1))
    bare_ms = statistics.median(r["marks"]["painted"] for r in bare) * 1000
    app_ms = statistics.median(r["marks"]["painted"] for r in app) * 1000
    outcome.add(Figure("bare QMainWindow, first frame", bare_ms, "ms", detail=f"median of {options.runs}"))
    outcome.add(
        Figure("Switchboard main window, first frame", app_ms, "ms", detail=f"median of {options.runs}")
    )
    outcome.add(Figure("start-up ratio (app / bare)", app_ms / bare_ms, "x", TARGET_RATIO))

    def phase(runs: list[dict], start: str, end: str) -> float:
        return statistics.median(r["marks"][end] - r["marks"].get(start, 0.0) for r in runs) * 1000

    outcome.note(
        "Where the app's time goes (medians, ms): "
        f"interpreter start {phase(app, 'process', 'script'):.0f}; "
        f"imports, QApplication, settings, workspace {phase(app, 'script', 'window'):.0f}; "
        f"building MainWindow {phase(app, 'window', 'show'):.0f}; "
        f"show → first frame {phase(app, 'show', 'painted'):.0f}.  "
        f"Bare window: interpreter {phase(bare, 'process', 'script'):.0f}, "
        f"imports and window {phase(bare, 'script', 'show'):.0f}, "
        f"show → first frame {phase(bare, 'show', 'painted'):.0f}."
    )
    facts, bare_widgets = app[-1]["facts"], bare[-1]["facts"]["widgets"]
    outcome.note(
        f"Before the first frame: {facts['widgets']} widgets built (bare window: {bare_widgets}); "
        f"sandbox simulators built: {'yes' if facts['sandbox_built'] else 'no'}; "
        f"modules already imported: {', '.join(facts['modules']) or 'none of those watched'}."
    )
    if app_ms / bare_ms > TARGET_RATIO:
        profiled = run_child(PROFILED_APP_SCRIPT, config_root, 10_000)
        outcome.note("cProfile of one app start, until the first frame (app/ functions, by cumulative time):")
        outcome.note("```\n" + _trim_profile(profiled["facts"]["profile"]) + "\n```")
        outcome.note("The same start, functions by their own time (Qt's C++ calls included):")
        outcome.note("```\n" + _trim_profile(profiled["facts"]["own_time"]) + "\n```")
    outcome.write(options.json)
    return 0


def _trim_profile(text: str) -> str:
    """The table only, with the repository's path shortened, so it reads in RESULTS.md."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(line.replace(str(REPO) + "/", "") for line in lines[start:] if line.strip())


if __name__ == "__main__":
    sys.exit(main())
