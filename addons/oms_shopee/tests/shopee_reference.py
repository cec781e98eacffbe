"""Shopee's API reference (``api-docs/shopee/reference``) read as
``conformance.ApiSpec``, with the rules that turn it into checks.

Shopee's field tables rarely say whether a response field is always sent
(a few say ``required: yes``, the rest nothing). Its example answers show
what a live shop returns, so a response field is required here when the
table says ``yes`` or when the example shows it, except:

- fields Shopee sends only on request (``response_optional_fields``,
  ``need_tax_info`` ...): required only when the request asks for them
  (``GATED``);
- fields its description reserves for another kind of shop or region than
  the emulated Malaysian local shop, or for a case the description names
  (``CONDITIONAL``).

A field the example gives as ``null`` must be present and may be null.

Where the reference contradicts itself, ``ERRATA`` says what we follow,
each entry with its reason: mostly the example (it is what the platform
sends), the field table when the example is plainly wrong.
"""

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from odoo.addons.oms_base.tests import conformance

TYPE_OF_VALUE = (
    (bool, "boolean"),
    (int, "int64"),
    (float, "float"),
    (str, "string"),
    (dict, "object"),
    (list, "object[]"),
)


@dataclass
class ShopeeField(conformance.Field):
    """A response field. ``nullable``: the example shows it as null, so it
    must be present but may be null. ``unless``: a sibling (``fail_error``)
    whose presence waives a required field (a failed element of a batch)."""

    nullable: bool = False
    unless: str = ""


@dataclass
class Erratum:
    """Where the reference contradicts itself, and what we follow."""

    reason: str
    move: dict = field(default_factory=dict)  # field -> new parent path
    types: dict = field(default_factory=dict)  # field path -> type
    add: dict = field(default_factory=dict)  # field path -> type
    example_excused: tuple = ()  # problems of the example we do not follow


def lenient_json(text):
    """Decode one of the reference's example answers.

    A few are hand-edited JSON: prose before the object, a doubled opening
    brace, trailing commas, a missing comma at a line end. Those slips are
    repaired; anything else still fails to decode.
    """
    text = text[text.index("{") :] if "{" in text else text
    text = re.sub(r"^\{\s*\{", "{", text)
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    text = re.sub(r'("|\d|true|false|null|[}\]])([ \t]*\n\s*")', r"\1,\2", text)
    return json.loads(text)


def shopee_root(root=None):
    return Path(root or conformance.reference_root()) / "api-docs" / "shopee"


# ----------------------------------------------------------------------
# Where the reference is not one answer
# ----------------------------------------------------------------------

_ALWAYS = "Return by default"

# field path (dotted, lists as []) -> request parameter and the value in it
# that asks for the field. ``response_optional_fields`` is a comma list.
GATED = {
    "/api/v2/order/get_order_list": {
        "response.order_list[].order_status": ("response_optional_fields", None),
    },
    # Every order_list field whose description does not start with "Return
    # by default" is gated by response_optional_fields (see _gate_fields).
    "/api/v2/order/get_order_detail": {},
    "/api/v2/logistics/get_tracking_number": {
        "response.plp_number": ("response_optional_fields", None),
        "response.first_mile_tracking_number": ("response_optional_fields", None),
        "response.last_mile_tracking_number": ("response_optional_fields", None),
    },
    "/api/v2/product/get_item_base_info": {
        "response.item_list[].tax_info": ("need_tax_info", "true"),
    },
}

CONDITIONAL = {
    "/api/v2/shop/get_shop_info": {
        "sip_affi_shops": "only for a SIP primary shop",
        "error": "the example's envelope of a failed call",
        "message": "the example's envelope of a failed call",
    },
    "/api/v2/order/get_order_detail": {
        "response.order_list[].package_list[].sorting_group": (
            "only for TW channel 30029"
        ),
        "response.order_list[].buyer_cpf_id": "only for Brazil orders",
        "response.order_list[].dropshipper": "Indonesia orders only",
        "response.order_list[].dropshipper_phone": "Indonesia orders only",
        "response.order_list[].pay_time": "NULL until the order is paid",
        "response.order_list[].booking_sn": "only for advance fulfilment orders",
    },
    "/api/v2/logistics/get_shipping_parameter": {
        "response.pickup": "only for a channel asking for pickup",
        "response.dropoff": "only for a channel asking for dropoff",
    },
    "/api/v2/logistics/get_tracking_number": {
        "response.hint": "only when some field cannot be given yet",
    },
    "/api/v2/logistics/get_shipping_document_parameter": {
        "response.result_list[].fail_error": "only for a failed element",
        "response.result_list[].fail_message": "only for a failed element",
        "warning": "only when some element failed",
    },
    "/api/v2/logistics/create_shipping_document": {
        "response.result_list[].fail_error": "only for a failed element",
        "response.result_list[].fail_message": "only for a failed element",
        "warning": "only when some element failed",
    },
    "/api/v2/logistics/get_shipping_document_result": {
        "response.result_list[].fail_error": "only for a failed element",
        "response.result_list[].fail_message": "only for a failed element",
        "warning": "only when some element failed",
    },
    "/api/v2/product/get_item_base_info": {
        "response.item_list[].price_info": "not returned for an item with models",
        "response.item_list[].stock_info_v2": "the models carry it instead",
        "response.item_list[].complaint_policy": "only for local PL sellers",
        "response.item_list[].description_info": "only for whitelisted sellers",
        "response.item_list[].price_info[].sip_item_price": "only for SIP items",
        "response.item_list[].price_info[].sip_item_price_source": (
            "only for SIP items"
        ),
    },
    "/api/v2/product/get_model_list": {
        "response.model[].price_info[].sip_item_price": "only for SIP items",
        "response.model[].price_info[].sip_item_price_source": "only for SIP items",
        "response.model[].price_info[].sip_item_price_currency": ("only for SIP items"),
        "response.model[].gtin_code": "only TW and BR local sellers",
    },
    "/api/v2/product/add_item": {
        "response.complaint_policy": "only for local PL sellers",
        "response.description_info": "only for whitelisted sellers",
    },
    "/api/v2/product/update_item": {
        "response.complaint_policy": "only for local PL sellers",
        "response.description_info": "only for whitelisted sellers",
    },
    "/api/v2/returns/get_return_detail": {
        "response.virtual_contact_number": "only for TW non-integrated channels",
        "response.package_query_number": "only for TW non-integrated channels",
        "response.is_arrived_at_warehouse": "only for warehouse validation",
        "response.follow_up_action_list": "only for warehouse validation",
        "response.activity": "only for bundle deal returns",
        "response.return_pickup_address": "only when the buyer ships back",
        "response.item[].refund_amount": "only for Partial Qty RR shops",
    },
    "/api/v2/returns/get_return_list": {
        "response.return[].is_arrived_at_warehouse": "only for warehouse validation",
        "response.return[].follow_up_action_list": "only for warehouse validation",
    },
}

# Fields a failed element of a batch answer goes without: field path ->
# the sibling that marks the failure.
UNLESS = {
    "/api/v2/logistics/get_shipping_document_parameter": {
        "response.result_list[].package_number": "fail_error",
        "response.result_list[].suggest_shipping_document_type": "fail_error",
        "response.result_list[].selectable_shipping_document_type": "fail_error",
    },
    "/api/v2/logistics/create_shipping_document": {
        "response.result_list[].package_number": "fail_error",
    },
    "/api/v2/logistics/get_shipping_document_result": {
        "response.result_list[].package_number": "fail_error",
        "response.result_list[].status": "fail_error",
    },
    # The batch page documents no failure at all; the sandbox marks an order
    # it cannot detail as the other batch APIs do (fail_error, fail_message).
    "/api/v2/payment/get_escrow_detail_batch": {
        "response[].escrow_detail": "fail_error",
    },
}

ERRATA = {
    "/api/v2/product/get_item_base_info": Erratum(
        "The field table lists description_info, description_type, "
        "stock_info_v2, complaint_policy and tax_info beside item_list; the "
        "example (and the description of item_list's description field) puts "
        "them in each item: we follow the example. The example gives deboost "
        'as the text "false" where the table says boolean: we follow the '
        "table.",
        move={
            "response.description_info": "response.item_list[]",
            "response.description_type": "response.item_list[]",
            "response.stock_info_v2": "response.item_list[]",
            "response.complaint_policy": "response.item_list[]",
            "response.tax_info": "response.item_list[]",
        },
        example_excused=("response.item_list[0].deboost: expected a boolean",),
    ),
    "/api/v2/product/get_model_list": Erratum(
        "The table marks model_id, tier_index and promotion_id required, the "
        "example omits them: a model without its id cannot be used, we follow "
        "the table.",
        example_excused=(
            "response.model[0].model_id: required field missing",
            "response.model[0].tier_index: required field missing",
            "response.model[0].promotion_id: required field missing",
        ),
    ),
    "/api/v2/product/add_item": Erratum(
        "The table names the attributes of the new item 'attribute' (marked "
        "required), the example 'attributes': we follow the example.",
        move={"response.attribute": None},
        add={"response.attributes": "object[]"},
    ),
    "/api/v2/order/get_order_detail": Erratum(
        "The example sends product_location_id of an order item as a list "
        "and the package's chargeable weight as parcel_chargeable_weight_gram"
        ": we follow the example.",
        types={"response.order_list[].item_list[].product_location_id": "string[]"},
    ),
    "/api/v2/payment/get_escrow_detail": Erratum(
        "The example gives tenure_info_list as a list of objects where the "
        "table says object: we follow the example.",
        types={"response.order_income.tenure_info_list": "object[]"},
    ),
    "/api/v2/payment/get_escrow_detail_batch": Erratum(
        "The batch page types buyer_payment_method and instalment_plan as "
        "float, seller_voucher_code as float and buyer_service_fee as string; "
        "its example and the single escrow page say string, string, list of "
        "strings and float: we follow the example.",
        types={
            "response[].escrow_detail.order_income.buyer_payment_method": "string",
            "response[].escrow_detail.order_income.instalment_plan": "string",
            "response[].escrow_detail.order_income.seller_voucher_code": "string[]",
            "response[].escrow_detail.buyer_payment_info.buyer_service_fee": "float",
        },
    ),
    "/api/v2/returns/get_return_detail": Erratum(
        "The return list types dispute_reason and dispute_text_reason as "
        "lists of strings, the return detail as an integer and a string; each "
        "page's example agrees with its own table, so each API is checked "
        "against its own page.",
    ),
}

# Paths the sandbox serves that have no page in the reference.
NO_REFERENCE = {
    "/api/v2/shop/auth_partner": (
        "the seller's authorization page: a browser redirect described in the "
        "Authorization and Authentication guide, not an API page"
    ),
}


# ----------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------


def _clean(text):
    return re.sub(r"<[^>]+>", "", text or "").replace("&nbsp;", " ").strip()


def _merged(example):
    """The keys an example object (or list of objects) shows, merged."""
    if isinstance(example, list):
        merged = {}
        for element in example:
            for key, value in (_merged(element) or {}).items():
                if key not in merged or merged[key] in (None, [], {}):
                    merged[key] = value
        return merged
    return example if isinstance(example, dict) else None


def _response_fields(nodes, example, prefix):
    shown = _merged(example)
    fields = []
    for node in nodes or []:
        name = node["name"]
        path = f"{prefix}{name}"
        in_example = shown is not None and name in shown
        value = shown.get(name) if in_example else None
        typ = node.get("type") or "string"
        children_prefix = f"{path}[]." if typ.endswith("[]") else f"{path}."
        fields.append(
            ShopeeField(
                name=name,
                type=typ,
                required=node.get("required") == "yes" or in_example,
                children=_response_fields(node.get("children"), value, children_prefix),
                description=_clean(node.get("description")),
                nullable=in_example and value is None,
            )
        )
    return fields


def _request_fields(nodes):
    return [
        conformance.Field(
            name=node["name"],
            type=node.get("type") or "string",
            required=str(node.get("required")).lower() == "true",
            children=_request_fields(node.get("children")),
            description=_clean(node.get("description")),
        )
        for node in nodes or []
    ]


def _examples(document, key):
    try:
        samples = json.loads(document.get(key) or "[]")
    except ValueError:
        return []
    decoded = []
    for sample in samples:
        try:
            decoded.append(lenient_json(sample["value"]))
        except (ValueError, KeyError):
            continue
    return decoded


def _walk(fields, prefix=""):
    for spec in fields:
        path = f"{prefix}{spec.name}"
        yield path, spec
        inner = f"{path}[]." if spec.type.endswith("[]") else f"{path}."
        yield from _walk(spec.children, inner)


def _find(fields, path):
    """The list holding the field at ``path`` and the field, or (None, None)."""
    parent_path, _sep, name = path.rpartition(".")
    holder = fields
    if parent_path:
        parent = dict(_walk(fields)).get(parent_path.removesuffix("[]"))
        if parent is None:
            return None, None
        holder = parent.children
    return holder, next((f for f in holder if f.name == name), None)


def _field_from_example(name, value, typ=None):
    if typ is None:
        typ = next(t for kind, t in TYPE_OF_VALUE if isinstance(value, kind))
        if typ == "object[]" and value and not isinstance(value[0], dict):
            typ = "string[]" if isinstance(value[0], str) else "float[]"
    return ShopeeField(name=name, type=typ, required=True, nullable=value is None)


def _apply_errata(path, fields, example):
    erratum = ERRATA.get(path)
    if erratum is None:
        return
    for source, target in erratum.move.items():
        holder, spec = _find(fields, source)
        if spec is None:
            continue
        holder.remove(spec)
        if target is not None:
            new_holder, _dummy = _find(fields, f"{target}.x")
            new_holder.append(spec)
    for name, typ in erratum.types.items():
        _holder, spec = _find(fields, name)
        if spec is not None:
            spec.type = typ
    for name, typ in erratum.add.items():
        holder, _spec = _find(fields, name)
        leaf = name.rpartition(".")[2]
        holder.append(ShopeeField(name=leaf, type=typ, required=True))
    _require_shown(fields, example)


def _require_shown(fields, example):
    """After moves, fields the example shows are required where they now are."""
    shown = _merged(example) or {}
    for spec in fields:
        if spec.name in shown:
            spec.required = True
            spec.nullable = shown[spec.name] is None
            _require_shown(spec.children, shown[spec.name])


def _add_undocumented(fields, example):
    """Fields the example shows and the table does not list: what the
    platform sends, so required with the example's type."""
    shown = _merged(example)
    if not shown:
        return
    known = {spec.name: spec for spec in fields}
    for name, value in shown.items():
        if name not in known:
            fields.append(_field_from_example(name, value))
        elif known[name].children or isinstance(_merged(value), dict):
            _add_undocumented(known[name].children, value)


def read_shopee(path):
    """The ``ApiSpec`` of one Shopee reference file."""
    document = json.loads(Path(path).read_text())
    params = json.loads(document.get("params") or "{}")
    examples = _examples(document, "response_sample")
    example = examples[0] if examples else None
    response = _response_fields(params.get("response_params"), example, "")
    _apply_errata(document["path"], response, example)
    _add_undocumented(response, example)
    for name, reason in CONDITIONAL.get(document["path"], {}).items():
        _holder, spec = _find(response, name)
        if spec is not None:
            spec.required = False
            spec.description = f"{spec.description} [conditional: {reason}]"
    for name, sibling in UNLESS.get(document["path"], {}).items():
        _holder, spec = _find(response, name)
        if spec is not None:
            spec.unless = sibling
    codes = {}
    for entry in document.get("error_list") or []:
        codes.setdefault(entry["name"], entry.get("description") or "")
    return conformance.ApiSpec(
        name=document["api_name"],
        path=document["path"],
        methods=("POST",) if document.get("method") == 1 else ("GET",),
        params=_request_fields(params.get("request_params")),
        response=response,
        error_codes=codes,
        examples=[{"request": {}, "response": ex} for ex in examples],
        source=Path(path),
    )


def read_shopee_reference(root=None):
    """Every Shopee API of the reference, by path."""
    base = shopee_root(root) / "reference"
    specs = {}
    for path in sorted(base.glob("*/*.json")):
        spec = read_shopee(path)
        specs[spec.path] = spec
    if not specs:
        raise conformance.ReferenceMissing(f"No Shopee API reference under {base}")
    return specs


# ----------------------------------------------------------------------
# Checking an answer
# ----------------------------------------------------------------------


def _asked(params, name, value):
    asked = params.get(name)
    if asked is None:
        return False
    if value is None:  # a comma list of field names
        return asked
    return str(asked).lower() == value


def fields_for(spec, params):
    """The response fields of ``spec`` for a request with ``params``: the
    gated fields are required only when the request asks for them."""
    fields = copy.deepcopy(spec.response)
    gates = dict(GATED.get(spec.path, {}))
    if spec.path == "/api/v2/order/get_order_detail":
        _holder, orders = _find(fields, "response.order_list")
        for child in orders.children:
            if not child.description.startswith(_ALWAYS):
                gates[f"response.order_list[].{child.name}"] = (
                    "response_optional_fields",
                    None,
                )
    for name, (param, value) in gates.items():
        _holder, gated = _find(fields, name)
        if gated is None:
            continue
        asked = _asked(params, param, value)
        if value is None and asked:
            wanted = {part.strip() for part in str(asked).split(",")}
            asked = gated.name in wanted
        if not asked:
            gated.required = False
    return fields


def _special(spec):
    return getattr(spec, "nullable", False) or getattr(spec, "unless", "")


def _presence(data, fields, path=""):
    """Presence of the required fields the generic check is not told about:
    nullable ones, and those a failed element may go without."""
    problems = []
    if not isinstance(data, dict):
        return problems
    for spec in fields:
        where = f"{path}.{spec.name}" if path else spec.name
        value = data.get(spec.name)
        if spec.name not in data:
            waived = getattr(spec, "unless", "") and spec.unless in data
            if spec.required and _special(spec) and not waived:
                problems.append(conformance.Problem(where, "required field missing"))
            continue
        if isinstance(value, dict):
            problems += _presence(value, spec.children, where)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                problems += _presence(element, spec.children, f"{where}[{index}]")
    return problems


def _relaxed(fields):
    """Copy where those fields are optional for the generic check (which
    refuses a null required field and knows no failed elements)."""
    fields = copy.deepcopy(fields)
    for _path, spec in _walk(fields):
        if _special(spec):
            spec.required = False
    return fields


def _without_waived(data, fields):
    """Copy of ``data`` where failed elements lose the fields their failure
    waives (a half-filled escrow_detail is not checked as a full one)."""
    if isinstance(data, list):
        return [_without_waived(element, fields) for element in data]
    if not isinstance(data, dict):
        return data
    specs = {spec.name: spec for spec in fields}
    out = {}
    for name, value in data.items():
        spec = specs.get(name)
        if spec is None:
            out[name] = value
        elif getattr(spec, "unless", "") and spec.unless in data:
            continue
        else:
            out[name] = _without_waived(value, spec.children)
    return out


def check_answer(payload, fields, policy=conformance.STRICT):
    """Problems of one decoded answer against Shopee ``fields``."""
    payload = _without_waived(payload, fields)
    return conformance.check(payload, _relaxed(fields), policy=policy) + _presence(
        payload, fields
    )


# ----------------------------------------------------------------------
# What a mapper reads of a payload
# ----------------------------------------------------------------------


class _Recording(dict):
    """A payload object that notes each key read from it (present or not)."""

    def __init__(self, data, log, prefix):
        super().__init__(
            {
                key: _recording(value, log, f"{prefix}{key}")
                for key, value in data.items()
            }
        )
        self._log = log
        self._prefix = prefix

    def __getitem__(self, key):
        self._log.add(self._prefix + key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._log.add(self._prefix + key)
        return super().get(key, default)


def _recording(value, log, path):
    if isinstance(value, dict):
        return _Recording(value, log, f"{path}.")
    if isinstance(value, list):
        return [
            _Recording(element, log, f"{path}[].")
            if isinstance(element, dict)
            else element
            for element in value
        ]
    return value


def recording(payload, log):
    """``payload`` (a JSON object) noting in ``log`` the dotted paths read
    (lists as ``[]``), for mapping coverage tests."""
    return _Recording(payload, log, "")


def payload_paths(value, prefix=""):
    """Dotted paths of every field of a JSON value (lists as ``[]``)."""
    paths = set()
    if isinstance(value, dict):
        for key, child in value.items():
            paths.add(f"{prefix}{key}")
            paths |= payload_paths(child, f"{prefix}{key}.")
    elif isinstance(value, list):
        for element in value:
            paths |= payload_paths(element, f"{prefix[:-1]}[]." if prefix else "")
    return paths


def field_paths(spec, under):
    """Dotted paths of the documented fields below ``under`` (a path of
    ``spec``'s response, e.g. ``response.order_list``), relative to it."""
    _holder, node = _find(spec.response, under)
    return {path for path, _spec in _walk(node.children)}


def _covered(path, read, aside):
    if path in read:
        return True
    parts = path.split(".")
    return any(
        ".".join(parts[: n + 1]).removesuffix("[]") in aside for n in range(len(parts))
    )


def mapping_gaps(paths, read, aside):
    """Paths neither read by the mapper nor set aside (with a reason), and
    set-aside paths the mapper reads after all."""
    unmapped = sorted(path for path in paths if not _covered(path, read, aside))
    contradicted = sorted(path for path in aside if path in read)
    return unmapped, contradicted
