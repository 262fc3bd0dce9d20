"""When a failed request may be sent again, and how long to wait first.

Only reads and calls the vendor documents as idempotent (``Operation.idempotent``)
are repeated; a write is repeated only when it certainly never reached the vendor
(the connection could not be opened).  Waits grow exponentially with full jitter,
honour ``Retry-After``, and are bounded in count and in total time.
"""

from __future__ import annotations

import random
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from app.core.limits import AnswerTooLarge

RETRY_STATUSES = frozenset({429, 502, 503, 504})
MAX_RETRY_AFTER_S = 24 * 3600.0  # a day: beyond it a vendor's Retry-After is not a wait anyone keeps
# The request was never delivered: repeating it cannot create anything twice.
NOT_DELIVERED = (httpx.ConnectError, httpx.ConnectTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # including the first
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    budget_s: float = 20.0  # all waits of one call together

    def delay(self, attempt: int, retry_after_s: float | None, rng: random.Random) -> float:
        """The wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        if retry_after_s is not None:
            return min(max(retry_after_s, 0.0), self.max_delay_s)
        ceiling = min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1))
        return rng.uniform(0, ceiling)


NO_RETRY = RetryPolicy(attempts=1)

Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Attempts:
    """One call's tries under a policy: how often it was sent and how long it waited between."""

    count: int = 0
    waited_s: float = 0.0

    def may_repeat(self, policy: RetryPolicy, retryable: bool) -> bool:
        return retryable and self.count < policy.attempts and self.waited_s < policy.budget_s

    async def wait(
        self, policy: RetryPolicy, retry_after: float | None, sleep: Sleep, rng: random.Random
    ) -> None:
        """Wait before the next try: jittered, or the vendor's Retry-After, within the budget left."""
        delay = min(policy.delay(self.count, retry_after, rng), max(0.0, policy.budget_s - self.waited_s))
        self.waited_s += delay
        await sleep(delay)


def retry_after_seconds(response: httpx.Response, now: datetime | None = None) -> float | None:
    """Retry-After as seconds, whether the vendor sent seconds or an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # A date already past means "now"; one absurdly far means "much later", never an overflow.
    return min(max((when - (now or datetime.now(UTC))).total_seconds(), 0.0), MAX_RETRY_AFTER_S)


def retryable_status(status: int, idempotent: bool) -> bool:
    return idempotent and status in RETRY_STATUSES


def certificate_refused(error: BaseException) -> bool:
    """TLS verification failed: the vendor's certificate (or a proxy's) is not trusted here."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        cause = cause.__cause__ or cause.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(error)


def retryable_error(error: Exception, idempotent: bool) -> bool:
    if certificate_refused(error):  # the same certificate will be refused again
        return False
    if isinstance(error, AnswerTooLarge):  # as large the next time
        return False
    if isinstance(error, NOT_DELIVERED):
        return True
    return idempotent and isinstance(error, httpx.TransportError)
