"""Reading PGi request bodies: every problem of a provision body is named in one 400."""

from __future__ import annotations

import re
from typing import Any

from app.sandbox.pgi.store import Contact, ProvisionRequest
from app.sandbox.scaffold.errors import ApiError

# contact.country values that make contact.state mandatory, compared without case or spaces.
_US_SPELLINGS = frozenset({"usa", "us", "unitedstates"})

_SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "company": ("externalId", "enterpriseId", "name", "isGlobalMeetEnabled", "isWebConfEnabled"),
    "client": ("externalId", "password", "first", "last", "email"),
    "contact": ("address", "city", "state", "country", "postalCode"),
}
_REQUIRED_TEXT = ("company.name", "client.first", "client.last", "client.email", "contact.country")
_OPTIONAL_TEXT = ("client.password", "contact.address", "contact.city", "contact.state", "contact.postalCode")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def is_us_country(country: str) -> bool:
    return "".join(country.split()).lower() in _US_SPELLINGS


def _is_whole_number(value: Any) -> bool:
    if isinstance(value, bool):  # JSON true/false are not numbers, though Python says so
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


class _Fields:
    """Reads dotted fields from a provision body, collecting every problem found."""

    def __init__(self, sections: dict[str, dict[str, Any]]) -> None:
        self._sections = sections
        self.problems: list[str] = []

    def raw(self, dotted: str) -> Any:
        section, key = dotted.split(".")
        return self._sections[section].get(key)

    def external_id(self, dotted: str) -> str:
        value = self.raw(dotted)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problems.append(f"{dotted} is required")
        elif _is_whole_number(value):
            return str(int(value))
        elif isinstance(value, str):
            return value.strip()
        else:
            self.problems.append(f"{dotted} must be a number")
        return ""

    def text(self, dotted: str, *, required: bool) -> str:
        value = self.raw(dotted)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problems.append(f"{dotted} must be a string")
            return ""
        if required and not value.strip():
            self.problems.append(f"{dotted} is required")
        # A password is kept exactly as sent (spaces may be part of it); blank means "generate one".
        if dotted == "client.password":
            return value if value.strip() else ""
        return value.strip()

    def number(self, dotted: str) -> int | None:
        value = self.raw(dotted)
        if value is None:
            return None
        if not _is_whole_number(value):
            self.problems.append(f"{dotted} must be a number")
            return None
        return int(value)

    def flag(self, dotted: str) -> bool | None:
        value = self.raw(dotted)
        if value is not None and not isinstance(value, bool):
            self.problems.append(f"{dotted} must be a boolean (true or false)")
            return None
        return value


def _sections(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    unknown = sorted(set(body) - set(_SECTION_FIELDS))
    if unknown:
        raise ApiError(400, f"Unknown field(s): {', '.join(unknown)}")
    sections: dict[str, dict[str, Any]] = {}
    for name, allowed in _SECTION_FIELDS.items():
        section = body.get(name, {})
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise ApiError(400, f"{name} must be a JSON object")
        extra = sorted(set(section) - set(allowed))
        if extra:
            raise ApiError(400, f"Unknown field(s): {', '.join(f'{name}.{key}' for key in extra)}")
        sections[name] = section
    return sections


def parse_provision(body: Any) -> ProvisionRequest:
    """Validate a provision body; every problem is named in one 400 message."""
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    fields = _Fields(_sections(body))
    company_ext = fields.external_id("company.externalId")
    client_ext = fields.external_id("client.externalId")
    text = {name: fields.text(name, required=True) for name in _REQUIRED_TEXT}
    text.update({name: fields.text(name, required=False) for name in _OPTIONAL_TEXT})
    enterprise_id = fields.number("company.enterpriseId")
    global_meet = fields.flag("company.isGlobalMeetEnabled")
    web_conf = fields.flag("company.isWebConfEnabled")
    if text["client.email"] and not _EMAIL.match(text["client.email"]):
        fields.problems.append("client.email is not an e-mail address")
    if is_us_country(text["contact.country"]) and not text["contact.state"]:
        fields.problems.append("contact.state is required when contact.country is the USA")
    if fields.problems:
        raise ApiError(400, "; ".join(fields.problems))
    return ProvisionRequest(
        company_external_id=company_ext,
        company_name=text["company.name"],
        enterprise_id=enterprise_id,
        global_meet_enabled=global_meet,
        web_conf_enabled=web_conf,
        client_external_id=client_ext,
        password=text["client.password"],
        first=text["client.first"],
        last=text["client.last"],
        email=text["client.email"],
        contact=Contact(
            address=text["contact.address"],
            city=text["contact.city"],
            state=text["contact.state"],
            country=text["contact.country"],
            postal_code=text["contact.postalCode"],
        ),
    )


def parse_client_id(body: Any) -> int:
    """Deactivate, reactivate and get take exactly ``{"clientId": <number>}``."""
    if not isinstance(body, dict):
        raise ApiError(400, 'Request body must be a JSON object: {"clientId": <number>}')
    extra = sorted(set(body) - {"clientId"})
    if extra:
        shape = '{"clientId": <number>}'
        raise ApiError(400, f"Unknown field(s): {', '.join(extra)}; the body is exactly {shape}")
    if body.get("clientId") is None:
        raise ApiError(400, "clientId is required")
    if not _is_whole_number(body["clientId"]):
        raise ApiError(400, "clientId must be a number")
    return int(body["clientId"])
