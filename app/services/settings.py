"""Settings with no secrets in them: one JSON file under the platform's config directory.

Each option is declared once with its default.  The file carries a version
number so later releases can upgrade it step by step.  ``SWITCHBOARD_CONFIG_DIR``
moves the directory (tests, portable installs).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    title: str


OPTIONS: dict[str, Option] = {
    option.name: option
    for option in (
        Option("environment", {}, "Environment chosen per vendor"),
        Option("base_urls", {}, "Base URL per vendor, environment and host"),
        Option("timeout_s", 30.0, "Seconds to wait for a vendor to answer"),
        Option("page_size", 100, "Records per page"),
        Option("concurrency", 4, "Pages fetched at once"),
        Option("window_geometry", "", "Window position and size"),
        Option("window_state", "", "Docks and toolbars"),
        Option("splitter_state", {}, "Splitter positions per vendor tab"),
        Option("last_tab", "", "Vendor tab shown last"),
        Option("appearance", "system", "Light or dark: system (follow the computer), light or dark"),
        # Which organisation profile was applied (app/services/profile.py), so it is applied only once.
        Option("organisation_profile", {}, "Organisation profile applied: where from, its revision"),
        # A corporate proxy that re-signs TLS needs its CA trusted; verification itself is never off.
        Option(
            "ca_bundle", "", "Extra CA certificates (a PEM file) trusted for TLS, e.g. a corporate proxy's"
        ),
        Option("log_level", "INFO", "How much goes into the log file (DEBUG, INFO, WARNING, ERROR)"),
    )
}


def config_dir() -> Path:
    override = os.environ.get("SWITCHBOARD_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("Switchboard", appauthor=False))


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.json"
        self._values: dict[str, Any] = {}
        self.load_problem = ""
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            # A damaged file must not stop the app: start from defaults and say so.
            self.load_problem = f"Settings could not be read ({exc}); defaults are used."
            return
        if isinstance(data, dict):
            self._values = {k: v for k, v in data.items() if k in OPTIONS}

    def get(self, name: str) -> Any:
        option = OPTIONS[name]
        value = self._values.get(name, option.default)
        return json.loads(json.dumps(value)) if isinstance(value, dict | list) else value

    def set(self, name: str, value: Any) -> None:
        if name not in OPTIONS:
            raise KeyError(name)
        self._values[name] = value

    def environment_for(self, vendor: str, default: str) -> str:
        return self.get("environment").get(vendor, default)

    def set_environment(self, vendor: str, environment: str) -> None:
        chosen = self.get("environment")
        chosen[vendor] = environment
        self.set("environment", chosen)

    def base_url_overrides(self, vendor: str, environment: str) -> dict[str, str]:
        return dict(self.get("base_urls").get(vendor, {}).get(environment, {}))

    def set_base_url(self, vendor: str, environment: str, host: str, url: str) -> None:
        urls = self.get("base_urls")
        urls.setdefault(vendor, {}).setdefault(environment, {})[host] = url
        self.set("base_urls", urls)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {"version": SETTINGS_VERSION, **self._values}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
