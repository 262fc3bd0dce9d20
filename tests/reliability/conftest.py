"""Reliability tests: after the run, print the fault matrix's counts, the fuzz counts and the known bugs."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.reliability import report as seen
from tests.reliability.faults import FAULTS

PATH_ORDER = ["GUI", "CLI", "CLI process"]


def _outcome(test_report: pytest.TestReport) -> str:
    if hasattr(test_report, "wasxfail"):
        return "xfailed" if test_report.skipped else "failed"  # a strict XPASS fails
    return test_report.outcome


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    failed_early = report.when == "setup" and report.outcome != "passed"
    if report.when != "call" and not failed_early:
        return
    if hasattr(report, "wasxfail") and report.skipped:
        seen.KNOWN_BUGS[report.nodeid] = str(report.wasxfail)
    key = dict(report.user_properties).get("matrix")
    if key is not None and key in seen.MATRIX:
        seen.MATRIX[key].outcome = _outcome(report)


def pytest_terminal_summary(terminalreporter) -> None:
    write = terminalreporter.write_line
    if seen.MATRIX:
        _print_matrix(terminalreporter, write)
    if seen.FUZZ:
        total = sum(seen.FUZZ.values())
        terminalreporter.section("Fuzzed response handling", sep="-")
        vendors = defaultdict(lambda: [0, 0])
        for name, count in seen.FUZZ.items():
            vendor = name.split(" ", 1)[0]
            vendors[vendor][0] += 1
            vendors[vendor][1] += count
        for vendor, (operations, examples) in sorted(vendors.items()):
            write(f"  {vendor:<11} {operations:>3} operations or handlers, {examples:>6} examples")
        write(f"  total       {len(seen.FUZZ):>3} operations or handlers, {total:>6} examples")
    if seen.KNOWN_BUGS:
        terminalreporter.section("Known bugs, pinned by strict xfails", sep="-")
        for nodeid, reason in sorted(seen.KNOWN_BUGS.items()):
            write(f"  {nodeid.split('::', 1)[-1]}: {reason}")


def _print_matrix(terminalreporter, write) -> None:
    cases = list(seen.MATRIX.values())
    paths = sorted({c.path for c in cases}, key=PATH_ORDER.index)
    outcomes: dict[str, int] = defaultdict(int)
    for case in cases:
        outcomes[case.outcome] += 1
    terminalreporter.section("Fault matrix", sep="-")
    write(
        f"  {len({c.vendor for c in cases})} vendors x {len({c.fault for c in cases})} faults "
        f"over {', '.join(paths)}: {len(cases)} cases — {outcomes['passed']} as documented, "
        f"{outcomes['xfailed']} known bugs (strict xfail), {outcomes['failed']} failed, "
        f"{outcomes['not run'] + outcomes['skipped']} not run"
    )
    write(f"  {'fault':<26}" + "".join(f"{path:>13}" for path in paths) + "   times sent: idempotent | write")
    for fault, label in FAULTS.items():
        cells = []
        for path in paths:
            here = [c for c in cases if c.fault == fault and c.path == path]
            good = sum(c.outcome == "passed" for c in here)
            cells.append(f"{good}/{len(here)}" if here else "-")
        write(f"  {label:<26}" + "".join(f"{cell:>13}" for cell in cells) + f"   {_sends(cases, fault)}")
    if terminalreporter.verbosity > 0:  # -v: every case, with what the user read
        for case in sorted(cases, key=lambda c: (PATH_ORDER.index(c.path), c.fault, c.vendor, c.kind)):
            sent = f"sent {case.attempts}x" if case.attempts >= 0 else "real process"
            waits = f" waits {'+'.join(f'{w:.2f}' for w in case.waits)} s" if case.waits else ""
            write(
                f"  {case.path:<11} {case.fault:<17} {case.vendor:<10} {case.kind:<5} {case.outcome:<7} "
                f"{sent}{waits}: {case.sentence or '(success)'}"
            )


def _sends(cases: list[seen.Seen], fault: str) -> str:
    def counts(idempotent: bool) -> str:
        found = sorted({c.attempts for c in cases if c.fault == fault and c.idempotent is idempotent})
        return "/".join(str(n) for n in found if n >= 0) or "-"

    return f"{counts(True)} | {counts(False)}"
