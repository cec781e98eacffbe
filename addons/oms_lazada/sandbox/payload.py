"""Lazada's ``payload`` parameters, XML or JSON, as one structure.

The product APIs take ``<Request><Product>...</Product></Request>`` (the
form every API reference page and its sample code shows) or, since 2022,
the same tree in JSON (``{"Request": {"Product": {...}}}``). In both, a
repeated element (``Sku``, ``Image``, ``SkuId``, ``MultiWarehouseInventory``)
is one object when there is one and a list when there are more; JSON
callers may also send a list of one. ``as_list`` reads either.
"""

import json
import xml.etree.ElementTree as ET


class PayloadError(ValueError):
    """The payload is neither well-formed XML nor JSON of a Request."""


def _element_value(element):
    children = list(element)
    if not children:
        return (element.text or "").strip()
    text = (element.text or "").strip() or any(
        (child.tail or "").strip() for child in children
    )
    if text:
        # mixed content (HTML in a description sent without CDATA)
        inner = (element.text or "") + "".join(
            ET.tostring(child, encoding="unicode") for child in children
        )
        return inner.strip()
    value = {}
    for child in children:
        item = _element_value(child)
        if child.tag in value:
            if not isinstance(value[child.tag], list):
                value[child.tag] = [value[child.tag]]
            value[child.tag].append(item)
        else:
            value[child.tag] = item
    return value


def parse(text):
    """``{"Request": {...}}`` from an XML or JSON payload string."""
    text = (text or "").strip()
    if text.startswith("<"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as err:
            raise PayloadError(f"malformed XML: {err}") from err
        tree = {root.tag: _element_value(root)}
    elif text.startswith("{"):
        try:
            tree = json.loads(text)
        except ValueError as err:
            raise PayloadError(f"malformed JSON: {err}") from err
    else:
        raise PayloadError("the payload is neither XML nor JSON")
    if not isinstance(tree, dict) or not isinstance(tree.get("Request"), dict):
        raise PayloadError("the payload has no Request element")
    return tree


def request_part(text, name):
    """``Request.<name>`` of a payload (``Product``, ``Image``...)."""
    part = parse(text)["Request"].get(name)
    if part == "":
        part = {}  # <Product/>: an element without content
    if not isinstance(part, dict):
        raise PayloadError(f"the payload has no {name} element")
    return part


def as_list(value):
    """A repeated element as a list: absent or empty is ``[]``."""
    if value in (None, "", {}):
        return []
    if isinstance(value, list):
        return [v for v in value if v not in (None, "")]
    return [value]


def child_list(parent, container, element):
    """``parent[container][element]`` as a list (``Skus`` / ``Sku``)."""
    holder = (parent or {}).get(container)
    if not isinstance(holder, dict):
        return []
    return as_list(holder.get(element))
