"""Background sync: walks the lists a vendor declares (``sync_lists``) so the record index knows its
records before anyone asks, and says in words how much this computer knows and since when.

Each page goes through the vendor service like any other answer, so the index learns from it the
usual way; a list with a "changed since" filter asks only for what changed since the previous sync
started (kept in the index itself, per vendor environment).  Pages are fetched as many at once as
the "pages fetched at once" setting says.  While it runs it says how far it got (:class:`SyncProgress`);
cancelled, what arrived stays in the index, and the list's "changed since" date is not moved, so the
next sync asks again for everything the stopped one did not finish.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.contract.records import SyncList
from app.services.index import RecordIndex
from app.services.workspace import Workspace

SINCE_KEY = "sync:{operation}:since"  # the date the last complete sync of that list started
AT_KEY = "sync:at"  # when the environment's last complete sync ended (epoch seconds)


@dataclass
class SyncProgress:
    """How far one sync got, in words for the tab's sync line."""

    vendor: str  # the vendor's name
    noun: str = "records"  # what the list being walked holds ("company contacts")
    rows: int = 0  # rows that arrived so far, every list of this sync together

    @property
    def sentence(self) -> str:
        """'iinsight: learning company contacts… 4,200 so far'"""
        return f"{self.vendor}: learning {self.noun}… {self.rows:,} so far"

    @property
    def stopped(self) -> str:
        """What a sync stopped by the person leaves, said so."""
        kept = f"the {self.rows:,} records that arrived are kept" if self.rows else "nothing had arrived yet"
        return f"{self.vendor}: learning records was stopped; {kept}. The next sync asks again for the rest."


ProgressListener = Callable[[SyncProgress], None]


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

    async def sync(
        self,
        vendor_id: str,
        environment_id: str | None = None,
        on_progress: ProgressListener | None = None,
        progress: SyncProgress | None = None,
    ) -> dict[str, int]:
        """Walk every declared list of the vendor's environment once; how many rows each gave.

        ``on_progress`` hears ``progress`` (made here when not given) as each list starts and after
        each page; the caller that may cancel keeps ``progress`` to say what had arrived."""
        service = self.workspace.service(vendor_id, environment_id)
        environment = service.environment.id
        known = self.workspace.known
        progress = progress or SyncProgress(service.definition.name)
        rows: dict[str, int] = {}
        for declared in self.lists(vendor_id):
            progress.noun = declared.noun
            if on_progress is not None:
                on_progress(progress)
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
                progress.rows += len(page_rows)
                if on_progress is not None:
                    on_progress(progress)

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
