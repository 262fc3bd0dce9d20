"""The session manager: one per vendor environment, owner of its token.

It signs in on demand, renews a token shortly before it expires, re-authenticates
once when a call meets 401, lets concurrent calls share one sign-in (single
flight), tries a sign-in again when the vendor answers that it is too busy for it
(429, 502-504: no session was made), ends sessions that must be ended, and publishes its state to listeners
(the Qt adapter turns those into signals; the CLI ignores them).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

import httpx

from app.contract.auth import AuthStrategy, Sender, Token, UrlFor
from app.contract.errors import AuthError, NetworkError, SwitchboardError
from app.core.http import network_error
from app.core.retry import RETRY_STATUSES, Attempts, RetryPolicy, Sleep, retry_after_seconds, retryable_error
from app.core.secrets import remember


class SessionState(Enum):
    NOT_CONFIGURED = "not configured"
    SIGNED_OUT = "signed out"
    SIGNING_IN = "signing in"
    ACTIVE = "active"
    EXPIRING_SOON = "expiring soon"
    EXPIRED = "expired"
    ERROR = "error"


@dataclass(frozen=True)
class SessionStatus:
    state: SessionState
    message: str = ""
    started_at: float | None = None
    expires_at: float | None = None

    def seconds_left(self, now: float) -> float | None:
        return None if self.expires_at is None else max(0.0, self.expires_at - now)


# Answers the credentials of this vendor environment, or None when some are missing.
CredentialsProvider = Callable[[], Mapping[str, str] | None]
# Builds the data request once the session knows the token to authorise it with.
RequestBuilder = Callable[[], httpx.Request]
Listener = Callable[[SessionStatus], None]
# Told about each sign-in or sign-out request that got no answer at all (the activity log records it).
FailureListener = Callable[[httpx.Request, Exception], None]


class SessionManager:
    """Owns one vendor environment's token and publishes its state."""

    def __init__(
        self,
        strategy: AuthStrategy,
        send: Sender,
        url_for: UrlFor,
        credentials: CredentialsProvider,
        clock: Callable[[], float] = time.time,
        vendor_name: str = "The vendor",
        refresh_margin_s: float = 30.0,
        expiring_soon_s: float = 60.0,
        retry_policy: Callable[[], RetryPolicy] = RetryPolicy,
        sleep: Sleep = asyncio.sleep,
        on_failure: FailureListener | None = None,
    ) -> None:
        self.strategy = strategy
        self._send = send
        self._url_for = url_for
        self._credentials = credentials
        self._clock = clock
        self._vendor_name = vendor_name
        self._refresh_margin_s = refresh_margin_s
        self._expiring_soon_s = expiring_soon_s
        self._retry_policy = retry_policy
        self._sleep = sleep
        self._on_failure = on_failure
        self._rng = random.Random()
        self._token: Token | None = None
        self._sign_in_task: asyncio.Task[Token] | None = None
        self._error: str = ""
        self._listeners: list[Listener] = []
        self.sign_in_count = 0

    # --- state -----------------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def status(self) -> SessionStatus:
        """The state as of now (expiry is derived from the clock, so poll for countdowns)."""
        if self._credentials() is None:
            return SessionStatus(SessionState.NOT_CONFIGURED, "Credentials are not set up yet.")
        if self._sign_in_task is not None and not self._sign_in_task.done():
            return SessionStatus(SessionState.SIGNING_IN, "Signing in…")
        if self._error:
            return SessionStatus(SessionState.ERROR, self._error)
        token = self._token
        if token is None:
            return SessionStatus(SessionState.SIGNED_OUT, "Signed out.")
        if token.expires_at is None:
            return SessionStatus(SessionState.ACTIVE, "", token.started_at)
        left = token.expires_at - self._clock()
        if left <= 0:
            return SessionStatus(
                SessionState.EXPIRED, "The token has expired.", token.started_at, token.expires_at
            )
        state = SessionState.EXPIRING_SOON if left <= self._expiring_soon_s else SessionState.ACTIVE
        return SessionStatus(state, "", token.started_at, token.expires_at)

    def _publish(self) -> None:
        status = self.status()
        for listener in list(self._listeners):
            listener(status)

    @property
    def token(self) -> Token | None:
        return self._token

    # --- signing in --------------------------------------------------------------------------

    def _needs_renewal(self, token: Token | None) -> bool:
        if token is None:
            return True
        if token.expires_at is None:
            return False
        return token.expires_at - self._clock() <= self._refresh_margin_s

    async def ensure_token(self) -> Token:
        """A usable token, signing in (once, shared by concurrent callers) when needed."""
        if not self._needs_renewal(self._token):
            assert self._token is not None
            return self._token
        if self._sign_in_task is None or self._sign_in_task.done():
            self._sign_in_task = asyncio.ensure_future(self._sign_in())
            self._publish()
        # shield: one caller being cancelled must not cancel the sign-in others wait for.
        return await asyncio.shield(self._sign_in_task)

    async def _sign_in(self) -> Token:
        credentials = self._credentials()
        try:
            if credentials is None:
                raise AuthError("Credentials are not set up yet. Open Credentials… to add them.")
            token = await self.strategy.sign_in(self._send_sign_in, self._url_for, credentials, self._clock())
        except SwitchboardError as exc:
            self._token = None
            self._error = exc.message
            raise
        finally:
            # Published after the task finishes so listeners never see "signing in" forever.
            asyncio.get_running_loop().call_soon(self._publish)
        remember(token.value)  # issued to us: redacted wherever text leaves the app from now on
        self.sign_in_count += 1
        self._token = token
        self._error = ""
        return token

    async def _send_sign_in(self, request: httpx.Request) -> httpx.Response:
        """Send a sign-in, again after a wait while the vendor answers that it is too busy for it, or
        while nothing answers at all; a failure of the network becomes the sentence a data call gives.

        Only those cases: they say no session was made.  A sign-in that broke off on the way may
        have made one (IQ Reseller's must be ended)."""
        policy, attempts = self._retry_policy(), Attempts()
        while True:
            attempts.count += 1
            try:
                response = await self._send(request)
            except httpx.TransportError as exc:
                self._tell_failure(request, exc)
                if not attempts.may_repeat(policy, retryable_error(exc, idempotent=False)):
                    raise network_error(self._vendor_name, exc) from None
                await attempts.wait(policy, None, self._sleep, self._rng)
                continue
            if not attempts.may_repeat(policy, response.status_code in RETRY_STATUSES):
                return response
            await attempts.wait(policy, retry_after_seconds(response), self._sleep, self._rng)

    def _tell_failure(self, request: httpx.Request, error: Exception) -> None:
        if self._on_failure is not None:
            self._on_failure(request, error)

    async def sign_in(self) -> SessionStatus:
        """Sign in now (the Sign in button); raises the typed error on failure."""
        self._error = ""
        self._token = None if self.strategy.signs_in else self._token
        await self.ensure_token()
        return self.status()

    # --- data calls --------------------------------------------------------------------------

    async def send(self, build: RequestBuilder) -> httpx.Response:
        """Send an authorised request; on 401 re-authenticate once and repeat it."""
        credentials = self._credentials()
        if credentials is None:
            raise AuthError("Credentials are not set up yet. Open Credentials… to add them.")
        token = await self.ensure_token()
        response = await self._send_with(build, token, credentials)
        if response.status_code != 401:
            return response
        if not self.strategy.signs_in:
            message = f"{self._vendor_name} refused the API key. Check it in Credentials."
            self._fail(message)
            raise AuthError(message, 401)
        if self._token is token:
            # Only the first caller to see this token refused drops it; the others share its renewal.
            self._token = None
        token = await self.ensure_token()
        response = await self._send_with(build, token, credentials)
        if response.status_code == 401:
            message = (
                f"{self._vendor_name} refused the request even after signing in again. Check the credentials."
            )
            self._fail(message)
            raise AuthError(message, 401)
        return response

    async def _send_with(
        self, build: RequestBuilder, token: Token, credentials: Mapping[str, str]
    ) -> httpx.Response:
        request = build()
        self.strategy.authorize(request, token, credentials)
        response = await self._send(request)
        if response.status_code != 401 and self._error:
            self._error = ""
            self._publish()
        return response

    def _fail(self, message: str) -> None:
        self._token = None
        self._error = message
        self._publish()

    # --- signing out -------------------------------------------------------------------------

    async def sign_out(self) -> None:
        """Forget the token; end the vendor-side session where there is one.

        When the vendor cannot be told, the session is still over here: the NetworkError says so."""
        token, self._token = self._token, None
        self._error = ""
        if self._sign_in_task is not None and not self._sign_in_task.done():
            self._sign_in_task.cancel()
        try:
            if token is not None and self.strategy.ends_session:
                await self.strategy.sign_out(self._send_sign_out, self._url_for, token)
        finally:
            self._publish()

    async def _send_sign_out(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._send(request)
        except httpx.TransportError as exc:
            self._tell_failure(request, exc)
            sentence = network_error(self._vendor_name, exc).message
            raise NetworkError(f"{sentence} You are signed out on this computer.") from None

    def forget(self) -> None:
        """Drop the token without telling the vendor (credentials changed)."""
        self._token = None
        self._error = ""
        self._publish()
