"""What a person sees of a record's view: its buttons and pages, with the
``invisible`` modifiers evaluated on the record."""

from lxml import etree

from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names


def _value(record, name):
    value = record[name]
    if hasattr(value, "_name"):
        return value.ids if record._fields[name].type.endswith("2many") else value.id
    return value


def shown(record, view_type="form"):
    """``{(tag, name): visible}`` of the named buttons, pages and groups of
    ``record``'s view, as ``get_views`` gives it to the current user (nodes
    of subviews, e.g. order lines, left out)."""
    arch = record.get_views([(False, view_type)])["views"][view_type]["arch"]
    root = etree.fromstring(arch)
    visible = {}
    for node in root.iter("button", "page", "group"):
        name = node.get("name")
        if not name or any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        ancestors = [node, *node.iterancestors()]
        visible[(node.tag, name)] = not any(
            _invisible(record, other.get("invisible")) for other in ancestors
        )
    return visible


def _invisible(record, expression):
    if not expression:
        return False
    names = get_expression_field_names(expression) - {"context", "uid"}
    return bool(safe_eval(expression, {name: _value(record, name) for name in names}))
