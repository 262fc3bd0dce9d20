"""Background sync: walks the lists a vendor declares (``sync_lists``) so the record index knows its
records before anyone asks, and says in words how much this computer knows and since when.

Each page goes through the vendor service like any other answer, so the index learns from it the
usual way; a list with a "changed since" filter asks only for what changed since the previous sync
started (kept in the index itself, per vendor environment).  Pages are fetched as many at once as
the "pages fetched at once" setting says.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from app.contract.records import SyncList
from app.services.index import RecordIndex
from app.services.workspace import Workspace

SINCE_KEY = "sync:{operation}:since"  # the date the last complete sync of that list started
AT_KEY = "sync:at"  # when the environment's last complete sync ended (epoch seconds)


class RecordSync:
    def __init__(self, workspace: Workspace, clock: Callable[[], float] = time.time) -> None:
        self.workspace = workspace
        self._clock = clock

    @property
    def automatic(self) -> bool:
        """Whether the window syncs by itself once a vendor is signed in (the setting, and
        ``SWITCHBOARD_NO_SYNC=1`` for support machines and test runs that must send nothing extra)."""
        return self.workspace.settings.record_sync == "on" and not os.environ.get("SWITCHBOARD_NO_SYNC")

    def lists(self, vendor_id: str) -> tuple[SyncList, ...]:
        if not self.workspace.known.enabled(vendor_id):
            return ()
        return self.workspace.definition(vendor_id).sync_lists

    async def sync(self, vendor_id: str, environment_id: str | None = None) -> dict[str, int]:
        """Walk every declared list of the vendor's environment once; how many rows each gave."""
        service = self.workspace.service(vendor_id, environment_id)
        environment = service.environment.id
        known = self.workspace.known
        rows: dict[str, int] = {}
        for declared in self.lists(vendor_id):
            key = SINCE_KEY.format(operation=declared.operation)
            values: dict[str, Any] = dict(declared.values)
            if declared.since_field:
                since = await known.run(vendor_id, environment, _meta(key))
                values[declared.since_field] = since or declared.first_since
            # Today, taken before the walk: what changes while it runs is asked again next time.
            started = date.fromtimestamp(self._clock()).isoformat()
            counted = [0]

            def count(_page: int, page_rows: list[Any], counted: list[int] = counted) -> None:
                counted[0] += len(page_rows)

            # The pages feed the index as they come (VendorService.on_result); none is kept here.
            await service.run_all_pages(
                declared.operation,
                values,
                concurrency=self.workspace.settings.concurrency,
                on_page=count,
                keep_rows=False,
            )
            rows[declared.operation] = counted[0]
            await known.settled()
            await known.run(vendor_id, environment, _set_meta(key, started))
        await known.run(vendor_id, environment, _set_meta(AT_KEY, str(self._clock())))
        return rows

    async def state(self, vendor_id: str, environment_id: str | None = None) -> str:
        """'iinsight: 1,151 records on this computer, updated 2 minutes ago' ('' if it never synced)."""
        service = self.workspace.service(vendor_id, environment_id)
        environment = service.environment.id
        known = self.workspace.known
        at = await known.run(vendor_id, environment, _meta(AT_KEY))
        if not at:
            return ""
        count = await known.count(vendor_id, environment)
        noun = "record" if count == 1 else "records"
        return f"{service.definition.name}: {count:,} {noun} on this computer, updated {self._ago(float(at))}"

    def _ago(self, then: float) -> str:
        seconds = max(0.0, self._clock() - then)
        if seconds < 60:
            return "just now"
        if seconds < 3600:
            minutes = int(seconds // 60)
            return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
        if seconds < 86_400:
            hours = int(seconds // 3600)
            return f"{hours} hour{'s' if hours != 1 else ''} ago"
        return f"on {datetime.fromtimestamp(then):%d %b %Y}"


def _meta(key: str) -> Callable[[RecordIndex], str | None]:
    return lambda index: index.meta(key)


def _set_meta(key: str, value: str) -> Callable[[RecordIndex], None]:
    return lambda index: index.set_meta(key, value)
