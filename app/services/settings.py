"""The user's settings, with no secrets in them: one JSON file under the platform's config directory.

Each option is declared once below, typed, with its default, title and the values it accepts
(app/services/options.py).  A value the file holds that cannot be used is replaced by its default
and ``load_problem`` says which, in one sentence the app shows once.  The window's layout is not a
setting: it has a file of its own (app/services/layout.py).  ``SWITCHBOARD_CONFIG_DIR`` moves the
directory (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.core.jsonfile import save_json
from app.services.options import (
    ChoiceOption,
    FloatOption,
    IntOption,
    MappingOption,
    OptionFile,
    TextOption,
    UpgradeStep,
)

SETTINGS_FILE = "settings.json"
LAYOUT_FILE = "layout.json"
APPEARANCES = ("system", "light", "dark")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Above ten nothing is gained: a vendor's client keeps at most ten connections (app/core/http.py).
MAX_CONCURRENCY = 10


def config_dir() -> Path:
    override = os.environ.get("SWITCHBOARD_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("Switchboard", appauthor=False))


MORE_FIELDS_KEPT = 20  # "More fields" names offered again per record type

# Version 1 kept the window's layout among the settings.
_LAYOUT_KEYS_V1 = ("window_geometry", "window_state", "splitter_state", "last_tab")


def _move_window_layout_out(values: dict[str, Any], folder: Path) -> None:
    """1 → 2: the window's layout goes to layout.json, so settings.json holds only the user's choices."""
    layout = {key: values.pop(key) for key in _LAYOUT_KEYS_V1 if key in values}
    target = folder / LAYOUT_FILE
    if layout and not target.exists():  # a layout.json already there is newer than this file
        save_json(target, {"version": 1, **layout})


UPGRADES: dict[int, UpgradeStep] = {1: _move_window_layout_out}


class Settings(OptionFile):
    VERSION = 2
    UPGRADES = UPGRADES

    environment = MappingOption("Environment chosen per vendor", depth=1)
    base_urls = MappingOption("Base URL per vendor, environment and host", depth=3)
    timeout_s = FloatOption(30.0, "Seconds to wait for a vendor to answer", minimum=5.0, maximum=300.0)
    # An answer larger than this stops being read (a file download excepted): memory stays bounded.
    answer_limit_mb = IntOption(50, "Largest answer read from a vendor, in MB", minimum=1, maximum=2000)
    page_size = IntOption(100, "Records per page", minimum=1, maximum=1000)
    concurrency = IntOption(4, "Pages fetched at once", minimum=1, maximum=MAX_CONCURRENCY)
    appearance = ChoiceOption("system", "Appearance", APPEARANCES)
    # Which organisation profile was applied (app/services/profile.py), so it is applied only once.
    organisation_profile = MappingOption("Organisation profile applied: where from, its revision")
    # A corporate proxy that re-signs TLS needs its CA trusted; verification itself is never off.
    ca_bundle = TextOption("", "Extra trusted certificates (a PEM file)")
    log_level = ChoiceOption("INFO", "Detail in the log file", LOG_LEVELS)
    # {vendor id: "off"} for the vendors whose records this computer must not keep (the record index).
    record_index = MappingOption("Keeping a vendor's records on this computer: on or off", depth=1)
    # "on": a vendor that can list its records is walked in the background once signed in.
    record_sync = ChoiceOption("on", "Learning records in the background", ("on", "off"))
    record_index_days = IntOption(90, "Days a record not seen again is kept", minimum=1, maximum=3650)
    # {vendor id: "off"} written by the organisation profile: those vendors' records are never kept,
    # whatever record_index says (the person cannot turn them back on).
    record_index_locked = MappingOption(
        "Vendors whose records your organisation keeps off this computer", depth=1
    )
    # {vendor id: {record type: "Name1,Name2"}}: the "More fields" a person gave values to, offered
    # again (empty) the next time that record type's form opens.
    more_fields = MappingOption("Fields added by hand to a vendor's record forms", depth=2)

    def more_field_names(self, vendor_id: str, record: str) -> list[str]:
        joined = self.more_fields.get(vendor_id, {}).get(record, "")
        return [name for name in joined.split(",") if name]

    def remember_more_fields(self, vendor_id: str, record: str, names: list[str]) -> None:
        """Add ``names`` after those kept for the record type (the first 20 kept, each once)."""
        kept = list(dict.fromkeys([*self.more_field_names(vendor_id, record), *names]))[:MORE_FIELDS_KEPT]
        by_record = dict(self.more_fields.get(vendor_id, {}))
        by_record[record] = ",".join(kept)
        self.more_fields = {**self.more_fields, vendor_id: by_record}

    def __init__(self, path: Path | None = None, *, stored: bool = True) -> None:
        """The settings in ``path`` (default: the config directory's settings.json); with
        ``stored=False`` the defaults only, never read or saved."""
        super().__init__((path or config_dir() / SETTINGS_FILE) if stored else None)

    @property
    def load_problem(self) -> str:
        """What could not be used when the file was read, in words for the user ('' when all was)."""
        if self.unreadable:
            return f"Your settings could not be read ({self.unreadable}), so Switchboard uses its defaults."
        if not self.problems:
            return ""
        reset = "; ".join(f"{option.title} ({option.name}) {problem}" for option, problem in self.problems)
        return f"Some of your settings could not be used and are back to their defaults: {reset}."

    def layout_path(self) -> Path | None:
        """Where the window's layout is kept: beside the settings."""
        return self.path.with_name(LAYOUT_FILE) if self.path is not None else None

    def environment_for(self, vendor: str, default: str) -> str:
        return str(self.environment.get(vendor, default))

    def set_environment(self, vendor: str, environment: str) -> None:
        chosen = self.environment
        chosen[vendor] = environment
        self.environment = chosen

    def keeps_records(self, vendor: str) -> bool:
        """Whether this computer keeps a list of ``vendor``'s records (the record index)."""
        return not self.records_locked(vendor) and self.record_index.get(vendor, "on") != "off"

    def records_locked(self, vendor: str) -> bool:
        """Whether the organisation profile turned ``vendor``'s record index off (the person cannot)."""
        return self.record_index_locked.get(vendor) == "off"

    def set_keeps_records(self, vendor: str, keep: bool) -> None:
        chosen = self.record_index
        if keep:
            chosen.pop(vendor, None)
        else:
            chosen[vendor] = "off"
        self.record_index = chosen

    def base_url_overrides(self, vendor: str, environment: str) -> dict[str, str]:
        return dict(self.base_urls.get(vendor, {}).get(environment, {}))

    def set_base_url(self, vendor: str, environment: str, host: str, url: str) -> None:
        urls = self.base_urls
        urls.setdefault(vendor, {}).setdefault(environment, {})[host] = url
        self.base_urls = urls
