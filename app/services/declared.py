"""Operations and fields an administrator declares without code.

The organisation profile (each vendor's section) and a per-user file, ``operations.json`` in the
settings folder, may hold the same two things for any vendor::

    {"format": 1,
     "vendors": {"iqreseller": {
         "operations": [{"id": "so.list", "label": "Sales orders", "method": "GET",
                         "path": "/webapi.svc/SO/JSON/GetSOs", "result": "paginated",
                         "fields": [{"name": "Page", "type": "integer", "in": "query"}, ...],
                         "paging": {"page": "Page", "size": "PageSize", "first_page": 0,
                                    "max_size": 500, "end": "short"},
                         "columns": {"soid": "Order", "so": "Number"}}],
         "fields": {"cv.list": [{"name": "CompanyName", "label": "Company", "in": "body"}]}}}}

A declared operation becomes an :class:`Operation` like the catalog's own: the same checks before
sending, the same form, table, Load all, CLI id and ``--help``.  ``fields`` adds fields to an
operation the vendor already has.  Each file is checked whole: one with a mistake adds nothing and
its problems are listed in words (shown at start, never stopping it).  examples/ holds IQ Reseller's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app import vendors
from app.contract.spec import (
    DATE_DMY,
    DATE_ISO,
    Field,
    FieldKind,
    Location,
    Operation,
    Paging,
    ResultKind,
)
from app.contract.vendor import VendorDefinition
from app.core.jsonfile import UnreadableJson, read_json
from app.services.settings import config_dir

USER_FILE = "operations.json"
FORMAT = 1
CATEGORY = "Added by your organisation"

_FILE_KEYS = {"format", "vendors", "comment"}
_VENDOR_KEYS = {"operations", "fields", "comment"}
_OPERATION_KEYS = {
    "id", "label", "description", "category", "method", "path", "host", "fields", "result", "paging",
    "columns", "idempotent", "destructive", "confirm", "done", "body_in_list", "noun", "nouns", "comment",
}  # fmt: skip
_FIELD_KEYS = {
    "name", "label", "type", "in", "required", "help", "default", "placeholder", "choices",
    "choice_labels", "minimum", "maximum", "date_format", "group", "comment",
}  # fmt: skip
_PAGING_KEYS = {"page", "size", "first_page", "max_size", "end", "end_error", "comment"}
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_KINDS = {kind.value: kind for kind in FieldKind if kind not in (FieldKind.CRITERIA,)}
_LOCATIONS = {"path": Location.PATH, "query": Location.QUERY, "body": Location.BODY}
_RESULTS = {kind.value: kind for kind in ResultKind}
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_UNSAFE_PATH = re.compile(r"[\s\x00-\x1f\x7f\\?#]|://|(^|/)\.\.?(/|$)")


@dataclass
class Declarations:
    """What the files add, by vendor; ``problems`` says why a file (or part) was left out."""

    operations: dict[str, list[Operation]] = field(default_factory=dict)
    fields: dict[str, dict[str, list[Field]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def merge(self, other: Declarations) -> None:
        """Add ``other``'s, leaving out what would clash with what is already declared."""
        for vendor_id, operations in other.operations.items():
            mine = self.operations.setdefault(vendor_id, [])
            taken = {operation.id for operation in mine}
            for operation in operations:
                if operation.id in taken:
                    self.problems.append(
                        f"{vendor_id} operation “{operation.id}” is declared twice; the first is used."
                    )
                else:
                    mine.append(operation)
        for vendor_id, by_operation in other.fields.items():
            for operation_id, fields in by_operation.items():
                self.fields.setdefault(vendor_id, {}).setdefault(operation_id, []).extend(fields)
        self.problems.extend(other.problems)

    def extend(self, definition: VendorDefinition) -> VendorDefinition:
        """The vendor with the declared operations after its own and the declared fields added."""
        added = self.fields.get(definition.id, {})
        declared = self.operations.get(definition.id, [])
        if not added and not declared:
            return definition
        operations = tuple(
            replace(operation, fields=operation.fields + tuple(added[operation.id]))
            if operation.id in added
            else operation
            for operation in definition.operations
        )
        return replace(definition, operations=operations + tuple(declared))


class Catalogs(Mapping[str, VendorDefinition]):
    """Every vendor by id, each catalog loaded only when asked for (start-up loads none)."""

    def __getitem__(self, vendor_id: str) -> VendorDefinition:
        if vendor_id not in self:
            raise KeyError(vendor_id)
        return vendors.load(vendor_id)

    def __contains__(self, vendor_id: object) -> bool:
        return any(entry.id == vendor_id for entry in vendors.available())

    def __iter__(self) -> Iterator[str]:
        return iter([entry.id for entry in vendors.available()])

    def __len__(self) -> int:
        return len(vendors.available())


def read(
    data: Any, definitions: Mapping[str, VendorDefinition], *, profile_section: bool = False
) -> Declarations:
    """The declarations of one file (or of the profile's vendor sections when ``profile_section``),
    all or nothing: any problem leaves the whole of it out, with every problem named."""
    problems: list[str] = []
    found = Declarations()
    sections = _sections(data, problems, profile_section)
    for vendor_id, section in sections.items():
        definition = definitions.get(vendor_id)
        if definition is None:
            problems.append(f"“{vendor_id}” is not a vendor (they are: {', '.join(definitions)}).")
            continue
        if not isinstance(section, dict):
            continue  # the profile reports a vendor section that is not an object itself
        checker = _Checker(definition, problems)
        if not profile_section:
            checker.unknown(section, _VENDOR_KEYS, vendor_id)
        operations = section.get("operations", [])
        if not isinstance(operations, list):
            problems.append(f"{vendor_id}: “operations” must be a list of operations.")
            operations = []
        taken = {operation.id for operation in definition.operations}
        for number, declared in enumerate(operations, 1):
            operation = checker.operation(declared, f"{vendor_id} operation {number}", taken)
            if operation is not None:
                taken.add(operation.id)
                found.operations.setdefault(vendor_id, []).append(operation)
        added = section.get("fields", {})
        if not isinstance(added, dict):
            problems.append(f"{vendor_id}: “fields” must map operation ids to lists of fields.")
            added = {}
        for operation_id, fields in added.items():
            more = checker.added_fields(operation_id, fields)
            if more:
                found.fields.setdefault(vendor_id, {})[operation_id] = more
    if problems:
        return Declarations(problems=problems)
    return found


def from_file(path: Path, definitions: Mapping[str, VendorDefinition]) -> Declarations:
    """A per-user declarations file, all or nothing; none there declares nothing."""
    found = _read_file(path, definitions)
    found.problems = [f"{path} was not used: {problem}" for problem in found.problems]
    return found


def everything(profile_sections: Mapping[str, Any]) -> Declarations:
    """What the organisation profile's sections and the person's operations.json declare, together
    (the window's workspace and the CLI read the same)."""
    catalogs = Catalogs()
    found = from_profile(profile_sections, catalogs)
    found.merge(from_file(config_dir() / USER_FILE, catalogs))
    return found


def from_profile(sections: Mapping[str, Any], definitions: Mapping[str, VendorDefinition]) -> Declarations:
    """The organisation profile's vendor sections (checked with the profile, which is then used
    whole or not at all: a problem here can only come of a catalog that changed since)."""
    found = read(sections, definitions, profile_section=True)
    found.problems = [f"The organisation profile's operations were not used: {p}" for p in found.problems]
    return found


def _read_file(path: Path, definitions: Mapping[str, VendorDefinition]) -> Declarations:
    try:
        data = read_json(path)
    except FileNotFoundError:
        return Declarations()
    except OSError as error:
        return Declarations(problems=[f"it could not be read ({error.strerror or error})."])
    except UnreadableJson as error:
        return Declarations(problems=[f"{error}."])
    try:
        return read(data, definitions)
    except RecursionError:
        return Declarations(problems=["it is nested too deeply to read."])


def _sections(data: Any, problems: list[str], profile_section: bool) -> dict[str, Any]:
    if profile_section:  # the profile checks its own top level; its vendor sections are passed here
        return dict(data) if isinstance(data, dict) else {}
    if not isinstance(data, dict):
        problems.append("the file must hold one JSON object with “format” and “vendors”.")
        return {}
    for key in sorted(set(data) - _FILE_KEYS):
        problems.append(f"“{key}” is not known here (the file holds {', '.join(sorted(_FILE_KEYS))}).")
    if data.get("format") != FORMAT:
        problems.append(f"“format” must be {FORMAT}.")
    vendors = data.get("vendors", {})
    if not isinstance(vendors, dict):
        problems.append("“vendors” must map vendor ids to what is declared for them.")
        return {}
    return vendors


class _Checker:
    """Checks one vendor's declarations, adding a sentence to ``problems`` for each mistake."""

    def __init__(self, definition: VendorDefinition, problems: list[str]) -> None:
        self.definition = definition
        self.problems = problems
        self.hosts = {host for environment in definition.environments for host in environment.hosts}

    def say(self, where: str, sentence: str) -> None:
        self.problems.append(f"{where}: {sentence}")

    def unknown(self, declared: Mapping[str, Any], known: set[str], where: str) -> None:
        for key in sorted(set(declared) - known):
            self.say(where, f"“{key}” is not known here (use {', '.join(sorted(known - {'comment'}))}).")

    # --- operations --------------------------------------------------------------------------

    def operation(self, declared: Any, where: str, taken: set[str]) -> Operation | None:
        if not isinstance(declared, dict):
            self.say(where, "an operation must be an object.")
            return None
        operation_id = declared.get("id")
        if isinstance(operation_id, str) and operation_id:
            where = f"{self.definition.id} operation “{operation_id}”"
        before = len(self.problems)
        self.unknown(declared, _OPERATION_KEYS, where)
        if not isinstance(operation_id, str) or not _ID.match(operation_id):
            self.say(where, "“id” must be words of small letters joined by dots, such as “so.list”.")
        elif operation_id in taken:
            self.say(where, f"{self.definition.name} already has an operation “{operation_id}” "
                     "(to add fields to it, use “fields”).")  # fmt: skip
        label = self._text(declared, "label", where, required=True)
        method = declared.get("method", "GET")
        if method not in _METHODS:
            self.say(where, f"“method” must be one of {', '.join(_METHODS)}.")
        host = declared.get("host", "api" if "api" in self.hosts else next(iter(sorted(self.hosts)), ""))
        if host not in self.hosts:
            self.say(where, f"“host” must be one of {', '.join(sorted(self.hosts))}.")
        path = self._path(declared.get("path"), where)
        fields = self._fields(declared.get("fields", []), where, allow_path=True)
        self._placeholders_match(path, fields, where)
        result = _RESULTS.get(declared.get("result", "record"))
        if result is None:
            self.say(where, f"“result” must be one of {', '.join(_RESULTS)}.")
        paging = self._paging(declared.get("paging"), result, fields, where)
        columns = self._columns(declared.get("columns"), result, where)
        destructive = self._flag(declared, "destructive", where, False)
        idempotent = self._flag(declared, "idempotent", where, method == "GET")
        confirm = self._text(declared, "confirm", where, required=destructive)
        done = self._text(declared, "done", where)
        body_in_list = self._text(declared, "body_in_list", where)
        if body_in_list and not any(spec.location is Location.BODY for spec in fields):
            self.say(where, "“body_in_list” wraps body fields, and it has none with “in”: “body”.")
        names = {spec.name for spec in fields}
        for sentence, key in ((confirm, "confirm"), (done, "done")):
            for placeholder in _PLACEHOLDER.findall(sentence):
                if placeholder not in names:
                    self.say(where, f"“{key}” names {{{placeholder}}}, which is none of its fields.")
        if len(self.problems) > before or result is None or not isinstance(operation_id, str):
            return None
        return Operation(
            id=operation_id,
            label=label,
            method=method,
            path=path,
            fields=tuple(fields),
            description=self._text(declared, "description", where),
            category=self._text(declared, "category", where) or CATEGORY,
            host=host,
            destructive=destructive,
            confirm_text=confirm,
            done_text=done,
            idempotent=idempotent,
            result=result,
            paging=paging,
            columns=columns,
            body_in_list=body_in_list,
            noun=self._text(declared, "noun", where),
            nouns=self._text(declared, "nouns", where),
        )

    def added_fields(self, operation_id: Any, fields: Any) -> list[Field]:
        where = f"{self.definition.id} fields of “{operation_id}”"
        try:
            operation = self.definition.operation(str(operation_id))
        except KeyError:
            self.say(where, f"{self.definition.name} has no operation “{operation_id}”.")
            return []
        more = self._fields(fields, where, allow_path=False)
        existing = {spec.name.lower() for spec in operation.fields}
        for spec in more:
            if spec.name.lower() in existing:
                self.say(where, f"“{spec.name}” is already one of its fields.")
        return more

    def _path(self, path: Any, where: str) -> str:
        if not isinstance(path, str) or not path.startswith("/"):
            self.say(where, "“path” must start with “/”, as in “/webapi.svc/SO/JSON/GetSOs”.")
            return ""
        if _UNSAFE_PATH.search(_PLACEHOLDER.sub("x", path)):
            self.say(where, "“path” must be one path on the vendor's address: no spaces, “..”, “?”, "
                     "“#”, backslashes or other addresses (query parameters are fields with "
                     "“in”: “query”).")  # fmt: skip
        return path

    def _placeholders_match(self, path: str, fields: list[Field], where: str) -> None:
        in_path = set(_PLACEHOLDER.findall(path))
        path_fields = {spec.name for spec in fields if spec.location is Location.PATH}
        for name in sorted(in_path - path_fields):
            self.say(where, f"the path names {{{name}}}, which no field with “in”: “path” fills.")
        for name in sorted(path_fields - in_path):
            self.say(where, f"field “{name}” goes in the path, which has no {{{name}}}.")

    def _paging(
        self, declared: Any, result: ResultKind | None, fields: list[Field], where: str
    ) -> Paging | None:
        if result is not ResultKind.PAGINATED:
            if declared is not None:
                self.say(where, "“paging” is only for a “paginated” result.")
            return None
        if not isinstance(declared, dict):
            self.say(where, "a paginated result needs “paging”: its page field, and how the list ends.")
            return None
        self.unknown(declared, _PAGING_KEYS, f"{where} paging")
        names = {spec.name for spec in fields}
        page = declared.get("page")
        if page not in names:
            self.say(where, "“paging” › “page” must name one of its fields.")
        size = declared.get("size")
        if size is not None and size not in names:
            self.say(where, "“paging” › “size” must name one of its fields, or be left out.")
        first_page = declared.get("first_page", 1)
        max_size = declared.get("max_size", 100)
        if type(first_page) is not int or first_page < 0:
            self.say(where, "“paging” › “first_page” must be 0 or 1 (or another whole number).")
        if type(max_size) is not int or not 1 <= max_size <= 10_000:
            self.say(where, "“paging” › “max_size” must be a whole number from 1 to 10,000.")
        end = declared.get("end", "empty")
        if end not in ("empty", "short"):
            self.say(where, "“paging” › “end” must be “empty” (an empty page ends the list) or “short” "
                     "(a page shorter than asked for ends it).")  # fmt: skip
        end_error = declared.get("end_error", "")
        if not isinstance(end_error, str):
            self.say(where, "“paging” › “end_error” must be the vendor's words for a page past the end.")
        if not isinstance(page, str) or (size is not None and not isinstance(size, str)):
            return None
        return Paging(
            page_field=page,
            size_field=size,
            first_page=first_page if type(first_page) is int else 1,
            max_size=max_size if type(max_size) is int else 100,
            end_rule=str(end),
            end_error=end_error if isinstance(end_error, str) else "",
        )

    def _columns(self, declared: Any, result: ResultKind | None, where: str) -> tuple[tuple[str, str], ...]:
        if declared is None:
            if result in (ResultKind.LIST, ResultKind.PAGINATED):
                self.say(where, "a list needs “columns”: the answer's keys to show, with their labels.")
            return ()
        if isinstance(declared, dict):
            pairs = list(declared.items())
        elif isinstance(declared, list):
            # [["soid", "Order"], ...], or bare keys shown under their own names
            pairs = [
                (pair[0], pair[1]) if isinstance(pair, list) and len(pair) == 2 else (pair, pair)
                for pair in declared
            ]
        else:
            pairs = []
        if not pairs or not all(isinstance(key, str) and isinstance(label, str) for key, label in pairs):
            self.say(where, '“columns” must map the answer\'s keys to labels, as {"soid": "Order"}.')
            return ()
        return tuple((str(key), str(label)) for key, label in pairs)

    # --- fields ------------------------------------------------------------------------------

    def _fields(self, declared: Any, where: str, *, allow_path: bool) -> list[Field]:
        if not isinstance(declared, list):
            self.say(where, "“fields” must be a list of fields.")
            return []
        fields: list[Field] = []
        seen: set[str] = set()
        for number, one in enumerate(declared, 1):
            spec = self._field(one, f"{where} field {number}", allow_path)
            if spec is None:
                continue
            if spec.name.lower() in seen:
                self.say(where, f"field “{spec.name}” is declared twice.")
            seen.add(spec.name.lower())
            fields.append(spec)
        return fields

    def _field(self, declared: Any, where: str, allow_path: bool) -> Field | None:
        if not isinstance(declared, dict):
            self.say(where, "a field must be an object with at least a “name”.")
            return None
        name = declared.get("name")
        if isinstance(name, str) and name:
            where = f"{where.rsplit(' field ', 1)[0]} field “{name}”"
        before = len(self.problems)
        self.unknown(declared, _FIELD_KEYS, where)
        if not isinstance(name, str) or not _NAME.match(name):
            self.say(where, "“name” must be the vendor's name for it: letters, digits, “_”, “-” or “.”.")
        kind = _KINDS.get(declared.get("type", "text"))
        if kind is None:
            self.say(where, f"“type” must be one of {', '.join(_KINDS)}.")
        location = _LOCATIONS.get(declared.get("in", "query"))
        if location is None or (location is Location.PATH and not allow_path):
            places = "path, query or body" if allow_path else "query or body"
            self.say(where, f"“in” must say where it goes: {places}.")
        choices = declared.get("choices", [])
        if not isinstance(choices, list) or not all(isinstance(choice, str) for choice in choices):
            self.say(where, "“choices” must be a list of the values the vendor takes, as text.")
            choices = []
        if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and not choices:
            self.say(where, f"a “{kind.value}” field needs its “choices”.")
        labels = declared.get("choice_labels", {})
        if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
            self.say(where, "“choice_labels” must map each choice to the words shown for it.")
            labels = {}
        minimum, maximum = declared.get("minimum"), declared.get("maximum")
        for key, bound in (("minimum", minimum), ("maximum", maximum)):
            if bound is not None and (type(bound) is not int or kind is not FieldKind.INTEGER):
                self.say(where, f"“{key}” is a whole number, for an “integer” field only.")
        date_format = declared.get("date_format", DATE_ISO)
        if date_format not in (DATE_ISO, DATE_DMY):
            self.say(where, f"“date_format” must be {DATE_ISO} or {DATE_DMY}.")
        default = declared.get("default")
        if default is not None and not isinstance(default, str | int | bool):
            self.say(where, "“default” must be text, a number or true/false.")
        if len(self.problems) > before or kind is None or location is None:
            return None
        assert isinstance(name, str)
        return Field(
            name,
            self._text(declared, "label", where) or name,
            kind,
            location,
            required=self._flag(declared, "required", where, False),
            help=self._text(declared, "help", where),
            choices=tuple(choices),
            choice_labels=dict(labels),
            date_format=date_format,
            default=None if default is None else _as_text(default),
            placeholder=self._text(declared, "placeholder", where),
            group=self._text(declared, "group", where),
            minimum=minimum if type(minimum) is int else None,
            maximum=maximum if type(maximum) is int else None,
        )

    # --- values ------------------------------------------------------------------------------

    def _text(self, declared: Mapping[str, Any], key: str, where: str, required: bool = False) -> str:
        value = declared.get(key, "")
        if not isinstance(value, str):
            self.say(where, f"“{key}” must be text.")
            return ""
        if required and not value.strip():
            self.say(where, f"“{key}” is required.")
        return value.strip()

    def _flag(self, declared: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = declared.get(key, default)
        if not isinstance(value, bool):
            self.say(where, f"“{key}” must be true or false.")
            return default
        return value


def _as_text(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
