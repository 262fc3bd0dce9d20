"""Crash safety: an unhandled exception in any slot shows a copyable, redacted report and the app goes on.

Also the log file: under the platform's log directory (or SWITCHBOARD_LOG_DIR),
rotated, and every record redacted — a log is pasted into tickets as freely as a
crash report.  Secrets never appear in assertion messages (tests/test_secret_hygiene.py):
a failure names where a secret was found, not the secret.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from app.core import logs
from app.core.logs import LOG_FILE_NAME, SwitchboardLogHandler, log_dir, redact, secrets_of, setup_logging
from app.sandbox.demo import demo_credentials
from app.sandbox.registry import build_sandbox
from app.ui.crash_dialog import CrashDialog, CrashHandler, crash_report, install_crash_handler
from tests.ui.helpers import click, click_run, close_window, open_window, type_into, wait_for_outcome

NOISY = ("httpx", "httpcore", "hpack", "asyncio", "qasync", "keyring")
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjcmFzaCJ9.c2lnbmF0dXJlLWNyYXNo"
PASSWORD = "hunter2-crash-Pa55"


def assert_clean(text: str, where: str, secrets: list[str]) -> None:
    for secret in secrets:
        if secret in text:
            pytest.fail(f"a secret or token is in the {where}")


def fail_with_secrets() -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "X-AUTH-TOKEN": PASSWORD}
    raise RuntimeError(f"request failed with headers {headers} and body {{'password': '{PASSWORD}'}}")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's log set up in a temporary directory; the root logger is left as it was found."""
    root = logging.getLogger()
    level = root.level
    noisy = {name: logging.getLogger(name).level for name in NOISY}
    path = setup_logging("INFO", tmp_path / "logs")
    assert path is not None
    yield path
    for handler in [h for h in root.handlers if isinstance(h, SwitchboardLogHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    for name, old in noisy.items():
        logging.getLogger(name).setLevel(old)
    logs.set_secret_source(None)


@pytest.fixture
def crash_handler(monkeypatch) -> Iterator[None]:
    """sys.excepthook is put back after the test (pytest-qt's own capture is off for these tests)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    logs.set_secret_source(None)


# --- the report ---------------------------------------------------------------------------------------------


def test_the_report_has_the_traceback_with_secrets_and_tokens_redacted():
    try:
        fail_with_secrets()
    except RuntimeError as exc:
        report = crash_report(type(exc), exc, exc.__traceback__, secrets=[])
    assert "Traceback (most recent call last)" in report
    assert "RuntimeError" in report and "fail_with_secrets" in report
    assert "[redacted]" in report
    assert_clean(report, "crash report", [TOKEN, PASSWORD])


def test_values_the_app_holds_are_redacted_wherever_they_appear():
    held = "plain-looking-key-4711"
    try:
        raise ValueError(f"unexpected answer for key {held} at /client/get")
    except ValueError as exc:
        report = crash_report(type(exc), exc, exc.__traceback__, secrets=[held])
    assert "ValueError" in report and "/client/get" in report
    assert_clean(report, "crash report", [held])


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer abc.def-123456",
        "?expires=1700000000&sig=0123456789abcdef",
        '{"Token": "tok-123456789", "ValidityInMinutes": 5}',
        "KeyError in headers={'x-api-key': 'k-123456789'}",
        "login(username='bob', password='hunter2-crash-Pa55')",
        "api_key=k-123456789 was refused",
        "ocp-apim-subscription-key: k-123456789",
    ],
)
def test_redaction_patterns(text: str):
    cleaned = redact(text)
    assert "[redacted]" in cleaned
    assert_clean(
        cleaned, "redacted text", ["abc.def-123456", "0123456789abcdef", "tok-123456789", "k-123456789"]
    )
    assert_clean(cleaned, "redacted text", [PASSWORD])


def test_ordinary_text_is_left_alone():
    for text in ("Token expired. Please re-authenticate.", "PGi could not be reached (no answer).", ""):
        assert redact(text) == text


# --- the dialog in the running app ----------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_shows_the_dialog_and_the_app_keeps_running(
    qt_loop, qtbot, crash_handler, log_file
):
    sandbox = build_sandbox(["pgi"])
    main = open_window(sandbox)
    workspace = main.workspace
    handler = install_crash_handler(main, lambda: secrets_of(workspace))
    assert sys.excepthook is handler
    demo_key = demo_credentials("pgi")["api_key"]

    broken = QPushButton("Broken", main)  # any slot of the app: this one leaks the demo key as it fails

    def on_click() -> None:
        raise RuntimeError(f"slot failed while using key {demo_key}")

    broken.clicked.connect(on_click)
    broken.show()
    click(qtbot, broken)

    qtbot.waitUntil(lambda: handler.dialog is not None and handler.dialog.isVisible(), timeout=3000)
    dialog = handler.dialog
    assert isinstance(dialog, CrashDialog)
    assert not dialog.isModal(), "non-modal: the window behind stays usable"
    assert dialog.report.isReadOnly()
    report = dialog.report_text()
    assert "RuntimeError" in report and "on_click" in report
    assert_clean(report, "crash dialog", [demo_key])

    # Copy report: the clipboard holds exactly the (redacted) report.
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == report

    # The app keeps running: the window still works while the dialog is open.
    panel = type_into(qtbot, main.vendor_tabs["pgi"], "client.get", {"clientId": "10863894"})
    click_run(qtbot, panel)
    wait_for_outcome(qtbot, panel, "Found PGi client 10863894")

    # A second failure, from a coroutine this time, joins the open dialog instead of opening another.
    async def failing_task() -> None:
        raise KeyError(f"no such record for token {TOKEN}")

    main.tasks.start(failing_task())
    qtbot.waitUntil(lambda: dialog.count == 2, timeout=3000)
    assert "KeyError" in dialog.report_text()
    assert_clean(dialog.report_text(), "crash dialog", [TOKEN, demo_key])

    click(qtbot, dialog.close_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert main.isVisible()

    # Both errors are in the log file, redacted the same way.
    for handler_ in logging.getLogger().handlers:
        handler_.flush()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("Unexpected error") == 2
    assert "Traceback (most recent call last)" in text
    assert_clean(text, "log file", [demo_key, TOKEN])
    close_window(qtbot, main)


@pytest.mark.qt_no_exception_capture
def test_a_new_dialog_opens_for_an_error_after_the_last_one_was_closed(qt_loop, qtbot, crash_handler):
    handler = CrashHandler(None)
    first = handler.show("first report")
    first.close_button.click()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=3000)
    second = handler.show("second report")
    assert second.isVisible() and second.count == 1
    assert second.report_text() == "second report"
    second.close()


def test_the_handler_never_raises_even_when_reporting_fails(crash_handler, monkeypatch, capsys):
    handler = CrashHandler(None)
    monkeypatch.setattr(handler, "show", lambda report: (_ for _ in ()).throw(RuntimeError("no display")))
    try:
        raise ValueError("original problem")
    except ValueError as exc:
        handler(type(exc), exc, exc.__traceback__)  # falls back to Python's own printout
    assert "original problem" in capsys.readouterr().err


def test_keyboard_interrupt_is_not_reported_as_a_crash(crash_handler, capsys):
    handler = CrashHandler(None)
    handler(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert handler.dialog is None


# --- the log file ---------------------------------------------------------------------------------------


def test_every_record_is_redacted_in_the_log_file(log_file):
    log = logging.getLogger("app.test")
    logs.set_secret_source(lambda: ["held-secret-98765"])
    log.info("sending headers %s", {"Authorization": f"Bearer {TOKEN}"})
    log.warning('{"password": "%s", "user": "bob"}', PASSWORD)
    log.info("the key held-secret-98765 was refused")
    try:
        fail_with_secrets()
    except RuntimeError:
        log.exception("while sending")
    logging.getLogger("httpx").warning("GET https://x.example/files/1?sig=abcdef0123456789 failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "sending headers" in text and "while sending" in text and "bob" in text
    assert text.count("[redacted]") >= 5
    assert_clean(text, "log file", [TOKEN, PASSWORD, "held-secret-98765", "abcdef0123456789"])


def test_the_log_rotates(tmp_path):
    directory = tmp_path / "logs"
    root = logging.getLogger()
    path = setup_logging("INFO", directory, max_bytes=2_000, backup_count=2)
    try:
        for n in range(200):
            logging.getLogger("app.test").info("line %d of a long day's work", n)
    finally:
        for handler in [h for h in root.handlers if isinstance(h, SwitchboardLogHandler)]:
            root.removeHandler(handler)
            handler.close()
    names = sorted(p.name for p in directory.iterdir())
    assert names == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    assert all(p.stat().st_size <= 2_200 for p in directory.iterdir())
    assert path == directory / LOG_FILE_NAME
    assert "line 199" in path.read_text(encoding="utf-8")


def test_setting_up_twice_keeps_one_file_handler(log_file):
    setup_logging("DEBUG", log_file.parent)
    ours = [h for h in logging.getLogger().handlers if isinstance(h, SwitchboardLogHandler)]
    assert len(ours) == 1
    assert logging.getLogger().level == logging.DEBUG


def test_the_log_lives_under_the_platforms_log_directory(monkeypatch, tmp_path):
    from platformdirs import user_log_dir

    monkeypatch.delenv("SWITCHBOARD_LOG_DIR", raising=False)
    assert log_dir() == Path(user_log_dir("Switchboard", appauthor=False))
    monkeypatch.setenv("SWITCHBOARD_LOG_DIR", str(tmp_path / "elsewhere"))
    assert log_dir() == tmp_path / "elsewhere"


def test_a_log_directory_that_cannot_be_written_does_not_stop_the_app(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    assert setup_logging("INFO", blocker / "logs") is None
    assert not any(isinstance(h, SwitchboardLogHandler) for h in logging.getLogger().handlers)


@pytest.mark.parametrize(
    ("name", "level"), [("DEBUG", 10), ("warning", 30), (40, 40), ("nonsense", 20), (None, 20)]
)
def test_log_level_setting(name, level):
    assert logs.level_of(name) == level


def test_the_settings_know_the_log_level_and_ca_bundle():
    from app.services.settings import Settings

    settings = Settings()
    assert settings.log_level == "INFO"
    assert settings.ca_bundle == ""


def test_the_report_can_be_selected_with_the_mouse_and_the_keyboard(qapp):
    dialog = CrashDialog("line one\nline two")
    flags = dialog.report.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    dialog.deleteLater()


# --- hygiene: a whole session through every vendor, logged carelessly, then searched -----------------------


@pytest.mark.anyio
async def test_no_credential_or_token_of_a_full_session_reaches_the_log_or_a_crash_report(log_file):
    """The safety net under careless code: records that name credentials and tokens outright are cleaned.

    tests/test_secret_hygiene.py shows the app writes no secret anywhere; this shows that even a log
    line or an exception that carries one is redacted before it reaches the log file or a report.
    """
    from app import vendors
    from app.contract.errors import SwitchboardError
    from tests.conftest import make_workspace
    from tests.test_secret_hygiene import CALLS

    vendor_ids = [entry.id for entry in vendors.available()]
    workspace = make_workspace(build_sandbox(vendor_ids))
    logs.set_secret_source(lambda: secrets_of(workspace))
    log = logging.getLogger("app.careless")
    logging.getLogger().setLevel(logging.DEBUG)
    needles: set[str] = set()
    reports: list[str] = []
    for vendor in vendor_ids:
        service = workspace.service(vendor)
        await service.sign_in()
        credentials = service.credentials() or {}
        needles.update(v for v in credentials.values() if len(v) > 6)
        log.debug("signed in to %s with %s", vendor, credentials)
        for operation, values in CALLS[vendor]:
            try:
                await service.run(operation, values)
            except SwitchboardError as error:
                log.info("call failed: %s", error.message)
        token = service.session.token
        if token is not None and token.value:
            needles.add(token.value)
            log.debug("session %r", token)
            try:
                raise RuntimeError(f"unexpected state for token {token.value} and key {credentials}")
            except RuntimeError as exc:
                log.exception("careless")
                reports.append(crash_report(type(exc), exc, exc.__traceback__))
        await service.sign_out()
    await workspace.aclose()

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert needles, "the session had credentials and tokens to look for"
    assert "signed in to iqreseller" in text and text.count("[redacted]") >= len(vendor_ids)
    assert_clean(text, "log file", sorted(needles))
    for report in reports:
        assert_clean(report, "crash report", sorted(needles))


# --- the app as users start it: app/ui/app.py wires the handler and the log ---------------------------------

RUN_GUI_SCRIPT = """
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import app.ui.main_window as main_window

shown = main_window.MainWindow.show


def show(self):
    shown(self)

    def broken_slot():
        raise RuntimeError("a slot failed")

    def report_and_close():
        from app.ui.crash_dialog import CrashDialog

        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
        print(f"crash dialogs shown: {len(dialogs)}", flush=True)
        print(f"window visible: {self.isVisible()}", flush=True)
        self.close()

    QTimer.singleShot(50, broken_slot)
    QTimer.singleShot(500, report_and_close)


main_window.MainWindow.show = show
from app.ui.app import run_gui

sys.exit(run_gui(["switchboard"]))
"""


def test_the_app_as_started_shows_the_dialog_logs_the_error_and_carries_on(tmp_path):
    import os
    import subprocess

    script = tmp_path / "start_and_fail.py"
    script.write_text(RUN_GUI_SCRIPT, encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    environment.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "SWITCHBOARD_CONFIG_DIR": str(tmp_path / "config"),
            "SWITCHBOARD_LOG_DIR": str(tmp_path / "logs"),
            "SWITCHBOARD_NO_KEYRING": "1",
        }
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "crash dialogs shown: 1" in result.stdout
    assert "window visible: True" in result.stdout
    log = (tmp_path / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "Unexpected error: RuntimeError" in log and "a slot failed" in log


def test_a_secret_source_that_logs_does_not_recurse(log_file):
    calls = []

    def source() -> list[str]:
        calls.append(1)
        if len(calls) > 1:  # say, the keyring logging while it is read
            logging.getLogger("app.keyring").warning("reading the keyring for secret-in-source-1")
        return ["secret-in-source-1"]

    logs.set_secret_source(source)
    logging.getLogger("app.test").warning("first use of secret-in-source-1")
    logging.getLogger("app.test").warning("second use of secret-in-source-1")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert len(calls) == 2, "the record logged while the source was read did not ask it again"
    text = log_file.read_text(encoding="utf-8")
    assert "reading the keyring for [redacted]" in text
    assert_clean(text, "log file", ["secret-in-source-1"])
