"""Start-up: from process start to the main window's first painted frame, against a bare QMainWindow.

Both are started the same way, alternately, by this interpreter: ``python -c <script>``
in a fresh process, offscreen, with settings in a throw-away directory and the keyring
off.  The clock is CLOCK_MONOTONIC, which parent and child share on Linux: the parent
reads it just before starting the child, the child reads it when its window's first
frame is complete.

"First frame complete": the window's first paint event posts a zero-delay timer; the
timer fires once that paint pass, every child widget included, has finished.

The app is started through ``app.__main__.main`` exactly as ``python -m app`` does;
the only change is wrappers around ``MainWindow.__init__``, ``show`` and ``attach``
that watch the window.  The app paints its shell first (menus, the quick lookup
field, the vendors' tabs, the front one saying it is opening) and builds the vendor
tabs after that frame, so a second figure says when the front tab is built and
painted: the moment a person can use it.
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
FACTS = {}

class FirstFrame(QObject):
    \"\"\"Calls ``done`` once ``widget``'s first paint pass is complete.\"\"\"

    def __init__(self, widget, done):
        super().__init__(widget)
        self._widget, self._done, self._seen = widget, done, False
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, lambda: self._done(self._widget))
        return False

def report(window):
    \"\"\"Print the marks and facts as one JSON line (with a cProfile of the start when one runs).\"\"\"
    FACTS["widgets"] = FACTS.get("widgets", len(window.findChildren(QWidget)))
    profile = globals().get("PROFILE")
    if profile is not None:
        import io, pstats
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(r"/app/", 25)
        FACTS["profile"] = out.getvalue()
        out = io.StringIO()
        stats.stream = out
        stats.sort_stats("tottime").print_stats(12)
        FACTS["own_time"] = out.getvalue()
    print("FIRST-FRAME " + json.dumps({"marks": MARKS, "facts": FACTS}), flush=True)
"""

BARE_SCRIPT = (
    _WATCH
    + """
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1180, 760)  # the size the app opens at on a first start
MARKS["show"] = time.monotonic()

def painted(widget):
    MARKS["painted"] = time.monotonic()
    report(window)
    app.quit()

FirstFrame(window, painted)
window.show()
app.exec()
"""
)

APP_SCRIPT = (
    _WATCH
    + """
import app.ui.main_window as main_window_module

WATCHED = ("httpx", "starlette", "uvicorn", "keyring", "qasync", "asyncio", "app.sandbox.registry")

def note_what_is_loaded(window):
    prefixes = ("app.sandbox.", "app.vendors.")
    FACTS["modules"] = sorted(m for m in sys.modules if m in WATCHED or m.startswith(prefixes))
    FACTS["widgets"] = len(window.findChildren(QWidget))

def first_frame(window):
    MARKS["painted"] = time.monotonic()
    note_what_is_loaded(window)

def tab_painted(tab):
    MARKS["usable"] = time.monotonic()
    window = tab.window()
    sandbox = getattr(getattr(window.workspace, "in_process", None), "_sandbox", None)
    FACTS["sandbox_built"] = sandbox is not None
    report(window)
    window.close()  # the app's own shutdown path

original_init = main_window_module.MainWindow.__init__
original_show = main_window_module.MainWindow.show
original_attach = main_window_module.MainWindow.attach

def init(self, *args, **kwargs):
    MARKS["window"] = time.monotonic()
    original_init(self, *args, **kwargs)

def show(self):
    MARKS["show"] = time.monotonic()
    FirstFrame(self, first_frame)
    original_show(self)

def attach(self, *args, **kwargs):
    MARKS["attach"] = time.monotonic()
    original_attach(self, *args, **kwargs)
    FirstFrame(self.tabs.currentWidget(), tab_painted)

main_window_module.MainWindow.__init__ = init
main_window_module.MainWindow.show = show
main_window_module.MainWindow.attach = attach
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
    usable_ms = statistics.median(r["marks"]["usable"] for r in app) * 1000
    outcome.add(
        Figure(
            "Switchboard's front tab built and painted (ready to use)",
            usable_ms,
            "ms",
            detail=f"median of {options.runs}; {usable_ms / bare_ms:.2f}x the bare window's first frame",
        )
    )

    def phase(runs: list[dict], start: str, end: str) -> float:
        return statistics.median(r["marks"][end] - r["marks"].get(start, 0.0) for r in runs) * 1000

    outcome.note(
        "Where the app's time goes (medians, ms): "
        f"interpreter start {phase(app, 'process', 'script'):.0f}; "
        f"imports, QApplication, settings {phase(app, 'script', 'window'):.0f}; "
        f"building the window's shell {phase(app, 'window', 'show'):.0f}; "
        f"show → first frame {phase(app, 'show', 'painted'):.0f}; "
        f"then asyncio, qasync, httpx, the log, the workspace {phase(app, 'painted', 'attach'):.0f}; "
        f"building the front tab → painted {phase(app, 'attach', 'usable'):.0f}.  "
        f"Bare window: interpreter {phase(bare, 'process', 'script'):.0f}, "
        f"imports and window {phase(bare, 'script', 'show'):.0f}, "
        f"show → first frame {phase(bare, 'show', 'painted'):.0f}."
    )
    facts, bare_widgets = app[-1]["facts"], bare[-1]["facts"]["widgets"]
    outcome.note(
        f"In the first frame: {facts['widgets']} widgets (bare window: {bare_widgets}); "
        f"modules already imported: {', '.join(facts['modules']) or 'none of those watched'}.  "
        f"Sandbox simulators built by the time the front tab is ready: "
        f"{'yes' if facts['sandbox_built'] else 'no'}."
    )
    if app_ms / bare_ms > TARGET_RATIO:
        profiled = run_child(PROFILED_APP_SCRIPT, config_root, 10_000)
        outcome.note(
            "cProfile of one app start, until the front tab is painted (app/ functions, by cumulative time):"
        )
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
