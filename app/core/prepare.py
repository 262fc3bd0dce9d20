"""Turn what the user typed into exactly the request a vendor document describes.

All checks happen here, before anything is sent: a :class:`ValidationError`
carries one sentence per field so the form can show each next to its field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from app.contract.errors import UsageError, ValidationError
from app.contract.spec import DATE_DMY, DATE_ISO, Field, FieldKind, Location, Operation

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_PARSE = {DATE_ISO: "%Y-%m-%d", DATE_DMY: "%d-%m-%Y"}
_TRUE_WORDS = {"true", "yes", "y", "1", "on"}
_FALSE_WORDS = {"false", "no", "n", "0", "off"}
# A path segment that URL normalisation removes: "/Client/Delete/.." would be sent as "/Client".
_DOT_SEGMENTS = {".", ".."}


@dataclass
class PreparedRequest:
    """A validated request, not yet authenticated: the session adds the credentials."""

    operation: Operation
    method: str
    host: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    json_body: Any = None
    has_body: bool = False
    values: dict[str, Any] = field(default_factory=dict)


def is_blank(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip() == ""
    return value is None or (isinstance(value, dict | list | tuple) and not value)


def coerce(spec: Field, raw: Any) -> Any:
    """Convert one typed value to what goes on the wire; raise ValueError with a sentence."""
    kind = spec.kind
    if kind is FieldKind.INTEGER:
        return _coerce_integer(spec, raw)
    if kind is FieldKind.BOOLEAN:
        return _coerce_bool(raw)
    if kind is FieldKind.YES_NO:
        return "Yes" if _coerce_bool(raw) else "No"
    if kind is FieldKind.JSON:
        return _coerce_json(raw)
    if kind is FieldKind.ID_LIST:
        return _coerce_id_list(raw)
    if kind is FieldKind.MULTI_CHOICE:
        return _coerce_choices(spec, raw)
    if kind is FieldKind.CRITERIA:
        return _coerce_criteria(spec, raw)
    if kind is FieldKind.PAIRS:
        return _coerce_pairs(raw)
    text = str(raw).strip()
    if kind is FieldKind.DATE:
        try:
            datetime.strptime(text, _DATE_PARSE[spec.date_format])
        except ValueError:
            raise ValueError(f"Enter a date as {spec.date_format}.") from None
        return text
    if kind is FieldKind.EMAIL and not EMAIL_PATTERN.match(text):
        raise ValueError("Enter an email address such as name@example.com.")
    if kind is FieldKind.CHOICE:
        for choice in spec.choices:
            if choice.lower() == text.lower():
                return choice
        if spec.open_choices:
            return text
        raise ValueError(_not_a_choice(spec, text))
    return text


def _not_a_choice(spec: Field, text: str) -> str:
    if len(spec.choices) <= 12:
        return f"Choose one of: {', '.join(spec.choices)}."
    # Short: the window shows it on one line under the field (the CLI's --help lists the choices).
    return f"“{text}” is not among the {len(spec.choices)} choices (such as {spec.choices[0]})."


def _coerce_integer(spec: Field, raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("Enter a whole number.")
    if isinstance(raw, int):
        number = raw
    else:
        text = str(raw).strip()
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError("Enter a whole number.")
        number = int(text)
    if spec.minimum is not None and number < spec.minimum:
        raise ValueError(f"Enter a number of at least {spec.minimum}.")
    if spec.maximum is not None and number > spec.maximum:
        raise ValueError(f"Enter a number no larger than {spec.maximum}.")
    return number


def _coerce_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError("Answer Yes or No.")


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number: JSON cannot carry it. Give a number, or null.")


def loads(text: str) -> Any:
    """JSON text as a vendor can receive it: NaN and Infinity, which Python's reader accepts and no
    JSON reader must, are refused (ValueError with a sentence; JSONDecodeError for broken text)."""
    return json.loads(text, parse_constant=_not_json)


def _coerce_json(raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    try:
        return loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"This is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None


def _coerce_id_list(raw: Any) -> Any:
    """ "1001, 1002" or one id per line → ["1001", "1002"].  A list, or text that is a JSON list (pasted
    from elsewhere, or given to the command line), is kept as it is: the catalog's rule judges its items."""
    if isinstance(raw, list | tuple):
        return list(raw)
    text = str(raw).strip()
    if text.startswith("["):
        return _coerce_json(text)
    return [item.strip("'\"") for item in re.split(r"[\s,;]+", text) if item.strip("'\"")]


def _coerce_choices(spec: Field, raw: Any) -> str:
    items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    chosen = [str(item).strip() for item in items if str(item).strip()]
    if not chosen:
        raise ValueError("Choose at least one.")
    known = {choice.lower(): choice for choice in spec.choices}
    unknown = [item for item in chosen if item.lower() not in known]
    if unknown:
        raise ValueError(f"Not one of the choices: {', '.join(unknown)}.")
    return ",".join(dict.fromkeys(known[item.lower()] for item in chosen))


def _coerce_criteria(spec: Field, raw: Any) -> dict[str, str]:
    criteria = _coerce_json(raw)
    if not isinstance(criteria, dict):
        raise ValueError("Give the search as field and value pairs.")
    known = {choice.lower(): choice for choice in spec.choices}
    result: dict[str, str] = {}
    for key, value in criteria.items():
        if str(key).lower() not in known:
            raise ValueError(f"{key} is not a field you can search by.")
        if isinstance(value, dict | list) or str(value).strip() == "":
            raise ValueError(f"Give a value to search {key} for.")
        result[known[str(key).lower()]] = str(value).strip()
    return result


def _coerce_pairs(raw: Any) -> dict[str, str]:
    """Name and value rows ({"Page": "0"}, or [["Page", "0"], …]; JSON text of either), in their order."""
    pairs = _coerce_json(raw)
    rows = list(pairs.items()) if isinstance(pairs, dict) else pairs
    if not isinstance(rows, list) or not all(isinstance(row, list | tuple) and len(row) == 2 for row in rows):
        raise ValueError("Give each parameter as a name and a value.")
    result: dict[str, str] = {}
    for name, value in rows:
        name = str(name).strip()
        if not name:
            raise ValueError("Give each parameter a name.")
        if name in result:
            raise ValueError(f"{name} is given twice.")
        if isinstance(value, dict | list | tuple):
            raise ValueError(f"Give {name} one value, as text.")
        result[name] = value if isinstance(value, str) else json.dumps(value)
    return result


def _given(spec: Field, raw: Any) -> bool:
    """Whether a value was given: a JSON value written whole ({} or [] on the command line) is one,
    as the same text typed into the window is (a GET refuses a body given even empty)."""
    return not is_blank(raw) or (spec.kind is FieldKind.JSON and isinstance(raw, dict | list))


def validate(operation: Operation, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every field and rule; answer the coerced values or raise ValidationError.

    Only what ``values`` holds is sent: a field's ``default`` is what a form shows filled in, never
    a value of its own.  A name no field declares is sent where the operation's body is open, and
    refused by name everywhere else: nothing given is dropped."""
    errors: dict[str, str] = {}
    coerced: dict[str, Any] = {}
    supplied = {name.lower(): value for name, value in values.items()}
    for spec in operation.fields:
        raw = supplied.get(spec.name.lower())
        if spec.location is Location.PATH and (problem := _path_problem(spec, raw)):
            errors[spec.name] = problem
            continue
        if not _given(spec, raw):
            if spec.required:
                errors[spec.name] = f"{spec.label} is required."
            elif spec.blank_value is not None:
                coerced[spec.name] = spec.blank_value
            continue
        try:
            coerced[spec.name] = coerce(spec, raw)
        except ValueError as exc:
            errors[spec.name] = str(exc)
    declared = {spec.name.lower() for spec in operation.fields}
    for name, raw in values.items():
        if name.lower() not in declared:
            try:
                coerced[name] = _extra(operation, name, raw)
            except ValueError as exc:
                errors[name] = str(exc)
    if not errors:
        for rule in operation.rules:
            errors.update(rule(coerced))
    if errors:
        raise ValidationError(errors)
    return coerced


def _extra(operation: Operation, name: str, raw: Any) -> Any:
    """A value no field declares: what is sent for it in an open body, or ValueError saying why not."""
    open_body = operation.open_body
    if open_body is None:
        names = ", ".join(spec.name for spec in operation.fields) or "none"
        raise ValueError(f"{operation.label} takes no parameter called {name} (it takes: {names}).")
    if open_body.key_pattern is not None and not open_body.key_pattern.fullmatch(name):
        raise ValueError(open_body.key_sentence or f"{name} is not a key this operation can send.")
    value = raw
    if open_body.json_values and isinstance(raw, str):
        try:
            value = loads(raw)
        except json.JSONDecodeError:
            value = raw  # text that is not JSON is sent as the text it is
    if open_body.check is not None and (problem := open_body.check(name, value)):
        raise ValueError(problem)
    return value


def _path_problem(spec: Field, raw: Any) -> str:
    """Why a value cannot fill its place in the path ('' when it can).

    A blank would leave the segment empty (another endpoint) and a dot segment is resolved away
    before sending, so each would reach a different record or list than the one named.  Slashes
    and escapes are safe: the value is percent-encoded as one segment."""
    if is_blank(raw):
        return f"{spec.label} is required."
    if str(raw).strip() in _DOT_SEGMENTS:
        return f"{spec.label} cannot be “{str(raw).strip()}”: enter the record's own id."
    return ""


def prepare(operation: Operation, values: Mapping[str, Any]) -> PreparedRequest:
    """Validate and place each value where the vendor document puts it."""
    coerced = validate(operation, values)
    fields = {spec.name: spec for spec in operation.fields}
    extras = {name: value for name, value in coerced.items() if name not in fields}
    if operation.place is not None:
        placed = operation.place(coerced)
        placed_body, target = placed.body, placed.path
        # An open body's extra keys go in the body; with no body (a GET), in the query string.
        if placed.has_body:
            placed_body = _with_extras(placed_body, extras) if extras else placed_body
            _check_sendable(placed_body)
        elif extras:
            target = with_query(target, extras)
        return PreparedRequest(
            operation, placed.method, operation.host, target, {}, placed_body, placed.has_body, coerced
        )
    path = operation.path
    params: dict[str, str] = {}
    body: Any = dict(operation.body_constants) if operation.body_constants else None
    for spec in operation.fields:
        if spec.name not in coerced:
            continue
        value = coerced[spec.name]
        if spec.location is Location.PATH:
            path = path.replace("{" + spec.name + "}", quote(str(value), safe=""))
        elif spec.location is Location.QUERY:
            params[spec.name] = value if isinstance(value, str) else json.dumps(value)
        elif spec.location is Location.BODY_ROOT:
            body = value
        elif spec.location is Location.EMPTIES:
            for name in value.split(","):
                body = _place(body if isinstance(body, dict) else {}, fields[name].key_path, "")
        else:
            body = _place(body if isinstance(body, dict) else {}, spec.key_path, value)
    if extras:
        body = _with_extras(body, extras)
    has_body = operation.has_body
    if has_body and body is None:
        body = {}
    if operation.body_in_list and isinstance(body, dict):
        body = {operation.body_in_list: [body]}
    if has_body:
        _check_sendable(body)
    return PreparedRequest(
        operation=operation,
        method=operation.method,
        host=operation.host,
        path=path,
        params=params,
        json_body=body,
        has_body=has_body,
        values=coerced,
    )


def with_query(target: str, parameters: Mapping[str, Any]) -> str:
    """``target`` with ``parameters`` after its own query string, in the order given, each encoded
    (a value that is not text as its JSON: 1, true)."""
    if not parameters:
        return target
    added = "&".join(
        f"{quote(name, safe='')}={quote(value if isinstance(value, str) else json.dumps(value), safe='')}"
        for name, value in parameters.items()
    )
    joint = "" if target.endswith(("?", "&")) else "&" if "?" in target else "?"
    return target + joint + added


def _with_extras(body: Any, extras: Mapping[str, Any]) -> dict[str, Any]:
    """The open body's extra keys at its top level; a key given twice is refused rather than one lost."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ValidationError(
            {name: "Only a JSON object body can take more keys; put this one inside it." for name in extras}
        )
    twice = {
        name: f"{name} is given twice: in the body and on its own. Give it once."
        for name in extras
        if name in body
    }
    if twice:
        raise ValidationError(twice)
    return {**body, **extras}


def _check_sendable(body: Any) -> None:
    """A body JSON can carry: a float that is not a number (NaN, Infinity) has no JSON spelling."""
    try:
        json.dumps(body, allow_nan=False)
    except ValueError:
        raise UsageError(
            "The body holds NaN or Infinity, which JSON cannot carry: give a number, or null."
        ) from None


def _place(body: dict[str, Any], key_path: tuple[str, ...], value: Any) -> dict[str, Any]:
    node = body
    for key in key_path[:-1]:
        node = node.setdefault(key, {})
    node[key_path[-1]] = value
    return body
