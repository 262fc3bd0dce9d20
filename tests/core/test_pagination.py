"""The concurrent page loader's request pattern: a full window, pages in order, and a prompt stop.

A scripted vendor list holds every request until the test answers it, so each test
chooses the exact order in which answers arrive, with no timers and no sleeping.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.contract.errors import RemoteError
from app.contract.spec import Paging
from app.core.pagination import fetch_all_pages, is_last_page

EMPTY_ENDS = Paging(page_field="page", max_size=10, end_rule="empty")  # iinsight
SHORT_ENDS = Paging(page_field="Page", size_field="PageSize", max_size=10, end_rule="short")  # IQ Reseller


class ScriptedList:
    """A vendor list of pages with the given sizes (then empty pages); each answer waits for the test."""

    def __init__(self, sizes: list[int]) -> None:
        self.sizes = sizes
        self.requested: list[int] = []
        self.cancelled: list[int] = []
        self.waiting: dict[int, asyncio.Future[None]] = {}
        self.failures: dict[int, Exception] = {}

    def rows(self, page: int) -> list[dict[str, Any]]:
        size = self.sizes[page - 1] if page <= len(self.sizes) else 0
        return [{"page": page, "row": row} for row in range(size)]

    async def fetch(self, page: int) -> list[dict[str, Any]]:
        self.requested.append(page)
        answer = asyncio.get_running_loop().create_future()
        self.waiting[page] = answer
        try:
            await answer
        except asyncio.CancelledError:
            self.cancelled.append(page)
            raise
        finally:
            self.waiting.pop(page, None)
        if page in self.failures:
            raise self.failures[page]
        return self.rows(page)

    def answer(self, page: int) -> None:
        self.waiting[page].set_result(None)


async def settle() -> None:
    """Let the loop run everything that is ready (an answer takes a few steps to reach the loader)."""
    for _ in range(20):
        await asyncio.sleep(0)


class Delivery:
    """Records what ``on_page`` was given, in order."""

    def __init__(self) -> None:
        self.pages: list[int] = []
        self.rows: list[dict[str, Any]] = []

    def __call__(self, page: int, rows: list[dict[str, Any]]) -> None:
        self.pages.append(page)
        self.rows.extend(rows)


async def drive(
    vendor: ScriptedList,
    paging: Paging,
    concurrency: int,
    choose: Callable[[list[int]], int] = min,
    check: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], Delivery]:
    """Run the loader to its end, answering one waiting request at a time, the one ``choose`` picks."""
    delivery = Delivery()
    loader = asyncio.ensure_future(fetch_all_pages(vendor.fetch, paging, 10, concurrency, delivery))
    await settle()
    while not loader.done():
        if check is not None:
            check()
        assert vendor.waiting, "the loader waits for nothing"
        vendor.answer(choose(sorted(vendor.waiting)))
        await settle()
    return loader.result(), delivery


def run(scenario: Awaitable[Any]) -> Any:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def expected_rows(vendor: ScriptedList, last_page: int) -> list[dict[str, Any]]:
    return [row for page in range(1, last_page + 1) for row in vendor.rows(page)]


# --- the end of the list ---------------------------------------------------------------------------


def test_only_an_empty_page_ends_an_iinsight_list():
    # iinsight promises "at most 100" a page: a short page in the middle proves nothing.
    assert not is_last_page(EMPTY_ENDS, [{}] * 3, 10)
    assert is_last_page(EMPTY_ENDS, [], 10)
    vendor = ScriptedList([10, 7, 10, 3])
    rows, delivery = run(drive(vendor, EMPTY_ENDS, concurrency=3))
    assert rows == expected_rows(vendor, 4)
    assert delivery.pages == [1, 2, 3, 4, 5]  # the empty page 5 is the end, and is reported too
    assert max(vendor.requested) <= 5 + 3 - 1


def test_a_short_page_ends_an_iq_reseller_list():
    assert is_last_page(SHORT_ENDS, [{}] * 9, 10)
    assert not is_last_page(SHORT_ENDS, [{}] * 10, 10)
    vendor = ScriptedList([10, 10, 4, 10, 10])  # pages after the short one must not be shown
    rows, delivery = run(drive(vendor, SHORT_ENDS, concurrency=4))
    assert rows == expected_rows(vendor, 3)
    assert delivery.pages == [1, 2, 3]
    assert max(vendor.requested) <= 3 + 4 - 1


def test_a_full_last_page_then_an_empty_one_ends_an_iq_reseller_list():
    vendor = ScriptedList([10, 10])
    rows, delivery = run(drive(vendor, SHORT_ENDS, concurrency=2))
    assert len(rows) == 20
    assert delivery.pages == [1, 2, 3]


def test_an_empty_first_page_is_an_empty_list():
    vendor = ScriptedList([])
    rows, delivery = run(drive(vendor, EMPTY_ENDS, concurrency=4))
    assert rows == []
    assert delivery.pages == [1]
    assert sorted(vendor.requested) == [1, 2, 3, 4]


# --- the window of requests ------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 2, 4, 7])
def test_the_window_stays_full_until_the_end_is_seen(concurrency):
    vendor = ScriptedList([10] * 12)
    end_seen = False

    def check() -> None:
        in_flight = len(vendor.waiting)
        assert in_flight <= concurrency
        if not end_seen:
            assert in_flight == concurrency

    def answer_in_order(pages: list[int]) -> int:
        nonlocal end_seen
        end_seen = end_seen or pages[0] >= 13
        return pages[0]

    rows, _ = run(drive(vendor, EMPTY_ENDS, concurrency, answer_in_order, check))
    assert len(rows) == 120
    # Requests go out in page order, each page once.
    assert vendor.requested == list(range(1, len(vendor.requested) + 1))


@pytest.mark.parametrize("paging", [EMPTY_ENDS, SHORT_ENDS], ids=["empty-ends", "short-ends"])
@pytest.mark.parametrize("concurrency", [1, 2, 3, 4, 8])
def test_never_more_than_concurrency_minus_one_pages_past_the_end(paging, concurrency):
    sizes = [10] * 9 + ([3] if paging is SHORT_ENDS else [10])
    end_page = 10 if paging is SHORT_ENDS else 11
    vendor = ScriptedList(sizes)
    rows, delivery = run(drive(vendor, paging, concurrency))
    assert rows == expected_rows(vendor, end_page)
    past_end = [page for page in vendor.requested if page > end_page]
    assert len(past_end) <= concurrency - 1
    # Answered in page order, the window was full when the end arrived: exactly concurrency - 1 past it.
    assert len(past_end) == concurrency - 1
    assert delivery.pages == list(range(1, end_page + 1))


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=10), max_size=25),
    end_rule=st.sampled_from(["empty", "short"]),
    concurrency=st.integers(min_value=1, max_value=8),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_any_answer_order_keeps_pages_in_order_and_stops_at_the_end(sizes, end_rule, concurrency, seed):
    paging = EMPTY_ENDS if end_rule == "empty" else SHORT_ENDS
    # The list as the vendor would really serve it: nothing after its end.
    if end_rule == "empty":
        sizes = sizes[: sizes.index(0)] if 0 in sizes else sizes
    else:
        short = next((i for i, size in enumerate(sizes) if size < 10), None)
        sizes = sizes if short is None else sizes[: short + 1]
    end_page = next(
        p for p in range(1, len(sizes) + 2) if is_last_page(paging, ScriptedList(sizes).rows(p), 10)
    )
    vendor = ScriptedList(sizes)
    chooser = random.Random(seed)

    def check() -> None:
        assert len(vendor.waiting) <= concurrency

    rows, delivery = run(drive(vendor, paging, concurrency, chooser.choice, check))
    assert rows == expected_rows(vendor, end_page)
    assert delivery.pages == list(range(1, end_page + 1))
    assert delivery.rows == rows
    assert len([page for page in vendor.requested if page > end_page]) <= concurrency - 1
    assert sorted(vendor.requested) == list(range(1, len(vendor.requested) + 1))


def test_pages_answered_out_of_order_are_delivered_in_order():
    vendor = ScriptedList([10] * 6)
    delivery = Delivery()

    async def scenario() -> list[dict[str, Any]]:
        loader = asyncio.ensure_future(fetch_all_pages(vendor.fetch, EMPTY_ENDS, 10, 3, delivery))
        await settle()
        assert sorted(vendor.waiting) == [1, 2, 3]
        vendor.answer(3)
        vendor.answer(2)
        await settle()
        assert delivery.pages == []  # page 1 is still awaited: nothing may be shown before it
        assert sorted(vendor.waiting) == [1, 4, 5]
        vendor.answer(1)
        await settle()
        assert delivery.pages == [1, 2, 3]
        while not loader.done():
            vendor.answer(max(vendor.waiting))  # always the newest first
            await settle()
        return loader.result()

    rows = run(scenario())
    assert delivery.pages == [1, 2, 3, 4, 5, 6, 7]
    assert [row["page"] for row in rows] == sorted(row["page"] for row in rows)
    assert len(rows) == 60


# --- stopping --------------------------------------------------------------------------------------


def test_a_failed_page_cancels_the_pages_in_flight_and_requests_no_more():
    vendor = ScriptedList([10] * 20)
    vendor.failures[3] = RemoteError("iinsight had a problem on its side (status 500).", 500)
    delivery = Delivery()

    async def scenario() -> None:
        loader = asyncio.ensure_future(fetch_all_pages(vendor.fetch, EMPTY_ENDS, 10, 4, delivery))
        await settle()
        vendor.answer(1)
        await settle()
        assert sorted(vendor.waiting) == [2, 3, 4, 5]
        vendor.answer(3)
        await settle()
        assert loader.done()
        with pytest.raises(RemoteError):
            loader.result()

    run(scenario())
    assert sorted(vendor.cancelled) == [2, 4, 5]
    assert vendor.requested == [1, 2, 3, 4, 5]
    assert delivery.pages == [1]


def test_a_page_that_is_not_a_list_fails_the_load():
    async def not_a_list(page: int) -> Any:
        return {"message": "unexpected"} if page == 2 else [{"page": page}]

    with pytest.raises(RemoteError, match="Page 2 did not hold a list"):
        run(fetch_all_pages(not_a_list, EMPTY_ENDS, 10, 2))


def test_cancelling_the_caller_stops_new_requests_and_cancels_those_in_flight():
    vendor = ScriptedList([10] * 50)
    delivery = Delivery()

    async def scenario() -> None:
        loader = asyncio.ensure_future(fetch_all_pages(vendor.fetch, EMPTY_ENDS, 10, 4, delivery))
        await settle()
        for page in (1, 2, 3):
            vendor.answer(page)
        await settle()
        assert sorted(vendor.waiting) == [4, 5, 6, 7]
        loader.cancel()
        await settle()
        assert loader.cancelled()
        await asyncio.sleep(0.01)  # time for any stray request to show up

    run(scenario())
    assert vendor.requested == [1, 2, 3, 4, 5, 6, 7]
    assert sorted(vendor.cancelled) == [4, 5, 6, 7]
    assert delivery.pages == [1, 2, 3]


def test_pages_only_handed_on_are_not_gathered():
    """A background walk uses each page as it comes; the loader keeps none of them."""
    vendor = ScriptedList([10, 10, 4])
    delivery = Delivery()

    async def scenario() -> list[Any]:
        loader = asyncio.ensure_future(
            fetch_all_pages(vendor.fetch, EMPTY_ENDS, 10, 2, delivery, keep_rows=False)
        )
        await settle()
        while not loader.done():
            vendor.answer(min(vendor.waiting))
            await settle()
        return loader.result()

    assert run(scenario()) == []
    assert delivery.rows == expected_rows(vendor, 3)  # every row still reached on_page, in order
