"""``python -m app call``: every operation, headless, over the same service layer as the GUI.

    python -m app call VENDOR OPERATION [--env NAME] [--url HOST=URL ...] [-p KEY=VALUE ...]
                       [--body JSON] [--all-pages] [--yes]
    python -m app call --list
    python -m app call VENDOR OPERATION --help

Success: the vendor's JSON on stdout, exit 0.  Failure: {"error": {...}} on stdout,
one sentence on stderr, and the exit code of the error's kind (1 remote, 2 usage or
validation — nothing was sent —, 3 authentication, 4 network, 5 confirmation required).
Ctrl+C (SIGINT) exits 130 and SIGTERM 143, as shells report them, after the command's sessions are
ended; anything unexpected is one sentence on stderr (exit 1), its details only in the log.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import signal
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from app import vendors
from app.contract.errors import (
    ConfirmationRequired,
    OperationCancelled,
    SwitchboardError,
    UsageError,
    ValidationError,
)
from app.contract.spec import Field, Location, Operation, SessionStep
from app.contract.vendor import VendorDefinition

if TYPE_CHECKING:
    from app.services.declared import Declarations

USAGE = (
    "python -m app call VENDOR OPERATION [--env NAME] [--url HOST=URL ...] [-p KEY=VALUE ...] "
    "[--body JSON] [--all-pages] [--yes]\n"
    "       python -m app call --list\n"
    "       python -m app call VENDOR OPERATION --help"
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the CLI's JSON shape (exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message[:1].upper() + message[1:] + ".")


def _parser() -> _Parser:
    parser = _Parser(prog="python -m app call", usage=USAGE, add_help=False)
    parser.add_argument("vendor", nargs="?")
    parser.add_argument("operation", nargs="?")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("-h", "--help", action="store_true")
    parser.add_argument("--env")
    parser.add_argument("--url", action="append", default=[], metavar="HOST=URL")
    parser.add_argument("-p", action="append", default=[], dest="params", metavar="KEY=VALUE")
    parser.add_argument("--body")
    parser.add_argument("--all-pages", action="store_true")
    parser.add_argument("--yes", action="store_true")
    return parser


# The longest single value placed in an address (a path part, a query parameter): ids are tens of
# characters, and servers refuse request lines over 8 KB, so anything past this is a paste gone wrong.
ADDRESS_VALUE_LIMIT = 4_096
# How deep --body may nest: vendors' records are a few levels deep; Python's own reader and writer
# stop near 1,000 levels with a RecursionError.
BODY_DEPTH_LIMIT = 100


def _pairs(items: list[str], what: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{what} must look like KEY=VALUE (got {item!r}).")
        pairs[key] = value
    return pairs


def _depth(value: Any) -> int:
    """How many objects and lists ``value`` nests, counted without recursion (the point is to refuse
    what would exhaust Python's stack)."""
    deepest, level = 0, [(value, 1)]
    while level:
        node, depth = level.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        level.extend((child, depth + 1) for child in children)
    return deepest


def _too_long_for_an_address(operation: Operation, values: Mapping[str, Any]) -> None:
    in_address = {f.name.lower() for f in operation.fields if f.location in (Location.PATH, Location.QUERY)}
    for name, value in values.items():
        if name.lower() in in_address and isinstance(value, str) and len(value) > ADDRESS_VALUE_LIMIT:
            raise UsageError(
                f"{name} is {len(value):,} characters long; a value sent in the address may have at most "
                f"{ADDRESS_VALUE_LIMIT:,}."
            )


def body_values(operation: Operation, body: Any) -> dict[str, Any]:
    """Map a --body JSON onto the operation's fields (nested objects → dotted field names).

    A key no field declares is refused, except at the top of an open body (INSZoom's records),
    where it is kept, as typed, for the vendor."""
    root = next((f for f in operation.fields if f.location is Location.BODY_ROOT), None)
    if root is not None:
        return {root.name: body}
    if not isinstance(body, dict):
        raise UsageError("--body must be a JSON object for this operation.")
    known = {f.name.lower(): f.name for f in operation.fields if f.location is Location.BODY}
    values: dict[str, Any] = {}
    unknown: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if name.lower() in known:
                values[known[name.lower()]] = value
            elif isinstance(value, dict) and any(k.startswith(name.lower() + ".") for k in known):
                walk(value, name + ".")
            elif operation.open_body is not None and not prefix:
                values[name] = value
            else:
                unknown.append(name)

    walk(body, "")
    if unknown:
        raise UsageError(f"--body has keys this operation does not take: {', '.join(unknown)}.")
    return values


def describe_vendors(out: TextIO) -> None:
    for entry in vendors.VENDORS:
        definition = _definition(entry.id)
        for operation in definition.operations:
            names = " ".join(f.name + ("*" if f.required else "") for f in operation.fields)
            if operation.open_body is not None:
                names += " +"
            print(f"{entry.id}  {operation.id:<28} {operation.label:<34} {names}".rstrip(), file=out)
    print(
        "\n* required.  + takes other keys too, sent as typed.  "
        "Details: python -m app call VENDOR OPERATION --help",
        file=out,
    )


def _choices_help(spec: Field) -> str:
    if spec.open_choices:
        return " (any text; the window offers a list)"
    if len(spec.choices) > 12:
        return f" (one of {len(spec.choices)}: {', '.join(spec.choices[:5])}, …)"
    return " (" + ", ".join(spec.choices) + ")"


def describe_operation(definition: VendorDefinition, operation: Operation, out: TextIO) -> None:
    print(f"{definition.id} {operation.id}: {operation.label}", file=out)
    print(f"  {operation.method} {operation.path}  (host: {operation.host})", file=out)
    if operation.description:
        print(f"  {operation.description}", file=out)
    if operation.destructive:
        print("  Changes or removes a record.", file=out)
    if operation.paging is not None:
        print("  Paginated: --all-pages fetches every page.", file=out)
    if operation.session is not None:
        print(f"  {SESSION_HELP[operation.session]}", file=out)
    print("\nParameters (-p KEY=VALUE, or inside --body for body fields):", file=out)
    if not operation.fields:
        print("  none", file=out)
    for spec in operation.fields:
        kind = spec.kind.value
        if spec.choices:
            kind += _choices_help(spec)
        if spec.kind.value == "date":
            kind += f" {spec.date_format}"
        required = "required" if spec.required else "optional"
        where = spec.location.value + (f" as {spec.key}" if spec.key else "")
        print(f"  {spec.name:<26} {kind:<22} {required:<9} in {where}", file=out)
        if spec.help:
            print(f"      {spec.help}", file=out)
    if operation.open_body is not None:
        print(f"\nOther keys: {operation.open_body.help}", file=out)
    environments = ", ".join(e.id for e in definition.environments)
    print(f"\nEnvironments (--env): {environments}", file=out)
    hosts = ", ".join(sorted(definition.environments[0].hosts))
    print(f"Hosts (--url HOST=URL): {hosts}", file=out)


SESSION_HELP = {
    SessionStep.START: "Prints the vendor's answer with the session token redacted; the session is ended "
    "before the command exits, as every command's session is, so none is left open.",
    SessionStep.END: "Ends the session this command holds; a command starts none of its own before it "
    "runs, so from the command line this ends nothing and sends nothing (each command ends its "
    "session before it exits).",
}


def _failure(error: SwitchboardError) -> int:
    report = error.as_dict()
    sentence = error.message
    if isinstance(error, ValidationError):
        sentence = " ".join(f"{name}: {message}" for name, message in error.fields.items())
        report["message"] = sentence
    print(json.dumps({"error": report}, indent=2, ensure_ascii=False))
    print(sentence, file=sys.stderr)
    return error.exit_code


async def _call(options: argparse.Namespace) -> Any:
    from app.core.credentials import CredentialStore
    from app.core.http import address_problem, without_credentials
    from app.services.settings import Settings
    from app.services.workspace import Workspace

    definition = _definition(options.vendor)
    operation = _operation(definition, options.operation)
    if options.env and options.env not in {e.id for e in definition.environments}:
        names = ", ".join(e.id for e in definition.environments)
        raise UsageError(f"{definition.name} has no environment {options.env!r}; choose one of: {names}.")
    urls = _pairs(options.url, "--url")
    known_hosts = set(definition.environments[0].hosts)
    if unknown := sorted(set(urls) - known_hosts):
        raise UsageError(
            f"Unknown host {unknown[0]!r}; {definition.name} has: {', '.join(sorted(known_hosts))}."
        )
    for host, url in urls.items():
        if problem := address_problem(url):
            raise UsageError(f"--url {host}={without_credentials(url)} {problem}")
    values: dict[str, Any] = _pairs(options.params, "-p")
    if options.body is not None:
        from app.core.prepare import loads

        too_deep = UsageError(f"--body nests more than {BODY_DEPTH_LIMIT} levels deep; no vendor takes that.")
        try:
            body = loads(options.body)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--body is not valid JSON ({exc.msg}, column {exc.colno}).") from None
        except ValueError as exc:  # NaN or Infinity: Python reads them, no vendor can
            raise UsageError(f"--body: {exc}") from None
        except RecursionError:
            raise too_deep from None
        if _depth(body) > BODY_DEPTH_LIMIT:
            raise too_deep
        from_body = body_values(operation, body)
        if twice := sorted({name.lower() for name in values} & {name.lower() for name in from_body}):
            raise UsageError(f"{', '.join(twice)} is given both with -p and in --body; give it once.")
        values.update(from_body)
    _too_long_for_an_address(operation, values)
    if options.all_pages and operation.paging is None:
        raise UsageError(f"{operation.id} is not a paginated list; --all-pages does not apply.")

    settings = Settings()
    if settings.load_problem:  # on stderr, so the JSON on stdout stays what a script reads
        print(f"{settings.load_problem} ({settings.path})", file=sys.stderr)
    workspace = Workspace(
        settings, CredentialStore(), url_overrides={definition.id: urls}, profile_declarations=_declared()[0]
    )
    _end_on_sigterm()
    try:
        service = workspace.service(definition.id, options.env)
        for problem in workspace.address_problems:
            print(problem, file=sys.stderr)
        if options.all_pages:
            return await service.run_all_pages(operation.id, values, settings.concurrency)
        try:
            return (await service.run(operation.id, values)).data
        except ConfirmationRequired as exc:
            if not options.yes:
                raise
            return (await service.run(operation.id, {**values, exc.confirm_param: "Yes"})).data
    finally:
        # Ends sessions that must be ended (IQ Reseller), also after an error.
        await workspace.aclose()


def _definition(vendor_id: str | None) -> VendorDefinition:
    """The vendor as the window sees it: its catalog, with the operations and fields declared in the
    organisation profile and the person's operations.json."""
    if not vendor_id:
        raise UsageError("Name a vendor and an operation, or use --list.")
    try:
        catalog = vendors.load(vendor_id)
    except KeyError:
        known = ", ".join(e.id for e in vendors.available())
        raise UsageError(f"Unknown or unavailable vendor {vendor_id!r}; available: {known}.") from None
    return _declared()[1].extend(catalog)


@functools.cache
def _declared() -> tuple[Mapping[str, Any], Declarations]:
    """The profile's declaring sections, and every declaration read (its problems said once, on
    stderr, so that stdout stays the JSON a script reads)."""
    from app.services.declared import everything
    from app.services.profile import profile_declarations

    sections, profile_problem = profile_declarations()
    found = everything(sections)
    for problem in ([profile_problem] if profile_problem else []) + found.problems:
        print(problem, file=sys.stderr)
    return sections, found


def _operation(definition: VendorDefinition, operation_id: str | None) -> Operation:
    if not operation_id:
        raise UsageError(f"Name one of {definition.name}'s operations (see --list).")
    try:
        return definition.operation(operation_id)
    except KeyError:
        known = ", ".join(o.id for o in definition.operations)
        raise UsageError(f"{definition.name} has no operation {operation_id!r}; it has: {known}.") from None


class Terminated(OperationCancelled):
    """SIGTERM (or Ctrl+Break) stopped the command: 128 + 15, as a shell reports it."""

    exit_code = 143


_stopped_by: list[str] = []  # the signal that stopped this run (a cancelled run looks the same)


def _end_on_sigterm() -> None:
    """SIGTERM cancels the command where it waits, so its ``finally`` ends the sessions, as asyncio
    already does for Ctrl+C.  Windows has no SIGTERM; Ctrl+Break arrives there as SIGBREAK."""
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()

    def stop(name: str) -> None:
        _stopped_by.append(name)
        task.cancel()

    for name in ("SIGTERM", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            loop.add_signal_handler(number, stop, name)
        except NotImplementedError:  # Windows' event loops take no signal handlers
            signal.signal(number, functools.partial(_from_handler, loop, stop, name))


def _from_handler(loop: asyncio.AbstractEventLoop, stop: Any, name: str, *_signal: Any) -> None:
    loop.call_soon_threadsafe(stop, name)


def _run(main: Any) -> Any:
    """``asyncio.run``, with Ctrl+C and SIGTERM made failures with their exit codes (130, 143)."""
    try:
        return asyncio.run(main)
    except KeyboardInterrupt:
        raise OperationCancelled("Stopped by Ctrl+C; any session the command held was ended.") from None
    except asyncio.CancelledError:
        if not _stopped_by:
            raise
        raise Terminated(
            f"Stopped by a request to end ({_stopped_by[0]}); any session the command held was ended."
        ) from None


def _unexpected(error: Exception) -> int:
    """The last resort: one sentence for the person, the traceback (redacted) only in the log."""
    import logging

    from app.core.logs import redact, setup_logging

    log = setup_logging()
    logging.getLogger(__name__).error("Unexpected problem in the command line", exc_info=error)
    said = str(error).splitlines()[0][:200] if str(error) else ""
    what = redact(f"{type(error).__name__}: {said}" if said else type(error).__name__)
    where = f"the log at {log} has the details" if log else "no log file could be written"
    return _failure(SwitchboardError(f"Switchboard hit an unexpected problem: {what}; {where}."))


def _guarded(command: Any) -> int:
    try:
        return int(command())
    except KeyboardInterrupt:  # Ctrl+C outside the loop (while the catalogs load)
        return _failure(OperationCancelled("Stopped by Ctrl+C."))
    except Exception as error:
        return _unexpected(error)


def main(argv: list[str]) -> int:
    return _guarded(lambda: _call_main(argv))


def _call_main(argv: list[str]) -> int:
    try:
        options = _parser().parse_args(argv)
        if options.list:
            describe_vendors(sys.stdout)
            return 0
        if options.help:
            if options.vendor and options.operation:
                definition = _definition(options.vendor)
                describe_operation(definition, _operation(definition, options.operation), sys.stdout)
            else:
                print("usage: " + USAGE)
            return 0
        data = _run(_call(options))
    except SwitchboardError as error:
        return _failure(error)
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0


FIND_USAGE = "python -m app find TEXT [--vendor VENDOR] [--env NAME]"


def _find_parser() -> _Parser:
    parser = _Parser(prog="python -m app find", usage=FIND_USAGE, add_help=False)
    parser.add_argument("text", nargs="?")
    parser.add_argument("--vendor")
    parser.add_argument("--env")
    parser.add_argument("-h", "--help", action="store_true")
    return parser


async def _find(options: argparse.Namespace) -> list[dict[str, Any]]:
    from app.core.credentials import CredentialStore
    from app.services.lookup import QuickLookup
    from app.services.settings import Settings
    from app.services.workspace import Workspace

    text = (options.text or "").strip()
    if len(text) < 2:
        raise UsageError("Type at least two characters to find: a name, an email, a phone or an id.")
    if options.vendor:
        _definition(options.vendor)
    settings = Settings()
    if settings.load_problem:
        print(f"{settings.load_problem} ({settings.path})", file=sys.stderr)
    asked = [options.vendor] if options.vendor else [entry.id for entry in vendors.available()]
    if options.env:
        with_it = [v for v in asked if options.env in {e.id for e in vendors.load(v).environments}]
        if not with_it:
            raise UsageError(f"No vendor asked has an environment {options.env!r}.")
        for vendor_id in with_it:  # for this run only: the settings file is not written
            settings.set_environment(vendor_id, options.env)
        asked = with_it
    workspace = Workspace(settings, CredentialStore())
    _end_on_sigterm()
    try:
        outcomes = []
        for vendor_id in asked:
            outcomes += await QuickLookup(workspace, signs_in=True).search(text, lambda _o: None, vendor_id)
    finally:
        await workspace.aclose()
    failed = [o for o in outcomes if o.state == "failed" and o.error is not None]
    if outcomes and len(failed) == len(outcomes):
        assert failed[0].error is not None
        raise failed[0].error  # nobody could be asked: say why, with its exit code
    for outcome in outcomes:
        if outcome.state in ("failed", "skipped"):
            print(f"{outcome.name}: {outcome.note}", file=sys.stderr)
    return [
        {
            "vendor": hit.vendor,
            "kind": hit.kind,
            "id": hit.record_id,
            "title": hit.title,
            "detail": hit.detail,
            "environment": hit.environment,
            "source": hit.source,
        }
        for outcome in outcomes
        for hit in outcome.hits
    ]


def find_main(argv: list[str]) -> int:
    """``python -m app find TEXT``: the hits as one JSON array; the exit codes of ``call``."""
    return _guarded(lambda: _find_main(argv))


def _find_main(argv: list[str]) -> int:
    try:
        options = _find_parser().parse_args(argv)
        if options.help:
            print("usage: " + FIND_USAGE)
            return 0
        hits = _run(_find(options))
    except SwitchboardError as error:
        return _failure(error)
    print(json.dumps(hits, indent=2, ensure_ascii=False))
    return 0
