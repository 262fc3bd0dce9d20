"""Gathers the benchmarks' JSON outcomes into bench/RESULTS.md, with the machine they ran on.

The hand-written analysis between the ``analysis`` markers of an existing RESULTS.md
is kept, so that running the benchmarks again refreshes the figures without losing it.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

if not __package__:  # run as ``python bench/_report.py``
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import REPO, Figure, format_value

BENCHES = (
    ("startup", "1. Start-up", "bench/startup.py"),
    ("load_all", "2. Load all pages", "bench/load_all.py"),
    ("responsiveness", "3. Responsiveness", "bench/responsiveness.py"),
    ("large_table", "4. Large table", "bench/large_table.py"),
    ("record_index", "5. Record index", "bench/record_index.py"),
    ("record_sync", "6. Background sync", "bench/record_sync.py"),
)
ANALYSIS_START = "<!-- analysis:start -->"
ANALYSIS_END = "<!-- analysis:end -->"
NO_ANALYSIS = "_Not written yet: read the figures and notes above, then write what they mean here._"


def machine(load_before: str) -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    packages = ", ".join(f"{name} {_version(name)}" for name in ("PySide6-Essentials", "qasync", "httpx"))
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if _git("status", "--porcelain", "--", "app") else ""
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    return [
        f"- Date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc {_nproc()}), {memory_kb / 1e6:.0f} GB memory",
        f"- {platform.system()} {platform.release()}; Python {platform.python_version()}; {packages}",
        f"- Qt platform: offscreen; app at commit {commit}{dirty}",
        f"- Load average (1, 5, 15 min) before the run: {load_before}; after: {' '.join(load_after)}. "
        "Other work on this machine shares its cores; the responsiveness notes say how much of each "
        "stall the GUI thread spent computing.",
    ]


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _git(*arguments: str) -> str:
    done = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _nproc() -> str:
    return subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip() or "?"


def verdict(figure: Figure) -> str:
    return {None: "", True: "met", False: "**missed**"}[figure.met]


def target_text(figure: Figure) -> str:
    return "" if figure.target is None else f"≤ {format_value(figure.target, figure.unit)}"


def render(results: Path, load_before: str, previous: str) -> str:
    outcomes = {}
    for name, _, _ in BENCHES:
        path = results / f"{name}.json"
        if path.exists():
            outcomes[name] = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run_all` (see [README.md](README.md) for what each benchmark measures and how).",
        "Every ratio is measured within one run; targets are the issue's upper limits.",
        "",
        "## Machine",
        "",
        *machine(load_before),
        "",
        "## Summary",
        "",
        "| Benchmark | Figure | Measured | Target | |",
        "|---|---|---|---|---|",
    ]
    for name, title, _ in BENCHES:
        if name not in outcomes:
            lines.append(f"| {title} | did not run (see the section below) | | | **missed** |")
            continue
        for raw in outcomes[name]["figures"]:
            figure = Figure(**raw)
            if figure.target is not None:
                measured = format_value(figure.value, figure.unit)
                lines.append(
                    f"| {title} | {figure.name} | {measured} | {target_text(figure)} | {verdict(figure)} |"
                )
    for name, title, script in BENCHES:
        lines += ["", f"## {title}", "", f"`{script}`", ""]
        if name not in outcomes:
            error = results / f"{name}.err"
            tail = error.read_text(encoding="utf-8")[-2000:] if error.exists() else "no output"
            lines += ["It did not finish:", "", "```", tail.rstrip(), "```"]
            continue
        lines += ["| Figure | Measured | Target | | Detail |", "|---|---|---|---|---|"]
        for raw in outcomes[name]["figures"]:
            figure = Figure(**raw)
            measured = format_value(figure.value, figure.unit)
            detail = figure.detail.replace("|", "\\|")
            lines.append(
                f"| {figure.name} | {measured} | {target_text(figure)} | {verdict(figure)} | {detail} |"
            )
        notes = outcomes[name]["notes"]
        if notes:
            lines += ["", *[note if note.startswith(("```", "- ")) else f"{note}  " for note in notes]]
    lines += ["", "## Analysis", "", ANALYSIS_START, previous_analysis(previous), ANALYSIS_END, ""]
    return "\n".join(lines)


def previous_analysis(text: str) -> str:
    if ANALYSIS_START in text and ANALYSIS_END in text:
        return text.split(ANALYSIS_START, 1)[1].split(ANALYSIS_END, 1)[0].strip("\n")
    return NO_ANALYSIS


def main(argv: list[str]) -> int:
    results, target, load_before = Path(argv[0]), Path(argv[1]), argv[2]
    previous = target.read_text(encoding="utf-8") if target.exists() else ""
    target.write_text(render(results, load_before, previous), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
