"""Fetch every page of a paginated list: a window of concurrent requests, pages delivered in order.

The end of a list follows each vendor document: for iinsight only an empty page
is the end (a short page proves nothing), for IQ Reseller a page shorter than the
size asked for is.  Once the end is seen no further page is requested, so at most
``concurrency - 1`` requests ever go past it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from app.contract.errors import RemoteError
from app.contract.spec import Paging

PageFetcher = Callable[[int], Awaitable[Any]]
PageListener = Callable[[int, list[Any]], None]


def is_last_page(paging: Paging, rows: list[Any], page_size: int) -> bool:
    if paging.end_rule == "short":
        return len(rows) < page_size
    return not rows


async def fetch_all_pages(
    fetch: PageFetcher,
    paging: Paging,
    page_size: int,
    concurrency: int = 4,
    on_page: PageListener | None = None,
    keep_rows: bool = True,
) -> list[Any]:
    """All rows in page order; ``on_page(page, rows)`` is called in page order as pages complete.

    ``keep_rows=False``: the pages only go to ``on_page`` and nothing is gathered (a walk of 100,000
    records whose pages are used as they come would otherwise free them all at once at the end)."""
    concurrency = max(1, concurrency)
    in_flight: dict[asyncio.Task[Any], int] = {}
    arrived: dict[int, list[Any]] = {}
    rows: list[Any] = []
    next_to_request = paging.first_page
    next_to_deliver = paging.first_page
    end_page: int | None = None
    try:
        while end_page is None or next_to_deliver <= end_page:
            while end_page is None and len(in_flight) < concurrency:
                in_flight[asyncio.ensure_future(fetch(next_to_request))] = next_to_request
                next_to_request += 1
            done, _ = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                page = in_flight.pop(task)
                page_rows = as_rows(task.result(), page)
                arrived[page] = page_rows
                if is_last_page(paging, page_rows, page_size) and (end_page is None or page < end_page):
                    end_page = page
            while next_to_deliver in arrived and (end_page is None or next_to_deliver <= end_page):
                page_rows = arrived.pop(next_to_deliver)
                if keep_rows:
                    rows.extend(page_rows)
                if on_page is not None:
                    on_page(next_to_deliver, page_rows)
                next_to_deliver += 1
    finally:
        for task in in_flight:
            task.cancel()
        if in_flight:
            await asyncio.gather(*in_flight, return_exceptions=True)
    return rows


def as_rows(data: Any, page: int) -> list[Any]:
    """A page's records, or the typed error saying the page held something else."""
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        return data
    raise RemoteError(f"Page {page} did not hold a list of records.", None)
