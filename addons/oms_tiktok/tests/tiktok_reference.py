"""TikTok Shop's API reference read into the shared checker's terms.

``api-docs/tiktok/reference/<module>/<api>.spec.json`` lists each API's
parameters and response fields as flat rows whose leading ``^`` give the
depth (``data`` > ``^orders`` > ``^^id``). :func:`read_spec` turns one file
into a :class:`TikTokSpec` (an ``ApiSpec`` of ``oms_base.tests.conformance``
with the parameters split by where they go); :func:`common_error_codes`
reads the codes every API may answer from the guide's common errors page.
"""

import importlib.util
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path


def _load_checker():
    """oms_base's shared checker, loaded from its file: importing it through
    ``odoo.addons.oms_base.tests`` would import Odoo's test framework (the
    package's Odoo tests), which logs an error outside Odoo's test mode and
    so fails a plain run."""
    name = "oms_base_conformance"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "oms_base/tests/conformance.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


conformance = _load_checker()
ApiSpec, Field = conformance.ApiSpec, conformance.Field

METHODS = {1: "POST", 2: "GET", 3: "PUT", 4: "DELETE"}
# Common parameters of every call, documented once in the guide.
COMMON_QUERY = ("app_key", "sign", "timestamp")


@dataclass
class TikTokSpec(ApiSpec):
    query: list = field(default_factory=list)
    body: list = field(default_factory=list)
    path_params: list = field(default_factory=list)
    shop_cipher: bool = False


def tree(rows):
    """Nested ``Field`` list of the reference's flat ``^``-indented rows."""
    root = []
    stack = [(-1, root)]
    for row in rows:
        raw = row["name"]
        depth = len(raw) - len(raw.lstrip("^"))
        node = Field(
            name=raw.lstrip("^").strip(),
            type=row.get("type") or "string",
            required=row.get("required") == "Y",
            description=row.get("desc") or "",
        )
        while stack[-1][0] >= depth:
            stack.pop()
        stack[-1][1].append(node)
        stack.append((depth, node.children))
    return root


def _example(text):
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def read_spec(path):
    document = json.loads(Path(path).read_text())["document_api_meta"]
    query = [
        f
        for f in tree(document.get("request_query_param") or [])
        if f.name not in COMMON_QUERY
    ]
    body = tree(document.get("request_body_param") or [])
    path_params = tree(document.get("request_path_param") or [])
    return TikTokSpec(
        name=document["title"],
        path=document["interface_path"],
        methods=(METHODS[document["method"]],),
        params=query + body + path_params,
        response=tree(document.get("response_param") or []),
        error_codes={
            str(entry["code"]): entry.get("msg") or ""
            for entry in document.get("error_code_list") or []
        },
        examples=[
            {
                "request": _example(document.get("request_body")),
                "response": _example(document.get("response_body")),
            }
        ],
        source=Path(path),
        query=query,
        body=body,
        path_params=path_params,
        shop_cipher=bool(document.get("is_shop_chiper_exist")),
    )


def tiktok_root(root=None):
    return Path(root or conformance.reference_root()) / "api-docs" / "tiktok"


def read_reference(root=None):
    """Every TikTok API of the reference, by path and method."""
    folder = tiktok_root(root) / "reference"
    specs = {}
    for path in sorted(folder.glob("*/*.spec.json")):
        spec = read_spec(path)
        specs[(spec.methods[0], spec.path)] = spec
    if not specs:
        raise conformance.ReferenceMissing(f"No TikTok API reference under {folder}")
    return specs


def common_error_codes(root=None):
    """Codes of the guide's common errors page (and the version error of
    the versioning page): any API may answer them."""
    concepts = tiktok_root(root) / "guides/developer-guide/tiktok-shop-api-concepts"
    codes = set()
    for name in ("common-errors.md", "api-versioning.md"):
        page = concepts / name
        if not page.is_file():
            raise conformance.ReferenceMissing(f"The guide page {page} is missing")
        text = page.read_text()
        codes |= set(re.findall(r"^\| (\d{6,8}) \|", text, re.MULTILINE))
        codes |= set(re.findall(r'"code":\s*(\d{6,8})', text))
    return codes


def token_fields(root=None):
    """Fields of the token answer, from the authorization guide's example
    (the token endpoints have no page in the API reference)."""
    guide = (
        tiktok_root(root)
        / "guides/developer-guide/get-started/authorization"
        / "authorization-overview-202407.md"
    )
    if not guide.is_file():
        raise conformance.ReferenceMissing(f"The guide page {guide} is missing")
    for block in re.findall(r"```plaintext\n(.*?)```", guide.read_text(), re.DOTALL):
        example = _example(block)
        if example and "access_token_expire_in" in (example.get("data") or {}):
            fields = conformance.fields_from(example["data"])
            for entry in fields:
                value = example["data"][entry.name]
                if isinstance(value, list) and all(isinstance(v, str) for v in value):
                    entry.type = "[]string"  # fields_from reads lists as objects
            return example, fields
    raise conformance.ReferenceMissing(f"No token answer example in {guide}")


def webhook_reference(event_type, root=None):
    """``(documented data names, example data or None)`` of a webhook type."""
    folder = tiktok_root(root) / "webhooks"
    pages = list(folder.glob(f"*/{event_type}-*.json"))
    if len(pages) != 1:
        raise conformance.ReferenceMissing(
            f"No page for webhook {event_type} in {folder}"
        )
    content = json.loads(pages[0].read_text())["content"]
    names = set(
        re.findall(r"^\| (?:\*\*)?([a-z][a-z_]*)(?:\*\*)? \|", content, re.MULTILINE)
    )
    example = None
    for block in re.findall(r"```(?:json|JSON)?\n(.*?)```", content, re.DOTALL):
        example = _example(block) or example
    if example:
        names |= set(example.get("data") or {})
    return names, example
