"""What this computer knows of each vendor environment's records: one record index per environment,
fed by every answer the app reads, lists, creates, changes or deletes (window, CLI, later bulk runs).

The index files live in the user's data folder, each encrypted with its own key kept in the keyring
(never in a file). With no working keyring the index lives in memory for the session. Work on an
index runs on a worker thread (SQLite is file I/O): the caller awaits it, the GUI thread never waits.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.contract.records import IndexedRecord, RecordFacts
from app.contract.vendor import VendorDefinition
from app.core.credentials import CredentialStore
from app.core.secrets import remember
from app.services.index import IndexHit, IndexLocked, IndexUnavailable, RecordIndex

ANSWERS_PER_COMMIT = 4  # a sync's pages kept together: fewer commits, yet a lookup never waits long
KEY_FIELD = "record_index_key"  # the keyring entry of an index's key, beside the vendor's credentials
DAY = 86_400.0
log = logging.getLogger(__name__)


def data_dir() -> Path:
    """Where the index files are: the platform's data folder (or ``SWITCHBOARD_DATA_DIR``)."""
    override = os.environ.get("SWITCHBOARD_DATA_DIR") or os.environ.get("SWITCHBOARD_CONFIG_DIR")
    if override:
        return Path(override) / "index"
    from platformdirs import user_data_dir

    return Path(user_data_dir("Switchboard", appauthor=False)) / "index"


class KnownRecords:
    """The record indexes of every vendor environment, opened when first used."""

    def __init__(
        self,
        credentials: CredentialStore,
        folder: Path | None = None,
        *,
        enabled: Callable[[str], bool] = lambda vendor_id: True,
        keep_days: Callable[[], float] = lambda: 90.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._credentials = credentials
        self._folder = folder
        self._enabled = enabled
        self._keep_days = keep_days
        self._clock = clock
        self._indexes: dict[tuple[str, str], RecordIndex] = {}
        self._opening = threading.Lock()
        self._pending_lock = threading.Lock()  # never held while a file opens: the GUI thread takes it
        self._order: dict[concurrent.futures.Future[Any], int] = {}
        self._submitted = 0
        self._pending: set[concurrent.futures.Future[Any]] = set()
        self._writer = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="record-index")
        # What the writer is to do, in the order it came: answers to keep and other work on an index.
        # Any thread appends; only the writer takes, so answers that queued up meanwhile are kept
        # together in one transaction (a sync's pages arrive faster than one commit each allows).
        self._jobs: collections.deque[_Answer | Callable[[], None]] = collections.deque()
        # Why an environment's index is in memory only, or off, in words (shown by the lookup).
        self.problems: dict[tuple[str, str], str] = {}

    def enabled(self, vendor_id: str) -> bool:
        return self._enabled(vendor_id)

    # --- opening -------------------------------------------------------------------------------

    def index(self, vendor_id: str, environment_id: str) -> RecordIndex:
        """The environment's index, opened (or made) now if it was not yet.  Blocking: call it on a
        worker thread (``await self.run(...)``)."""
        key = (vendor_id, environment_id)
        with self._opening:  # two answers arriving at once must not both create the file
            if key not in self._indexes:
                self._indexes[key] = self._open(vendor_id, environment_id)
            return self._indexes[key]

    def _open(self, vendor_id: str, environment_id: str) -> RecordIndex:
        if not self._credentials.persistent:
            self.problems[(vendor_id, environment_id)] = (
                "no keyring works here, so what is known is kept in memory until Switchboard closes"
            )
            return RecordIndex.in_memory()
        secret = self._credentials.get(vendor_id, environment_id, KEY_FIELD)
        if not secret:
            secret = secrets.token_urlsafe(32)
            self._credentials.set(vendor_id, environment_id, KEY_FIELD, secret)
        remember(secret)  # never in a log, a report or the history
        folder = self._folder or data_dir()
        path = folder / f"{vendor_id}-{environment_id}.db"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                index = RecordIndex.open(path, secret)
            except IndexLocked:
                # Its key is gone from the keyring (or the file is damaged): what it held cannot be
                # read by anyone, and the vendors still have it all. Start afresh with a new key.
                log.warning("Record index of %s %s unreadable; started afresh", vendor_id, environment_id)
                for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    stale.unlink(missing_ok=True)
                secret = secrets.token_urlsafe(32)
                self._credentials.set(vendor_id, environment_id, KEY_FIELD, secret)
                remember(secret)
                index = RecordIndex.open(path, secret)
        except (OSError, IndexUnavailable) as exc:
            reason = exc.message if isinstance(exc, IndexUnavailable) else (exc.strerror or str(exc))
            self.problems[(vendor_id, environment_id)] = (
                f"the file on this computer could not be used ({reason}); kept in memory instead"
            )
            log.warning("Record index of %s %s in memory: %s", vendor_id, environment_id, reason)
            return RecordIndex.in_memory()
        now = self._clock()
        index.prune(now - self._keep_days() * DAY, now)
        return index

    async def run(self, vendor_id: str, environment_id: str, work: Callable[[RecordIndex], Any]) -> Any:
        """``work(index)`` on a worker thread; its result."""
        return await asyncio.to_thread(lambda: work(self.index(vendor_id, environment_id)))

    # --- feeding -------------------------------------------------------------------------------

    def listener(
        self, definition: VendorDefinition, environment_id: str
    ) -> Callable[[str, Mapping[str, Any], Any], None]:
        """What a vendor service calls after each success: the answer's facts go into the index, on a
        worker thread, never delaying or failing the operation itself."""

        def learn(operation_id: str, values: Mapping[str, Any], data: Any) -> None:
            if self.enabled(definition.id):
                # Read and kept on the index's own thread: the caller (a page of Load all on the GUI
                # thread) only hands the answer over.
                self._schedule(definition, environment_id, operation_id, dict(values), data)

        return learn

    def _schedule(
        self,
        definition: VendorDefinition,
        environment_id: str,
        operation_id: str,
        values: Mapping[str, Any],
        data: Any,
    ) -> None:
        self._submit(_Answer(definition, environment_id, operation_id, values, data, self._clock()))

    def _submit(self, job: _Answer | Callable[[], None]) -> None:
        # Its own worker, not the loop's: answers are kept in the order they came, and a window or
        # a CLI run that closes its event loop leaves nothing half-scheduled behind.  One future per
        # job, so ``settled`` can wait for the newest; the job itself may be done by an earlier one.
        self._jobs.append(job)
        future = self._writer.submit(self._drain)
        with self._pending_lock:
            self._pending.add(future)
            self._submitted += 1
            self._order[future] = self._submitted
        future.add_done_callback(self._applied)

    def _drain(self) -> None:
        """On the writer: do every queued job in order, keeping consecutive answers for one index
        together (at most ``ANSWERS_PER_COMMIT``, so a lookup waits for a short transaction only)."""
        answers: list[_Answer] = []
        while self._jobs:
            job = self._jobs.popleft()
            if isinstance(job, _Answer):
                if answers and (answers[0].index_key != job.index_key or len(answers) >= ANSWERS_PER_COMMIT):
                    self._keep(answers)
                    answers = []
                answers.append(job)
            else:
                self._keep(answers)
                answers = []
                job()
        self._keep(answers)

    def _keep(self, answers: list[_Answer]) -> None:
        if not answers:
            return
        facts: list[tuple[RecordFacts, float]] = []
        for answer in answers:
            try:
                read = answer.definition.record_facts(answer.operation_id, answer.values, answer.data)
            except Exception:  # a vendor's reading of an odd answer must never fail anything
                log.exception("Could not read records from %s %s", answer.definition.id, answer.operation_id)
                continue
            facts.append((read, answer.seen_at))
        self.index(*answers[0].index_key).apply_many(facts)

    def tell_once(
        self,
        definition: VendorDefinition,
        environment_id: str,
        key: str,
        answers: Callable[[], Sequence[tuple[str, Mapping[str, Any], Any]]],
    ) -> None:
        """Teach the index ``answers()`` as if they had just been received, once ever per index (marked
        ``key`` in its meta; forgetting the index forgets the mark too).  On the index's own thread."""
        if not self.enabled(definition.id):
            return  # kept off: told the first time the list is kept again
        seen_at = self._clock()

        def tell() -> None:
            index = self.index(definition.id, environment_id)
            if index.meta(key):
                return
            for operation_id, values, data in answers():
                try:
                    facts = definition.record_facts(operation_id, values, data)
                except Exception:  # one odd entry must not keep the others out
                    log.exception("Could not read records from %s %s", definition.id, operation_id)
                    continue
                index.apply(facts, seen_at)
            index.set_meta(key, str(seen_at))

        self._submit(tell)

    def _applied(self, future: concurrent.futures.Future[Any]) -> None:
        with self._pending_lock:
            self._pending.discard(future)
            self._order.pop(future, None)
        if not future.cancelled() and future.exception() is not None:
            log.warning("The record index could not keep an answer: %s", future.exception())

    async def settled(self) -> None:
        """Wait until every answer received so far is in its index (the CLI before it exits)."""
        with self._pending_lock:
            pending = list(self._pending)
        # One worker keeps them in order: the last one done means all are (and one future to wrap,
        # not a thousand, keeps the waiting thread free).
        if pending:
            newest = max(pending, key=lambda future: self._order[future])
            await asyncio.gather(asyncio.wrap_future(newest), return_exceptions=True)

    # --- reading -------------------------------------------------------------------------------

    async def search(
        self, vendor_id: str, environment_id: str, text: str, limit: int = 20, kinds: Collection[str] = ()
    ) -> list[IndexHit]:
        """What the environment's index holds matching ``text``; only records of ``kinds`` when given."""
        if not self.enabled(vendor_id):
            return []

        def found(index: RecordIndex) -> list[IndexHit]:
            return index.search(text, limit, kinds)

        hits: list[IndexHit] = await self.run(vendor_id, environment_id, found)
        return hits

    async def count(self, vendor_id: str, environment_id: str, kind: str | None = None) -> int:
        if not self.enabled(vendor_id):
            return 0
        counted: int = await self.run(vendor_id, environment_id, lambda index: index.count(kind))
        return counted

    async def opened_by(
        self, vendor_id: str, environment_id: str, targets: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> list[IndexedRecord | None]:
        """The indexed record each (operation, values) opens, None where the index knows none: how
        Recent names what it reopens.  A record opens with values that hold its id, so each value is
        looked up as an id and the record whose ``opens``/``opens_with`` are exactly those is taken."""
        if not self.enabled(vendor_id):
            return [None] * len(targets)
        await self.settled()  # an answer just received names the record it opened

        def find(index: RecordIndex) -> list[IndexedRecord | None]:
            return [_opened_by(index, operation, values) for operation, values in targets]

        found: list[IndexedRecord | None] = await self.run(vendor_id, environment_id, find)
        return found

    def environments(self, vendor_id: str) -> list[str]:
        """The environments of ``vendor_id`` this computer holds an index of (opened, or on disk)."""
        folder = self._folder or data_dir()
        with self._opening:  # the writer may be opening one meanwhile
            opened = list(self._indexes)
        environments = {env for vendor, env in opened if vendor == vendor_id}
        if folder.is_dir():
            environments |= {p.stem.partition("-")[2] for p in folder.glob(f"{vendor_id}-*.db")}
        return sorted(environments)

    async def forget(self, vendor_id: str) -> None:
        """Empty what this computer knows of every environment of ``vendor_id`` that was opened, and
        of the ones on disk."""
        for environment_id in self.environments(vendor_id):
            await self.run(vendor_id, environment_id, lambda index: index.forget())

    async def aclose(self) -> None:
        await self.settled()
        with self._opening:  # an answer that arrived meanwhile may be opening one on the writer
            opened = list(self._indexes.values())
            self._indexes.clear()
        for index in opened:
            await asyncio.to_thread(index.close)
        self._writer.shutdown(wait=False)


@dataclass(frozen=True)
class _Answer:
    """A success a vendor service heard, waiting for the writer to read its records into the index."""

    definition: VendorDefinition
    environment_id: str
    operation_id: str
    values: Mapping[str, Any]
    data: Any
    seen_at: float

    @property
    def index_key(self) -> tuple[str, str]:
        return (self.definition.id, self.environment_id)


def _opened_by(index: RecordIndex, operation: str, values: Mapping[str, Any]) -> IndexedRecord | None:
    wanted = json.dumps(dict(values), sort_keys=True, default=str)
    for text in dict.fromkeys(_scalars(values)):
        for hit in index.search(text, 10):
            record = hit.record
            opens_with = json.dumps(dict(record.opens_with), sort_keys=True, default=str)
            if record.opens == operation and opens_with == wanted:
                return record
    return None


def _scalars(value: Any) -> Iterator[str]:
    """The texts inside ``value``: nested objects, and JSON objects written as text (a request body)."""
    if isinstance(value, Mapping):
        for inner in value.values():
            yield from _scalars(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _scalars(inner)
    elif isinstance(value, str) and value.startswith("{"):
        try:
            yield from _scalars(json.loads(value))
        except ValueError:
            yield value
    elif isinstance(value, str | int) and not isinstance(value, bool) and str(value):
        yield str(value)
