"""The window's layout: size and place, docks, splitter positions and the tab shown last.

Not a setting the user chooses, so not in settings.json: its own file beside it, through the
same typed options.  A value that cannot be used is only logged: the window then simply opens
at its usual size, which needs no explanation.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.services.options import MappingOption, OptionFile, TextOption

_log = logging.getLogger(__name__)


class WindowLayout(OptionFile):
    VERSION = 1

    # Qt's saveGeometry()/saveState() bytes, base64-encoded.
    window_geometry = TextOption("", "Window position and size")
    window_state = TextOption("", "Docks and toolbars")
    splitter_state = MappingOption("Splitter positions per vendor tab", depth=1)
    last_tab = TextOption("", "Vendor tab shown last")

    def __init__(self, path: Path | None) -> None:
        super().__init__(path)
        if self.unreadable or self.problems:
            reset = ", ".join(option.name for option, _ in self.problems)
            _log.warning("The window layout in %s was not used (%s)", path, self.unreadable or reset)
