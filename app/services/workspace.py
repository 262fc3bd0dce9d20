"""All vendor services of one app run (GUI or CLI): clients, sessions, and their clean end."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from app import vendors
from app.core.activity import ActivityLog, Redaction, event_hooks, record_failure
from app.core.credentials import CredentialStore
from app.core.http import address_problem, create_client, without_credentials
from app.core.service import VendorService
from app.sandbox.demo import demo_credentials
from app.sandbox.transport import InProcessSandbox, sandbox_base_url
from app.services.declared import Declarations, everything
from app.services.folders import HISTORY_FILE
from app.services.known_records import KnownRecords
from app.services.recent import RecentRecords
from app.services.settings import Settings, config_dir

if TYPE_CHECKING:
    from app.sandbox.registry import Sandbox
from app.contract.search import Kept, Retells
from app.contract.vendor import Environment, VendorDefinition


class Workspace:
    def __init__(
        self,
        settings: Settings,
        credentials: CredentialStore,
        sandbox: Sandbox | None = None,
        clock: Callable[[], float] = time.time,
        url_overrides: dict[str, dict[str, str]] | None = None,
        activity: ActivityLog | None = None,
        profile_declarations: Mapping[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        # The organisation profile's vendor sections that declare operations or fields (the window
        # and the CLI read the profile before any workspace exists).
        self._profile_declarations = profile_declarations or {}
        self._declarations: Declarations | None = None
        self._definitions: dict[str, VendorDefinition] = {}
        self.credentials = credentials
        self.in_process = InProcessSandbox(sandbox, [entry.id for entry in vendors.available()])
        self._clock = clock
        self._url_overrides = url_overrides or {}
        self._services: dict[tuple[str, str], VendorService] = {}
        self._retired: list[httpx.AsyncClient] = []  # replaced by reconnect(), closed by aclose()
        self.activity = activity if activity is not None else ActivityLog(config_dir() / HISTORY_FILE)
        settings = self.settings
        self.known = KnownRecords(
            credentials,
            enabled=settings.keeps_records,
            keep_days=lambda: float(settings.record_index_days),
            clock=self._clock,
        )
        self.recent = RecentRecords(config_dir() / "recent.json", self.known)
        self._kept: dict[tuple[str, str, str], Any] = {}
        # Addresses from settings.json that were refused (plain http to another computer), in words.
        self.address_problems: list[str] = []
        self._address_problems_of: dict[tuple[str, str], list[str]] = {}

    def definition(self, vendor_id: str) -> VendorDefinition:
        """The vendor as its catalog declares it, with what the organisation and the person added."""
        if vendor_id not in self._definitions:
            self._definitions[vendor_id] = self.declarations().extend(vendors.load(vendor_id))
        return self._definitions[vendor_id]

    def declarations(self) -> Declarations:
        """Operations and fields declared in the profile and the person's own file (read once, when
        a vendor is first used; only the catalogs they name are loaded to check them)."""
        if self._declarations is None:
            self._declarations = everything(self._profile_declarations)
        return self._declarations

    def current_environment(self, vendor_id: str) -> Environment:
        definition = self.definition(vendor_id)
        chosen = self.settings.environment_for(vendor_id, definition.default_environment.id)
        try:
            return definition.environment(chosen)
        except KeyError:
            return definition.default_environment

    def hosts_for(self, definition: VendorDefinition, environment: Environment) -> dict[str, str]:
        if environment.sandbox:
            hosts = {host: sandbox_base_url(definition.id, host) for host in environment.hosts}
        else:
            hosts = dict(environment.hosts)
        for host, url in self.settings.base_url_overrides(definition.id, environment.id).items():
            if url:
                hosts[host] = self._usable_address(definition, environment, host, url, hosts.get(host, ""))
        hosts.update(self._url_overrides.get(definition.id, {}))  # the CLI's --url, checked by the CLI
        return hosts

    def _usable_address(
        self, definition: VendorDefinition, environment: Environment, host: str, url: str, usual: str
    ) -> str:
        """``url`` from the settings, or — when it may not carry keys — the usual address, said once."""
        problem = address_problem(url)
        if not problem:
            return url
        instead = f"{usual} is used instead" if usual else "no address is used until it is corrected"
        shown = without_credentials(url).strip()  # never a password; the problem shows what is hidden
        where = f"The {definition.name} {environment.label} address in the settings ({host}: {shown})"
        sentence = f"{where} {problem[:-1]}; {instead}."
        if sentence not in self.address_problems:
            self.address_problems.append(sentence)
        said = self._address_problems_of.setdefault((definition.id, environment.id), [])
        if sentence not in said:
            said.append(sentence)
        return usual

    def address_problems_for(self, vendor_id: str, environment_id: str) -> list[str]:
        """What was refused among the addresses of one vendor environment (once its service exists)."""
        return list(self._address_problems_of.get((vendor_id, environment_id), []))

    def service(self, vendor_id: str, environment_id: str | None = None) -> VendorService:
        definition = self.definition(vendor_id)
        environment = (
            definition.environment(environment_id) if environment_id else self.current_environment(vendor_id)
        )
        key = (vendor_id, environment.id)
        if key not in self._services:
            hosts = self.hosts_for(definition, environment)
            client = self._client_for(definition, environment, hosts)
            fallback = demo_credentials(definition.id) if environment.sandbox else None
            service = VendorService(
                definition, environment, hosts, client, self.credentials, self._clock, fallback
            )
            service.on_failure = partial(
                record_failure, self.activity, definition.id, redaction=Redaction.for_vendor(definition)
            )
            service.on_result = self.known.listener(definition, environment.id)
            self._services[key] = service
        return self._services[key]

    async def warm_up(self) -> None:
        """Import and build now, on a worker thread while nobody waits, what the first request would
        pay for at a click.

        A module imported after Qt costs more than usual (PySide6's import hook), and the in-process
        sandbox seeds its records when first used: at a click, each stalled the window for
        80-180 ms (bench/RESULTS.md, responsiveness)."""
        await asyncio.to_thread(_import_first_use_modules)
        if any(self.current_environment(entry.id).sandbox for entry in vendors.available()):
            await self.in_process.prepare()

    def _client_for(
        self, definition: VendorDefinition, environment: Environment, hosts: dict[str, str]
    ) -> httpx.AsyncClient:
        in_process = environment.sandbox and all(
            url == sandbox_base_url(definition.id, host) for host, url in hosts.items()
        )
        return create_client(
            transport=self.in_process.transport() if in_process else None,
            timeout_s=self.settings.timeout_s,
            event_hooks=event_hooks(self.activity, definition.id, Redaction.for_vendor(definition)),
            ca_bundle=self.settings.ca_bundle,
            max_answer_bytes=self.settings.answer_limit_mb * 1024 * 1024,
        )

    def reconnect(self) -> None:
        """Give every service a client made from the settings as they are now (timeout, CA bundle).

        Sessions and tokens stay.  The old clients are closed when the workspace closes: a request
        still on one finishes there."""
        for service in self._services.values():
            self._retired.append(service.client)
            service.client = self._client_for(service.definition, service.environment, service.hosts)

    def kept(self, vendor_id: str, environment_id: str, name: str, make: Callable[[Path], Kept]) -> Kept:
        """A vendor environment's local record of what its API cannot list (OneOffice's orders),
        made once from ``<vendor>-<name>-<environment>.json`` and kept for the session: the only
        reader and writer of its file, so every screen and the quick lookup see the same records."""
        key = (vendor_id, environment_id, name)
        if key not in self._kept:
            made = make(config_dir() / f"{vendor_id}-{name}-{environment_id}.json")
            if isinstance(made, Retells):
                # Once per environment: a file from before the index holds records it never heard.
                self.known.tell_once(self.definition(vendor_id), environment_id, f"told:{name}", made.answers)
            self._kept[key] = made
        return self._kept[key]  # type: ignore[no-any-return]  # made by this same `make`

    async def known_about(self, vendor_id: str) -> list[tuple[Environment, int]]:
        """Each environment of ``vendor_id`` this computer keeps records of, with how many."""
        definition = self.definition(vendor_id)
        held = await asyncio.to_thread(self.known.environments, vendor_id)
        known: list[tuple[Environment, int]] = []
        for environment in definition.environments:
            if environment.id in held:
                count = await self.known.run(vendor_id, environment.id, lambda index: index.count())
                known.append((environment, int(count)))
        return known

    async def forget_records(self, vendor_id: str) -> None:
        """Empty what this computer knows of ``vendor_id`` in every environment: its record index
        (sync dates included, so the next sync starts from the beginning) and its recent records."""
        await self.known.forget(vendor_id)
        self.recent.forget_vendor(vendor_id)

    def services(self) -> list[VendorService]:
        return list(self._services.values())

    async def aclose(self) -> None:
        """End sessions that must be ended, then close every client (called on exit)."""
        for service in self._services.values():
            if service.session.strategy.ends_session and service.session.token is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(service.sign_out(), timeout=5)
        for service in self._services.values():
            await service.client.aclose()
        for client in self._retired:
            await client.aclose()
        self._services.clear()
        self._retired.clear()
        await self.known.aclose()


def _import_first_use_modules() -> None:
    # httpx's transports load these at the first request, and reading a token's expiry loads _strptime;
    # the names are those libraries' own, so a release that moves one costs only this head start.
    for module in ("anyio._backends._asyncio", "httpcore._backends.anyio", "h11", "_strptime"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
