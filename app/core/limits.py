"""The largest answer read from a vendor.

Nothing bounded how much an answer may hold: a 1 GiB answer was read whole, three times (retried),
at more than a gigabyte of memory.  An answer now stops being read past the size setting, and is not
asked for again (the same answer would be as large).  File downloads have their own progress and
Cancel and are marked to be read whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx

UNBOUNDED = "switchboard_unbounded"  # a request extension: read this answer whatever its size
MEGABYTE = 1024 * 1024


class AnswerTooLarge(httpx.TransportError):
    """The answer passed the size limit; reading stopped there."""

    def __init__(self, limit: int, request: httpx.Request) -> None:
        super().__init__(f"the answer passed {limit // MEGABYTE:,} MB", request=request)
        self.limit = limit


class _Bounded(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, limit: int, request: httpx.Request) -> None:
        self._inner = inner
        self._limit = limit
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        received = 0
        async for chunk in self._inner:
            received += len(chunk)
            if received > self._limit:
                raise AnswerTooLarge(self._limit, self._request)
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


def size_limit(max_bytes: int) -> Callable[[httpx.Response], Awaitable[None]]:
    """A response hook (the first one, before anything reads the body) bounding the answer's size."""

    async def bound(response: httpx.Response) -> None:
        request = response.request
        if request.extensions.get(UNBOUNDED):
            return
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise AnswerTooLarge(max_bytes, request)  # said before a byte of it is read
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Bounded(response.stream, max_bytes, request)

    return bound
