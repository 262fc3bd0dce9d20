"""``python -m app --smoke`` (and ``Switchboard --smoke``): the self-check IT runs after installing.

It starts Qt offscreen, checks that the build carries what the app loads (style
sheet, icons, keyring backends, TLS certificates, a valid organisation profile
if one is installed), builds the main window, and makes one harmless call per
vendor against the built-in sandbox with its public demo credentials (the read its
catalog declares as ``smoke_read``, or else a sign-in).  One line
per check, ``ok`` or ``FAIL``; the exit code is 0 only when every check passed.

It never touches the system keychain, never writes settings and never reaches
the network: the sandbox runs in-process.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app import APP_NAME, __version__, vendors
from app.services.settings import Settings

if TYPE_CHECKING:
    from app.contract.vendor import HarmlessRead, VendorDefinition

# The platform's own keyring backend and what it imports, so a build missing them fails here
# rather than on a user's first "Save" (keyring would silently fall back to no backend at all).
_PLATFORM_KEYRING = {
    "win32": ("Windows", "win32ctypes.pywin32.win32cred"),
    "darwin": ("macOS", "keyring.backends.macOS.api"),
    "linux": ("SecretService", "secretstorage"),
}
CALL_TIMEOUT_S = 30.0


class Report:
    """Prints one line per check and remembers whether any failed."""

    def __init__(self, out: TextIO | None) -> None:
        self._out = out
        self.checks = 0
        self.failures = 0

    def line(self, ok: bool, text: str) -> None:
        self.checks += 1
        self.failures += not ok
        if self._out is not None:  # a windowed Windows build started without a console
            print(f"{'ok' if ok else 'FAIL':<5}{text}", file=self._out, flush=True)

    def check(self, name: str, run: Callable[[], str]) -> None:
        try:
            self.line(True, run())
        except Exception as exc:
            self.line(False, f"{name}: {_sentence(exc)}")

    async def check_async(self, name: str, run: Callable[[], Awaitable[str]]) -> None:
        try:
            self.line(True, await asyncio.wait_for(run(), CALL_TIMEOUT_S))
        except Exception as exc:
            self.line(False, f"{name}: {_sentence(exc)}")


def main(argv: list[str] | None = None) -> int:
    # Before the QApplication exists: the self-check needs no screen (an explicit choice wins).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _borrow_console()
    report = Report(sys.stdout)
    report.check("version", check_version)
    report.check("resources", check_resources)
    report.check("keyring backends", check_keyring_backends)
    report.check("TLS certificates", check_tls)
    report.check("organisation profile", check_profile)

    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(_gui_checks(report))
    verdict = "passed" if not report.failures else f"FAILED ({report.failures} failed)"
    if sys.stdout is not None:
        print(f"{report.checks} checks {verdict}", flush=True)
    return 0 if not report.failures else 1


# --- checks without Qt ---------------------------------------------------------------------------


def check_version() -> str:
    import PySide6

    where = "frozen build" if getattr(sys, "frozen", False) else "from source"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{APP_NAME} {__version__} ({where}, Python {python}, PySide6 {PySide6.__version__})"


def check_resources() -> str:
    from app.ui.resources import resources_dir

    folder = resources_dir()
    style = folder / "style.qss"
    if not style.is_file() or not style.read_text(encoding="utf-8").strip():
        raise FileNotFoundError(f"no style sheet at {style}")
    icons = sorted(p.name for p in (folder / "icons").glob("*.svg"))
    if "switchboard.svg" not in icons:
        raise FileNotFoundError(f"no app icon in {folder / 'icons'}")
    return f"resources found in {folder} (style sheet, {len(icons)} icons)"


def check_keyring_backends() -> str:
    """Backends are found as entry points (package metadata): load them without using any."""
    import importlib

    from keyring.compat.py312 import metadata

    found = {ep.name: ep for ep in metadata.entry_points(group="keyring.backends")}
    missing = [name for name in ("Windows", "macOS", "SecretService") if name not in found]
    if missing:
        raise LookupError(f"keyring backends not found: {', '.join(missing)} (keyring metadata missing?)")
    for name in ("Windows", "macOS", "SecretService"):
        found[name].load()
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    native = _PLATFORM_KEYRING.get(platform)
    if native is not None:
        importlib.import_module(native[1])
    names = ", ".join(sorted(found, key=str.lower))
    suffix = f"; {native[0]} usable here" if native else ""
    return f"keyring backends found: {names}{suffix}"


def check_tls() -> str:
    import certifi
    import httpx

    httpx.create_ssl_context()  # raises when the certificate bundle is missing from the build
    return f"TLS certificates found ({Path(certifi.where()).name})"


def check_profile() -> str:
    from app.services.profile import find_profile, load_profile, profile_locations

    path = find_profile()
    if path is None:
        places = ", ".join(str(p) for p in profile_locations())
        return f"no organisation profile installed (looked in {places})"
    try:
        profile = load_profile(path)
    except ValueError as exc:
        problems = "; ".join(p.rstrip(".") for p in getattr(exc, "problems", [str(exc)]))
        raise ValueError(f"{path} is invalid and would be ignored: {problems}") from None
    return f"organisation profile valid: {profile.describe()} ({path})"


# --- checks with Qt and the sandbox ----------------------------------------------------------------


async def _gui_checks(report: Report) -> None:
    from app.core.activity import ActivityLog
    from app.core.credentials import CredentialStore
    from app.services.workspace import Workspace

    report.check("SVG icons", check_svg_icon)
    # SWITCHBOARD_NO_KEYRING semantics, and no SWITCHBOARD_<VENDOR>_<FIELD> either: demo credentials only.
    workspace = Workspace(
        # Built-in defaults (every vendor on its sandbox), never read or saved: the user's stay as they are.
        Settings(stored=False),
        CredentialStore(environ={"SWITCHBOARD_NO_KEYRING": "1"}),
        activity=ActivityLog(path=None),  # a self-check leaves no history behind
    )
    window = None

    def build_window() -> str:
        nonlocal window
        from PySide6.QtWidgets import QApplication

        from app.ui.main_window import MainWindow
        from app.ui.resources import style_sheet

        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(style_sheet())  # so a broken style sheet shows up here, as in the app
        window = MainWindow(workspace)
        # Painting it offscreen runs the style sheet and every tab's layout, as showing it would.
        if window.grab().isNull():
            raise RuntimeError("the main window could not be painted")
        return f"main window built ({window.tabs.count()} tabs)"

    report.check("main window", build_window)

    def start_sandbox() -> str:
        started = time.perf_counter()
        simulators = workspace.in_process.sandbox.simulators
        return f"sandbox started ({len(simulators)} simulators, {_ms(started)})"

    report.check("sandbox", start_sandbox)
    for entry in vendors.available():
        await report.check_async(entry.id, partial(vendor_call, workspace, entry.id))

    async def close() -> str:
        if window is not None:
            for tab in window.vendor_tabs.values():
                tab.shutdown()
            window.deleteLater()
        await workspace.aclose()
        return "sessions ended and connections closed"

    await report.check_async("shutdown", close)


def check_svg_icon() -> str:
    from app.ui.resources import icon

    pixmap = icon("switchboard").pixmap(64, 64)
    if pixmap.isNull():
        raise RuntimeError("the app icon did not render: Qt's SVG plugins are missing from this build")
    return "SVG icons render"


async def vendor_call(workspace: Any, vendor_id: str) -> str:
    """One harmless call to ``vendor_id``'s sandbox; a sentence saying what ran and how long it took."""
    service = workspace.service(vendor_id, "sandbox")
    if not service.uses_demo_credentials:
        raise RuntimeError("the sandbox's demo credentials are not in use")
    read = smoke_read(service.definition)
    started = time.perf_counter()
    if read is None:
        await service.sign_in()
        return f"{vendor_id} sign-in ({_ms(started)})"
    result = await service.run(read.operation, read.values)
    return f"{vendor_id} {read.operation} ({_ms(started)}, HTTP {result.status})"


def smoke_read(definition: VendorDefinition) -> HarmlessRead | None:
    """The vendor's declared harmless read, if its catalog still has that operation and fields; else
    None, and the vendor is checked by signing in instead: a stale declaration never breaks the
    self-check (tests/packaging holds every declaration to its catalog)."""
    read = definition.smoke_read
    if read is None:
        return None
    try:
        operation = definition.operation(read.operation)
    except KeyError:
        return None
    if not set(read.values) <= {f.name for f in operation.fields}:
        return None
    return read


def _borrow_console() -> None:
    """A windowed Windows build has no stdout: write to the console it was started from, if any."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 (for the run)
        sys.stderr = sys.stdout


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"


def _sentence(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {CALL_TIMEOUT_S:.0f} s"
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 400 else text[:400] + "…"


if __name__ == "__main__":
    sys.exit(main())
