"""Where Switchboard keeps what it writes on this computer, in words (Help › About shows them)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from app import APP_NAME, __version__
from app.core.logs import log_dir
from app.services.known_records import data_dir
from app.services.settings import config_dir

HISTORY_FILE = "activity.jsonl"  # the Activity history, in the settings folder


def folders() -> list[tuple[str, Path]]:
    """(what is there, where), in the order a support agent asks for them."""
    return [
        ("Settings", config_dir()),
        ("Logs", log_dir()),
        ("Activity history", config_dir() / HISTORY_FILE),
        ("Records kept on this computer", data_dir()),
    ]


def build() -> str:
    """Which copy this is: the version, how it runs, and what it runs on."""
    how = "installed copy" if getattr(sys, "frozen", False) else "run from source"
    return (
        f"{APP_NAME} {__version__} ({how}); Python {platform.python_version()} on {platform.system()} "
        f"{platform.release()} ({platform.machine()})"
    )
