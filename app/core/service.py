"""The service layer the UI and the CLI call: one VendorService per vendor environment."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from app.contract.errors import AuthError, RemoteError, SwitchboardError, UsageError, ValidationError
from app.contract.spec import Operation, SessionStep
from app.contract.vendor import Environment, VendorDefinition
from app.core.credentials import CredentialStore, credential_problems, trimmed
from app.core.download import ProgressListener, download
from app.core.executor import FailureListener, Result, execute
from app.core.pagination import PageListener, fetch_all_pages
from app.core.prepare import PreparedRequest, prepare
from app.core.retry import RetryPolicy, Sleep
from app.core.secrets import redact_known, remember
from app.core.session import SessionManager, SessionStatus


class VendorService:
    """Runs one vendor's operations in one environment, through its session."""

    def __init__(
        self,
        definition: VendorDefinition,
        environment: Environment,
        hosts: Mapping[str, str],
        client: httpx.AsyncClient,
        credentials: CredentialStore,
        clock: Callable[[], float] = time.time,
        fallback_credentials: Mapping[str, str] | None = None,
    ) -> None:
        self.definition = definition
        self.environment = environment
        self.hosts = dict(hosts)
        self.client = client
        self._credentials = credentials
        # The sandbox's public demo credentials, used until the user saves their own.
        self._fallback = dict(fallback_credentials or {})
        self.retry_policy = RetryPolicy()
        self.sleep: Sleep = asyncio.sleep
        self.on_failure: FailureListener | None = None
        # Told after each success (the record index learns from every answer); must not raise.
        self.on_result: Callable[[str, Mapping[str, Any], Any], None] | None = None
        self.session = SessionManager(
            definition.make_auth(),
            # Through the attribute: the workspace swaps the client when connection settings change.
            lambda request: self.client.send(request),
            self.url_for,
            self.credentials,
            clock=clock,
            vendor_name=definition.name,
            # Read when used: tests and the CLI set the service's policy and sleep after building it.
            retry_policy=lambda: self.retry_policy,
            sleep=lambda seconds: self.sleep(seconds),
            on_failure=lambda request, error: self.on_failure and self.on_failure(request, error),
        )

    def url_for(self, host: str, path: str) -> str:
        base = self.hosts.get(host, "")
        if not base:
            raise UsageError(
                f"No address is set for {self.definition.name} ({self.environment.label}). "
                "Ask your administrator for it, or choose the sandbox."
            )
        if path in ("", "/"):
            return base  # OneOffice's single endpoint is $URL itself, exactly as entered
        return base.rstrip("/") + "/" + path.lstrip("/")

    def credentials(self) -> dict[str, str] | None:
        # Asked for on every request: the saved values are looked up once (each is a keyring read).
        saved = self._saved_credentials()
        values = dict(self._fallback) if saved is None and self._fallback_complete() else saved
        if values is not None:
            # Saved, typed or from the environment: from now on redacted wherever text leaves the app.
            remember(*(values.get(spec.name) for spec in self.definition.credential_fields if spec.secret))
        return values

    @property
    def uses_demo_credentials(self) -> bool:
        return self._saved_credentials() is None and self._fallback_complete()

    def _saved_credentials(self) -> dict[str, str] | None:
        names = [f.name for f in self.definition.credential_fields]
        return self._credentials.complete(self.definition.id, self.environment.id, names)

    def _fallback_complete(self) -> bool:
        names = [f.name for f in self.definition.credential_fields]
        return bool(self._fallback) and all(self._fallback.get(name) for name in names)

    def check_credentials(self) -> None:
        """Raise AuthError, before anything is sent, when a saved value cannot be sent as it is."""
        values = self.credentials()
        if values is None:
            return  # the session says they are missing, in its own words
        fields = self.definition.credential_fields
        problems = credential_problems(fields, self.session.strategy.header_fields, values)
        if problems:
            what = "; ".join(problems.values())
            raise AuthError(
                f"The {self.definition.name} credentials for {self.environment.label} cannot be sent: "
                f"{what}. Open Credentials… and enter it again."
            )

    def operation(self, operation_id: str) -> Operation:
        try:
            return self.definition.operation(operation_id)
        except KeyError:
            raise UsageError(f"{self.definition.name} has no operation called {operation_id}.") from None

    def prepare(self, operation_id: str, values: Mapping[str, Any]) -> PreparedRequest:
        return prepare(self.operation(operation_id), values)

    async def run(self, operation_id: str, values: Mapping[str, Any]) -> Result:
        """Validate (nothing is sent when that fails), then send and read the answer."""
        with without_secrets():
            prepared = self.prepare(operation_id, values)
            self.check_credentials()
            if prepared.operation.session is not None:
                return await self._session_step(prepared.operation.session)
            result = await execute(
                self.definition,
                self.session,
                prepared,
                self.url_for,
                self.retry_policy,
                self.sleep,
                on_failure=self.on_failure,
            )
        if self.on_result is not None:
            self.on_result(operation_id, values, result.data)
        return result

    async def _session_step(self, step: SessionStep) -> Result:
        """Start a session (its answer shown with the token redacted), or end the one held.

        Nothing is recorded of it: the answer names no record, and the token is not kept anywhere
        but the session, which ends it at sign-out or when the application or command ends."""
        started = time.monotonic()
        if step is SessionStep.START:
            # A session already held is the one shown: starting another would leave it open.
            await self.session.ensure_token()
            token = self.session.token
            if token is None:  # signed out meanwhile: there is no answer left to show
                return Result(200, None, time.monotonic() - started)
            return Result(200, redacted(token.answer, (token.value,)), time.monotonic() - started)
        await self.session.sign_out()  # without a session: nothing is sent
        return Result(200, None, time.monotonic() - started)

    async def run_all_pages(
        self,
        operation_id: str,
        values: Mapping[str, Any],
        concurrency: int = 4,
        on_page: PageListener | None = None,
        keep_rows: bool = True,
    ) -> list[Any]:
        """Every page of a paginated list (validated once, before anything is sent)."""
        operation = self.operation(operation_id)
        paging = operation.paging
        if paging is None:
            raise UsageError(f"{operation.label} is not a paginated list.")
        page_values = dict(values)
        page_size = paging.max_size
        if paging.size_field:
            page_values[paging.size_field] = page_values.get(paging.size_field) or paging.max_size
        # Validated once with the first page number, so a bad value stops everything before sending.
        prepared = self.prepare(operation_id, {**page_values, paging.page_field: paging.first_page})
        if paging.size_field:
            page_size = int(prepared.values[paging.size_field])

        async def fetch(page: int) -> Any:
            return await self.page(operation_id, page_values, page)

        return await fetch_all_pages(fetch, paging, page_size, concurrency, on_page, keep_rows)

    async def page(self, operation_id: str, values: Mapping[str, Any], page: int) -> Any:
        """One page of a paginated list; a page past the end that the vendor refuses in the words
        its paging declares (``Paging.end_error``) is an empty page."""
        paging = self.operation(operation_id).paging
        assert paging is not None, f"{operation_id} is not a paginated list"
        try:
            return (await self.run(operation_id, {**values, paging.page_field: page})).data
        except RemoteError as error:
            said = error.vendor_message or error.message
            if paging.end_error and page > paging.first_page and paging.end_error in said:
                return []
            raise

    async def download(self, url: str, target: Path, on_progress: ProgressListener | None = None) -> int:
        """Fetch a file the vendor linked to (a signed URL: no vendor credentials are sent)."""
        return await download(self.client, url, target, on_progress)

    async def sign_in(self) -> SessionStatus:
        """Sign in now, or — for a key with no session — prove the key with a harmless call."""
        with without_secrets():
            self.check_credentials()
            if self.session.strategy.signs_in or self.definition.probe is None:
                return await self.session.sign_in()
            probe = self.definition.probe
            try:
                await self.run(probe.operation, probe.values)
            except RemoteError as exc:
                if exc.status not in probe.accepted:
                    raise
            return self.session.status()

    async def sign_out(self) -> None:
        with without_secrets():
            await self.session.sign_out()


def redacted(data: Any, extra: tuple[str, ...] = ()) -> Any:
    """``data`` with every secret the process holds (and ``extra``) replaced in its texts."""
    if isinstance(data, str):
        return redact_known(data, extra)
    if isinstance(data, dict):
        return {redacted(key, extra): redacted(value, extra) for key, value in data.items()}
    if isinstance(data, list):
        return [redacted(item, extra) for item in data]
    return data


@contextmanager
def without_secrets() -> Iterator[None]:
    """A typed error leaves with no secret the process holds in its words (a vendor may echo a key)."""
    try:
        yield
    except SwitchboardError as exc:
        exc.message = redact_known(exc.message)
        exc.args = (exc.message,)
        if isinstance(exc, RemoteError) and exc.vendor_message:
            exc.vendor_message = redact_known(exc.vendor_message)
        if isinstance(exc, RemoteError | ValidationError):
            exc.fields = {name: redact_known(text) for name, text in exc.fields.items()}
        raise


class TrialCredentials(CredentialStore):
    """Credentials typed in the dialog but not saved yet ("Test connection")."""

    def __init__(self, vendor: str, environment: str, values: Mapping[str, str]) -> None:
        super().__init__(environ={"SWITCHBOARD_NO_KEYRING": "1"})
        self._values = {(vendor, environment, k): v for k, v in values.items()}

    def get(self, vendor: str, environment: str, field: str) -> str | None:
        return trimmed(self._values.get((vendor, environment, field)))


async def check_connection(service: VendorService, values: Mapping[str, str]) -> str:
    """Sign in with typed values on a throw-away session; answer a sentence or raise."""
    trial = VendorService(
        service.definition,
        service.environment,
        service.hosts,
        service.client,
        TrialCredentials(service.definition.id, service.environment.id, values),
    )
    if trial.credentials() is None:
        raise AuthError("Fill in every credential field first.")
    await trial.sign_in()
    await trial.sign_out()
    return f"Connected to {service.definition.name} ({service.environment.label}): the credentials work."
