"""Check a sandbox's answers against the marketplace's own API reference.

Plain Python, shared by the connectors' conformance suites. A platform
reader turns one reference file into an ``ApiSpec`` (request parameters,
response fields with their documented types and required flags, error
codes, the reference's own examples); ``check`` compares any decoded JSON
answer with a list of ``Field`` and returns the problems found, each with
the path of the offending value.

The same check runs over the reference's example responses: a checker that
refuses the platform's own examples is wrong, not the examples.

The reference documents live outside the repository, in
``<repo>/../shared/reference`` (next to the clone in CI as on a developer's
machine). ``reference_root`` fails loudly when they are missing: a
conformance suite that silently skips proves nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


class ReferenceMissing(AssertionError):
    """The platform reference is not where the suite expects it."""


def reference_root(repo_root=REPO_ROOT):
    root = Path(repo_root).parent / "shared" / "reference"
    if not (root / "api-docs").is_dir():
        raise ReferenceMissing(
            f"The marketplaces' API reference is missing: expected {root}/api-docs "
            "(a checkout of the shared reference next to the repository)."
        )
    return root


# ----------------------------------------------------------------------
# What the reference says
# ----------------------------------------------------------------------


@dataclass
class Field:
    """One documented parameter or response field."""

    name: str
    type: str = "String"
    required: bool = False
    children: list = field(default_factory=list)
    description: str = ""

    @property
    def kind(self):
        return kind_of(self.type)[0]

    @property
    def item_kind(self):
        return kind_of(self.type)[1]

    def child(self, name):
        return next((c for c in self.children if c.name == name), None)


@dataclass
class ApiSpec:
    """One API of a platform reference."""

    name: str
    path: str
    methods: tuple
    params: list
    response: list
    error_codes: dict  # code -> description
    examples: list  # [{"request": {name: value}, "response": decoded JSON}]
    source: Path = None

    def param(self, name):
        return next((p for p in self.params if p.name == name), None)

    @property
    def required_params(self):
        return [p for p in self.params if p.required]


_SCALAR_KINDS = {
    "string": "string",
    "str": "string",
    "char": "string",
    "date": "string",
    "datetime": "string",
    "number": "number",
    "int": "number",
    "integer": "number",
    "int32": "number",
    "int64": "number",
    "uint32": "number",
    "uint64": "number",
    "long": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "timestamp": "number",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "map": "object",
    "json": "object",
    "payload": "payload",
    "byte[]": "file",
    "file": "file",
    "binary": "file",
}


def kind_of(raw_type):
    """``(kind, item kind)`` of a reference type: ``Object[]`` ->
    ``("array", "object")``, ``Number`` -> ``("number", None)``. Unknown
    spellings are ``("any", None)`` and accept every value."""
    text = (raw_type or "").strip().lower()
    if text in _SCALAR_KINDS:
        return _SCALAR_KINDS[text], None
    for prefix, suffix in (("", "[]"), ("list[", "]"), ("array[", "]"), ("[]", "")):
        if text.startswith(prefix) and text.endswith(suffix) and text != suffix:
            inner = text[len(prefix) : len(text) - len(suffix)]
            return "array", kind_of(inner)[0]
    if text in ("array", "list"):
        return "array", "any"
    return "any", None


# ----------------------------------------------------------------------
# Checking a value
# ----------------------------------------------------------------------


@dataclass
class Policy:
    """How literally documented types are read.

    Marketplace references are looser than their type column: examples
    give numbers as strings (``"order_id": "16090"``), booleans as
    ``"true"`` or ``0``, and nested objects serialised into a string. A
    policy accepts those textual forms of the documented type, never a
    value of another shape (an object where a number is documented, text
    where a number is documented, a list where an object is).
    """

    numeric_strings: bool = True  # Number as "12.50"
    boolean_forms: bool = True  # Boolean as "true", "0", 1
    numbers_as_strings: bool = True  # String given 12 or true (ids, flags)
    json_strings: bool = True  # Object or list serialised in a string
    null_optional: bool = True  # an optional field may be null
    null_required: bool = False  # a required field may be null
    extra_fields: bool = True  # fields the reference does not list


STRICT = Policy(
    numeric_strings=False,
    boolean_forms=False,
    numbers_as_strings=False,
    json_strings=False,
)
LOOSE = Policy()


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path or '<root>'}: {self.message}"


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numeric_text(value):
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _decoded(value, policy, wanted):
    """The value, or what a JSON string holds when the policy allows it."""
    if isinstance(value, str) and policy.json_strings:
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        if isinstance(decoded, wanted):
            return decoded
    return value


def _scalar_problem(value, kind, policy):
    if kind == "string":
        if isinstance(value, str):
            return None
        if policy.numbers_as_strings and (_is_number(value) or isinstance(value, bool)):
            return None
        return f"expected a string, got {type(value).__name__}"
    if kind == "number":
        if _is_number(value):
            return None
        if policy.numeric_strings and isinstance(value, str) and _numeric_text(value):
            return None
        return f"expected a number, got {value!r:.40}"
    if kind == "boolean":
        if isinstance(value, bool):
            return None
        if policy.boolean_forms and str(value).lower() in ("true", "false", "0", "1"):
            return None
        return f"expected a boolean, got {value!r:.40}"
    return None


def check_value(value, spec, path="", policy=LOOSE):
    """Problems of ``value`` against the documented field ``spec``."""
    kind = spec.kind
    if value is None:
        if spec.required and not policy.null_required:
            return [Problem(path, "required but null")]
        return []
    if kind == "object":
        value = _decoded(value, policy, dict)
        if not isinstance(value, dict):
            return [Problem(path, f"expected an object, got {type(value).__name__}")]
        return check(value, spec.children, path, policy)
    if kind == "array":
        value = _decoded(value, policy, list)
        if not isinstance(value, list):
            return [Problem(path, f"expected a list, got {type(value).__name__}")]
        item = Field(spec.name, spec.item_kind or "any", True, spec.children)
        if spec.item_kind == "object" or spec.children:
            item.type = "object"
        problems = []
        for index, element in enumerate(value):
            problems += check_value(element, item, f"{path}[{index}]", policy)
        return problems
    message = _scalar_problem(value, kind, policy)
    return [Problem(path, message)] if message else []


def check(data, fields, path="", policy=LOOSE):
    """Problems of the JSON object ``data`` against documented ``fields``:
    required fields missing, values of another type, recursively."""
    if not isinstance(data, dict):
        return [Problem(path, f"expected an object, got {type(data).__name__}")]
    problems = []
    for spec in fields:
        where = f"{path}.{spec.name}" if path else spec.name
        if spec.name not in data:
            if spec.required:
                problems.append(Problem(where, "required field missing"))
            continue
        if data[spec.name] is None and not spec.required and policy.null_optional:
            continue
        problems += check_value(data[spec.name], spec, where, policy)
    if not policy.extra_fields:
        known = {spec.name for spec in fields}
        problems += [
            Problem(f"{path}.{name}" if path else name, "not in the reference")
            for name in data
            if name not in known
        ]
    return problems


def missing_required(data, fields, path=""):
    """Paths of required fields absent from ``data`` (types not checked)."""
    return [p.path for p in check(data, fields, path, LOOSE) if "missing" in p.message]


def fields_from(example, required=True):
    """Fields describing a JSON example (an envelope the reference only
    shows by example)."""
    fields = []
    for name, value in example.items():
        if isinstance(value, dict):
            fields.append(Field(name, "Object", required, fields_from(value, False)))
        elif isinstance(value, list):
            fields.append(Field(name, "Object[]" if value else "Array", required))
        elif isinstance(value, bool):
            fields.append(Field(name, "Boolean", required))
        elif _is_number(value):
            fields.append(Field(name, "Number", required))
        else:
            fields.append(Field(name, "String", required))
    return fields


# ----------------------------------------------------------------------
# Lazada Open Platform reference (api-docs/lazada/reference/<module>/<api>.json)
# ----------------------------------------------------------------------


def _lazada_fields(nodes):
    return [
        Field(
            name=node["name"],
            type=node.get("type") or "String",
            required=bool(node.get("required")),
            children=_lazada_fields(node.get("children") or []),
            description=node.get("desc") or "",
        )
        for node in nodes or []
    ]


def _lazada_examples(api):
    examples = []
    for example in (api.get("examples") or {}).get("data") or []:
        request = {
            entry["paramName"]: entry.get("demo")
            for entry in example.get("input") or []
        }
        try:
            response = json.loads(example.get("responseCode") or "null")
        except ValueError:
            response = None
        examples.append({"request": request, "response": response})
    return examples


def read_lazada(path):
    """The ``ApiSpec`` list of one Lazada reference file."""
    document = json.loads(Path(path).read_text())
    specs = []
    for api in document["data"]["apiList"]:
        methods = tuple(m.strip().upper() for m in api["method"].split("/"))
        codes = {}
        for entry in (api.get("errorCodes") or {}).get("data") or []:
            codes.setdefault(str(entry["code"]), entry.get("codeDesc") or "")
        specs.append(
            ApiSpec(
                name=api.get("title") or api["path"],
                path=api["path"],
                methods=methods,
                params=_lazada_fields((api.get("parameters") or {}).get("data")),
                response=_lazada_fields(
                    (api.get("outputParameters") or {}).get("data")
                ),
                error_codes=codes,
                examples=_lazada_examples(api),
                source=Path(path),
            )
        )
    return specs


def read_lazada_reference(root=None):
    """Every Lazada API of the reference, by path."""
    root = Path(root or reference_root()) / "api-docs" / "lazada" / "reference"
    specs = {}
    for path in sorted(root.glob("*/*.json")):
        for spec in read_lazada(path):
            specs[spec.path] = spec
    if not specs:
        raise ReferenceMissing(f"No Lazada API reference under {root}")
    return specs
