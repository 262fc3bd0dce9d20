"""One Switchboard per person: a second launch brings the first to the front and leaves, so two copies
never overwrite each other's settings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from app.ui.single_instance import LOCK_NAME, SingleInstance


def test_a_second_copy_asks_the_first_to_show_itself(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    first.listen()
    second = SingleInstance(tmp_path)
    assert first.first and not second.first
    with qtbot.waitSignal(first.sig_show, timeout=3000):
        assert second.ask_first_to_show()
    first.release()
    third = SingleInstance(tmp_path)
    assert third.first  # once the first has closed, the next launch runs
    third.release()


def test_another_settings_folder_is_another_person(qtbot, tmp_path):
    mine, theirs = SingleInstance(tmp_path / "a"), SingleInstance(tmp_path / "b")
    assert mine.first and theirs.first
    mine.release()
    theirs.release()


def test_the_lock_of_a_copy_that_died_is_taken_over(qtbot, tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from PySide6.QtCore import QCoreApplication;"
            "app = QCoreApplication([]); from app.ui.single_instance import SingleInstance;"
            f"s = SingleInstance(Path({str(tmp_path)!r})); print('held' if s.first else 'not', flush=True);"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert (tmp_path / LOCK_NAME).exists()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    again = SingleInstance(tmp_path)
    assert again.first
    again.release()


def test_launching_the_app_twice_keeps_one_window(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SWITCHBOARD_CONFIG_DIR": str(tmp_path / "config"),
        "SWITCHBOARD_NO_KEYRING": "1",
        "SWITCHBOARD_NO_SYNC": "1",
    }
    first = subprocess.Popen([sys.executable, "-m", "app"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (tmp_path / "config" / LOCK_NAME).exists():
            assert first.poll() is None and time.monotonic() < deadline, "the first copy did not start"
            time.sleep(0.1)
        second = subprocess.run(
            [sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 0
        assert "Switchboard is already open: its window was brought to the front." in second.stderr
        assert first.poll() is None  # the first goes on
    finally:
        first.terminate()
        first.wait(30)


def test_the_first_window_comes_back_from_the_taskbar(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from app.ui.app import bring_to_front

    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    assert window.isVisible() and not window.isMinimized()
