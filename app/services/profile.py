"""The organisation profile: base URLs and default environments that IT ships with the installer.

A JSON file named ``organisation-profile.json`` (see examples/organisation-profile.json)::

    {"format": 1, "organisation": "Example Ltd", "revision": 1,
     "default_environment": "production",
     "vendors": {"pgi": {"default_environment": "test",
                         "base_urls": {"production": {"api": "https://pgi.example.com"}}}}}

It is looked for in the user's config directory, then beside the frozen executable
(inside the .app's ``Contents/Resources`` on macOS, where a signed bundle keeps its
data).  The first one found is the only one read.

The whole file is checked before anything is written, so a profile with one
mistake changes nothing and says what to fix.  Keys, passwords and user names
are refused: they belong in each user's keychain, never in a file IT copies
around.  ``"record_index": "off"`` in a vendor's section keeps that vendor's records
off the computer (no list of them is kept, and the person cannot turn it on).  A
valid profile is written into the settings through the options ``environment``,
``base_urls`` and ``record_index_locked`` once, and recorded in ``organisation_profile``;
it is applied again only when IT raises its ``revision``, so a user's own choices
are not overwritten at every start.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app import vendors
from app.contract.vendor import VendorDefinition
from app.core.jsonfile import UnreadableJson, parse_json
from app.services import declared
from app.services.settings import Settings, config_dir

PROFILE_NAME = "organisation-profile.json"
PROFILE_FORMAT = 1

TOP_LEVEL_KEYS = {
    "format", "organisation", "revision", "default_environment", "vendors", "ca_bundle", "comment",
}  # fmt: skip
# "operations" and "fields": what the organisation declares beyond the catalog (docs/declared-operations.md).
VENDOR_KEYS = {"default_environment", "base_urls", "record_index", "operations", "fields", "comment"}
DECLARING_KEYS = ("operations", "fields")

# Key names that carry a credential, compared without case, "-", "_" or spaces.
_SECRET_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "credential",
    "privatekey",
    "authorization",
)
_SECRET_NAMES = {"key", "pass", "pwd", "pin", "username", "user", "login", "cookie"}


class ProfileError(ValueError):
    """The profile at ``path`` cannot be used; ``problems`` says everything that is wrong with it."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        listed = "\n".join(f"  - {problem}" for problem in self.problems)
        return (
            f"The organisation profile {self.path} was ignored (nothing in it was applied) because:\n{listed}"
        )


@dataclass(frozen=True)
class Profile:
    path: Path
    organisation: str
    revision: int
    digest: str
    environments: dict[str, str] = field(default_factory=dict)  # vendor -> environment id
    base_urls: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)  # vendor -> env -> host
    ca_bundle: str = ""  # a corporate proxy's certificates (absolute path), trusted besides the usual ones
    # Vendors whose records may not be kept on the computer ("record_index": "off"): no one can turn it on.
    records_off: tuple[str, ...] = ()
    # Each vendor's declared operations and fields, checked (read again at every start, unlike
    # what is written into the settings once per revision).
    declarations: Mapping[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        name = self.organisation or "organisation profile"
        return f"{name}, revision {self.revision}"


class ProfileState(Enum):
    NONE = "none"
    APPLIED = "applied"
    ALREADY_APPLIED = "already applied"
    INVALID = "invalid"


@dataclass(frozen=True)
class ProfileOutcome:
    state: ProfileState
    message: str
    path: Path | None = None
    # A valid profile's declared operations and fields, whether or not it was applied this time.
    declarations: Mapping[str, Any] = field(default_factory=dict)


# --- where it is -----------------------------------------------------------------------------------


def profile_locations() -> list[Path]:
    """Where a profile may sit, in the order they are tried."""
    places = [config_dir() / PROFILE_NAME]
    if getattr(sys, "frozen", False):
        executable_dir = Path(sys.executable).resolve().parent
        if executable_dir.name == "MacOS" and executable_dir.parent.name == "Contents":
            places.append(executable_dir.parent / "Resources" / PROFILE_NAME)
        places.append(executable_dir / PROFILE_NAME)
    return places


def find_profile(locations: Sequence[Path] | None = None) -> Path | None:
    for place in profile_locations() if locations is None else locations:
        if place.is_file():
            return place
    return None


# --- reading and checking --------------------------------------------------------------------------


def load_profile(path: Path) -> Profile:
    """Read and check the profile at ``path``; raise ProfileError listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(path, [f"it could not be read ({exc.strerror or exc})."]) from None
    try:
        data = parse_json(raw)
    except UnreadableJson as exc:
        raise ProfileError(path, [f"{exc}."]) from None
    return parse_profile(data, path, hashlib.sha256(raw).hexdigest())


def parse_profile(data: Any, path: Path, digest: str = "") -> Profile:
    checker = _Checker()
    try:
        profile = checker.check(data, path, digest)
    except RecursionError:  # JSON nested almost as deep as json reads: too deep to look through
        raise ProfileError(path, ["it is nested too deeply to be a profile."]) from None
    if checker.problems:
        raise ProfileError(path, checker.problems)
    return profile


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self._definitions = {entry.id: vendors.load(entry.id) for entry in vendors.available()}
        self._secret_names = {
            _normalise(f.name) for d in self._definitions.values() for f in d.credential_fields
        }
        # A vendor's own host names are never secrets, even one called "token" (an OAuth endpoint).
        self._host_names = {h for d in self._definitions.values() for e in d.environments for h in e.hosts}

    def check(self, data: Any, path: Path, digest: str) -> Profile:
        if not isinstance(data, dict):
            self.problems.append("it must be a JSON object ({ ... }).")
            return Profile(path, "", 1, digest)
        self._refuse_secrets(data, "")
        self._refuse_unknown(data, TOP_LEVEL_KEYS, "")
        if data.get("format") != PROFILE_FORMAT:
            self.problems.append(
                f'"format" must be {PROFILE_FORMAT} (this version reads format {PROFILE_FORMAT}).'
            )
        organisation = data.get("organisation", "")
        if not isinstance(organisation, str):
            self.problems.append('"organisation" must be text.')
            organisation = ""
        revision = data.get("revision", 1)
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
            self.problems.append('"revision" must be a whole number of at least 1.')
            revision = 1
        self._comment(data, "")
        if not {"default_environment", "vendors", "ca_bundle"} & data.keys():
            self.problems.append('it sets nothing: give "default_environment", "vendors" or "ca_bundle".')
        ca_bundle = self._ca_bundle(data.get("ca_bundle"), path)

        definitions = self._definitions
        environments = self._global_environment(data.get("default_environment"), definitions)
        base_urls: dict[str, dict[str, dict[str, str]]] = {}
        records_off: list[str] = []
        sections = data.get("vendors", {})
        if not isinstance(sections, dict):
            self.problems.append('"vendors" must be an object with one entry per vendor id.')
            sections = {}
        for vendor_id, section in sections.items():
            definition = definitions.get(vendor_id)
            if self._is_secret(vendor_id):
                continue  # already reported as a credential
            if definition is None:
                known = ", ".join(definitions)
                self.problems.append(
                    f'"vendors.{vendor_id}": no such vendor in this version (known: {known}).'
                )
                continue
            self._vendor(definition, section, environments, base_urls)
            if isinstance(section, dict) and self._records_off(definition, section.get("record_index")):
                records_off.append(vendor_id)
        for vendor_id, environment_id in environments.items():
            self._usable(definitions[vendor_id], environment_id, base_urls.get(vendor_id, {}))
        declaring = {
            vendor_id: {key: section[key] for key in DECLARING_KEYS if key in section}
            for vendor_id, section in sections.items()
            if vendor_id in definitions and isinstance(section, dict) and set(DECLARING_KEYS) & section.keys()
        }
        self.problems.extend(declared.read(declaring, definitions, profile_section=True).problems)
        return Profile(
            path, organisation.strip(), revision, digest, environments, base_urls, ca_bundle,
            tuple(records_off), declaring,
        )  # fmt: skip

    # --- pieces ---------------------------------------------------------------------------------

    def _ca_bundle(self, value: Any, path: Path) -> str:
        """The certificate file, as an absolute path: a relative one is beside the profile (IT ships both)."""
        if value is None:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problems.append('"ca_bundle" must be the path of a certificate file (.pem).')
            return ""
        from app.core.http import ca_bundle_problem

        place = Path(value.strip()).expanduser()
        if not place.is_absolute():
            place = path.parent / place
        if not place.is_file():
            self.problems.append(f'"ca_bundle": there is no file at {place}.')
        elif ca_bundle_problem(str(place)):
            unreadable = f'"ca_bundle": {place} holds no certificate that can be read (PEM expected).'
            self.problems.append(unreadable)
        return str(place)

    def _records_off(self, definition: VendorDefinition, value: Any) -> bool:
        """``"record_index": "off"`` keeps the vendor's records off every computer; "on" (or nothing)
        leaves the choice to each person."""
        if value is None or value == "on":
            return False
        if value != "off":
            self.problems.append(f'"vendors.{definition.id}.record_index" must be "on" or "off".')
            return False
        return True

    def _global_environment(self, value: Any, definitions: dict[str, VendorDefinition]) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, str):
            self.problems.append('"default_environment" must be an environment id such as "production".')
            return {}
        chosen = {v: value for v, d in definitions.items() if any(e.id == value for e in d.environments)}
        if not chosen:
            self.problems.append(f'"default_environment": no vendor has an environment called "{value}".')
        return chosen

    def _vendor(
        self,
        definition: VendorDefinition,
        section: Any,
        environments: dict[str, str],
        base_urls: dict[str, dict[str, dict[str, str]]],
    ) -> None:
        where = f"vendors.{definition.id}"
        if not isinstance(section, dict):
            self.problems.append(f'"{where}" must be an object.')
            return
        self._refuse_unknown(section, VENDOR_KEYS, where)
        self._comment(section, where)
        known = {e.id: e for e in definition.environments}
        names = ", ".join(known)
        chosen = section.get("default_environment")
        if chosen is not None:
            if not isinstance(chosen, str) or chosen not in known:
                self.problems.append(f'"{where}.default_environment": {definition.name} has {names}.')
            else:
                environments[definition.id] = chosen
        urls = section.get("base_urls", {})
        if not isinstance(urls, dict):
            self.problems.append(f'"{where}.base_urls" must map environment ids to {{"host": "URL"}}.')
            return
        for environment_id, hosts in urls.items():
            at = f"{where}.base_urls.{environment_id}"
            environment = known.get(environment_id)
            if environment is None:
                self.problems.append(f'"{at}": {definition.name} has no such environment ({names}).')
                continue
            if environment.sandbox:
                self.problems.append(f'"{at}": the sandbox is built in; its address cannot be changed.')
                continue
            if not isinstance(hosts, dict) or not hosts:
                hint = ", ".join(f'"{h}": "https://..."' for h in environment.hosts)
                self.problems.append(f'"{at}" must be an object such as {{{hint}}}.')
                continue
            for host, url in hosts.items():
                if self._is_secret(host):
                    continue  # already reported as a credential
                if host not in environment.hosts:
                    self.problems.append(
                        f'"{at}.{host}": {definition.name} has the hosts {", ".join(environment.hosts)}.'
                    )
                    continue
                problem = _url_problem(url)
                if problem:
                    self.problems.append(f'"{at}.{host}": {problem}')
                    continue
                base_urls.setdefault(definition.id, {}).setdefault(environment_id, {})[host] = url.strip()

    def _usable(
        self, definition: VendorDefinition, environment_id: str, urls: dict[str, dict[str, str]]
    ) -> None:
        """A profile that sends people to an environment must also say where it is."""
        environment = definition.environment(environment_id)
        if environment.sandbox:
            return
        for host, built_in in environment.hosts.items():
            if not built_in and not urls.get(environment_id, {}).get(host):
                self.problems.append(
                    f'{definition.name} would start on "{environment_id}", which has no address for '
                    f'"{host}": add "vendors.{definition.id}.base_urls.{environment_id}.{host}".'
                )

    def _comment(self, data: dict[str, Any], where: str) -> None:
        if not isinstance(data.get("comment", ""), str):
            self.problems.append(f'"{_join(where, "comment")}" must be text.')

    def _refuse_unknown(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed and not self._is_secret(key):
                expected = ", ".join(sorted(allowed))
                self.problems.append(
                    f'"{_join(where, key)}" is not a profile setting (expected: {expected}).'
                )

    def _refuse_secrets(self, data: Any, where: str) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                at = _join(where, str(key))
                if self._is_secret(str(key)):
                    self.problems.append(
                        f'"{at}" looks like a credential: keys, passwords and user names are never put '
                        "in a profile; each user enters them and they stay in the system keychain."
                    )
                else:
                    self._refuse_secrets(value, at)
        elif isinstance(data, list):
            for index, value in enumerate(data):
                self._refuse_secrets(value, f"{where}[{index}]")

    def _is_secret(self, key: str) -> bool:
        if key in self._host_names:
            return False
        return _is_secret_word(key) or _normalise(key) in self._secret_names


def _url_problem(url: Any) -> str:
    from app.core.http import address_problem  # the one rule for every address; httpx only when needed

    problem = address_problem(url)  # a user name or password among its problems
    if not problem and any(_is_secret_word(name) for name, _ in parse_qsl(urlsplit(url).query)):
        return "must not carry a key or token in its query string (credentials stay in the keychain)."
    return problem


def _is_secret_word(name: str) -> bool:
    normalised = _normalise(name)
    return normalised in _SECRET_NAMES or any(part in normalised for part in _SECRET_PARTS)


def _normalise(key: str) -> str:
    return re.sub(r"[\s_\-.]", "", key).lower()


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


# --- applying --------------------------------------------------------------------------------------


def apply_profile(settings: Settings, profile: Profile) -> None:
    """Write a checked profile into ``settings`` (in memory; the caller saves)."""
    for vendor_id, environment_id in profile.environments.items():
        settings.set_environment(vendor_id, environment_id)
    for vendor_id, environments in profile.base_urls.items():
        for environment_id, hosts in environments.items():
            for host, url in hosts.items():
                settings.set_base_url(vendor_id, environment_id, host, url)
    if profile.ca_bundle:
        settings.ca_bundle = profile.ca_bundle
    # The whole list, replaced: a later revision that no longer says "off" gives the choice back.
    settings.record_index_locked = {vendor_id: "off" for vendor_id in profile.records_off}
    settings.organisation_profile = {
        "path": str(profile.path),
        "organisation": profile.organisation,
        "revision": profile.revision,
        "sha256": profile.digest,
    }


def profile_declarations(locations: Sequence[Path] | None = None) -> tuple[Mapping[str, Any], str]:
    """The operations and fields the organisation profile declares, without applying anything
    (the CLI's view of it), and why none are when the profile cannot be used ('' otherwise)."""
    path = find_profile(locations)
    if path is None:
        return {}, ""
    try:
        return load_profile(path).declarations, ""
    except ProfileError as exc:
        return {}, str(exc)


def apply_organisation_profile(settings: Settings, locations: Sequence[Path] | None = None) -> ProfileOutcome:
    """At start-up: find the profile, check it, and apply it if it is new; never raises for a bad file."""
    path = find_profile(locations)
    if path is None:
        return ProfileOutcome(ProfileState.NONE, "No organisation profile was found.")
    try:
        profile = load_profile(path)
    except ProfileError as exc:
        return ProfileOutcome(ProfileState.INVALID, str(exc), path)
    recorded = settings.organisation_profile.get("revision")
    if isinstance(recorded, int) and recorded >= profile.revision:
        return ProfileOutcome(
            ProfileState.ALREADY_APPLIED,
            f"The organisation profile ({profile.describe()}) was applied before.",
            path,
            profile.declarations,
        )
    apply_profile(settings, profile)
    message = f"Your organisation's settings were applied ({profile.describe()})."
    try:
        settings.save()
    except OSError as exc:
        message += (
            f" They could not be saved ({exc.strerror or exc}), so they will be applied again next time."
        )
    return ProfileOutcome(ProfileState.APPLIED, message, path, profile.declarations)
