"""What every benchmark shares: the repository on sys.path, figures held against targets, memory, stats.

A benchmark prints its figures and, given ``--json PATH``, writes them there too, so
that ``bench/run_all`` can gather the four into ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Bytecode is cached as an installed app has it, but outside the repository.
PYCACHE = Path(tempfile.gettempdir()) / "switchboard-bench-pycache"
# ``python bench/x.py`` puts bench/ first on sys.path, not the repository.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@dataclass
class Figure:
    """One measured figure; ``target`` is the issue's upper limit, None when it is information only."""

    name: str
    value: float
    unit: str
    target: float | None = None
    detail: str = ""

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value <= self.target

    def line(self) -> str:
        verdict = {None: "", True: "  MET", False: "  MISSED"}[self.met]
        target = "" if self.target is None else f"  (target ≤ {format_value(self.target, self.unit)})"
        detail = f"  — {self.detail}" if self.detail else ""
        return f"{self.name}: {format_value(self.value, self.unit)}{target}{verdict}{detail}"


def format_value(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}".rstrip()


@dataclass
class Outcome:
    """A benchmark's figures, plus the observations that explain them (printed and kept in RESULTS.md)."""

    bench: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        print(figure.line(), flush=True)
        return figure

    def note(self, text: str) -> None:
        self.notes.append(text)
        print(text, flush=True)

    def write(self, path: Path | None) -> None:
        if path is not None:
            path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")


def arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", type=Path, help="also write the figures to this file (for run_all)")
    return parser


def isolate_environment() -> Path:
    """Offscreen Qt, no keyring and settings in a throw-away directory (never the user's own)."""
    # With PYTHONDONTWRITEBYTECODE (set on some development machines) every start would compile
    # the app's sources again, which an installed app never does; child processes inherit this.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    sys.dont_write_bytecode = False
    sys.pycache_prefix = str(PYCACHE)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("LANG", "C.UTF-8")
    os.environ["SWITCHBOARD_NO_KEYRING"] = "1"
    # Each benchmark measures its own work only: no background sync of the records beside it.
    os.environ["SWITCHBOARD_NO_SYNC"] = "1"
    config = Path(tempfile.mkdtemp(prefix="switchboard-bench-"))
    os.environ["SWITCHBOARD_CONFIG_DIR"] = str(config)
    return config


def rss_mb() -> float:
    """This process's resident memory, from /proc (Linux), in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (no interpolation: a figure that was actually measured)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
