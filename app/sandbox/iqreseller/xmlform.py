"""The XML form of the sales-order list: ``<ArrayOfSO><SO>…</SO></ArrayOfSO>``.

The integrations page shows only the two outer element names.  Each order's
fields are child elements named as its JSON keys, in the same order, with the
same text JSON would show (numbers as JSON writes them, ``true``/``false``); its
lines are ``<SODetails><SODetail>…</SODetail></SODetails>``.  No namespace and no
XML declaration, as the page shows none.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from starlette.responses import Response

XML_MEDIA_TYPE = "application/xml; charset=utf-8"


def array_of_so(orders: list[dict[str, Any]]) -> Response:
    root = ElementTree.Element("ArrayOfSO")
    for order in orders:
        _fill(ElementTree.SubElement(root, "SO"), order)
    return Response(ElementTree.tostring(root, encoding="unicode"), media_type=XML_MEDIA_TYPE)


def _fill(element: ElementTree.Element, record: dict[str, Any]) -> None:
    for key, value in record.items():
        child = ElementTree.SubElement(element, key)
        if isinstance(value, list):  # a record's own records: SODetails -> SODetail each
            for inner in value:
                _fill(ElementTree.SubElement(child, key.removesuffix("s")), inner)
        elif isinstance(value, str):
            child.text = value
        else:
            child.text = json.dumps(value)
