"""Open311 answers as JSON or XML (``xml.etree.ElementTree``, escaped, UTF-8 with a declaration).

The XML names are the spec's: ``<services><service>``, ``<service_definition>`` with
``<attributes><attribute>…<values><value>``, ``<service_requests><request>`` and
``<errors><error><code>…<description>``. A missing value is JSON ``null`` and an empty element.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from django.http import HttpResponse

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
CHILD = {"attributes": "attribute", "values": "value"}  # XML names of list items
# Characters XML 1.0 cannot hold (control characters other than tab, newline, return).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, data: dict[str, Any]) -> None:
    for name, value in data.items():
        child = ET.SubElement(element, name)
        if isinstance(value, list):
            for item in value:
                _fill(ET.SubElement(child, CHILD.get(name, "item")), item)
        else:
            child.text = _text(value)


def to_xml(root: str, item: str | None, data: list[dict[str, Any]] | dict[str, Any]) -> bytes:
    """``data`` as ``<root><item>…</item>…</root>`` (a list) or ``<root>…</root>`` (a dict)."""
    element = ET.Element(root)
    if isinstance(data, dict):
        _fill(element, data)
    else:
        for row in data:
            _fill(ET.SubElement(element, item or "item"), row)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        element, encoding="utf-8", xml_declaration=False
    )


def respond(
    fmt: str,
    data: list[dict[str, Any]] | dict[str, Any],
    *,
    root: str,
    item: str | None = None,
    status: int = 200,
) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, item, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error(fmt: str, status: int, description: str) -> HttpResponse:
    """``[{"code": 400, "description": …}]`` or ``<errors><error>…</error></errors>``."""
    return respond(
        fmt,
        [{"code": status, "description": str(description)}],
        root="errors",
        item="error",
        status=status,
    )
