"""An answer a vendor sent as XML, read for a person: indented text, or rows when it lists records.

Parsed with the standard library, refusing any document type declaration: without one a document
can use only XML's five built-in entities, so nothing is expanded or fetched from elsewhere.
Namespaces are left out of the names shown (``{http://…}SO`` is shown as ``SO``).  ``indented``
renames the elements of the tree it is given: read the records first.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
REFUSED = "The XML declares a document type, which this app does not read."


class _NoDoctype(ElementTree.TreeBuilder):
    """Stops at a document type declaration, before any entity it declares is read."""

    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise ValueError(REFUSED)


def parse(text: str) -> ElementTree.Element:
    """The document's root element; ValueError when it is not well-formed XML or declares a type."""
    if _DECLARATION.search(text):
        raise ValueError(REFUSED)
    parser = ElementTree.XMLParser(target=_NoDoctype())
    try:
        parser.feed(text)
        return parser.close()
    except ElementTree.ParseError as exc:
        raise ValueError(f"This is not well-formed XML ({exc}).") from None


def indented(root: ElementTree.Element) -> str:
    """The document as readable text, one element a line, nested ones indented (names without their
    namespaces; the text as received is the raw answer's)."""
    for element in root.iter():
        element.tag = _name(element)
        element.attrib = {key.rpartition("}")[2]: value for key, value in element.attrib.items()}
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode")


def records(root: ElementTree.Element) -> list[dict[str, Any]] | None:
    """The records a list document holds (``<ArrayOfSO><SO>…</SO>…``): each a name → text mapping,
    a record's own list as a list of mappings.  None when the document is not a list of records."""
    items = list(root)
    if not items or len({item.tag for item in items}) != 1 or any(len(item) == 0 for item in items):
        return None
    return [_record(item) for item in items]


def _name(element: ElementTree.Element) -> str:
    return element.tag.rpartition("}")[2]


def _record(element: ElementTree.Element) -> dict[str, Any]:
    return {_name(child): _value(child) for child in element}


def _value(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    # Children all of one name are a list (SODetails of SODetail): one of them, if it has fields.
    if len({child.tag for child in children}) == 1 and (len(children) > 1 or len(children[0])):
        return [_value(child) for child in children]
    return _record(element)
