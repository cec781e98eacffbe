"""A connector's plain-Python layers stand alone (issue #13, item 8).

``<platform>_api/`` and ``sandbox/`` import nothing of Odoo: each imports in a
Python that cannot import ``odoo`` and whose path holds only the connector's
folder and ``lib/oms_api_common``. A sandbox is an independent implementation
of its marketplace: it imports nothing of its connector's client, mapping or
models, neither in its source nor at run time.
"""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
LIB = ROOT / "lib" / "oms_api_common"

# Runs in ``python -I``: Odoo refused by the first import finder, the
# connector's folder and the toolkit first on the path; imports ``package``
# and every module under it, then prints the names of the modules loaded.
PROBE = """
import importlib, importlib.abc, pkgutil, sys

addon, lib, package = sys.argv[1:4]


class NoOdoo(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "odoo" or name.startswith("odoo."):
            raise ImportError(f"{name} is out of reach of a plain-Python layer")


sys.meta_path.insert(0, NoOdoo())
sys.path[:0] = [addon, lib]
root = importlib.import_module(package)
for info in pkgutil.walk_packages(root.__path__, package + "."):
    importlib.import_module(info.name)
print("\\n".join(sorted(sys.modules)))
"""


def _connectors():
    """``(addon folder, api package name)`` of every connector in addons/."""
    found = []
    for addon in sorted(ADDONS.iterdir()):
        apis = [p.name for p in addon.glob("*_api") if (p / "__init__.py").is_file()]
        if apis and (addon / "sandbox" / "__init__.py").is_file():
            found.append((addon, apis[0]))
    return found


CONNECTORS = _connectors()
LAYERS = [
    pytest.param(addon, package, id=f"{addon.name}.{package}")
    for addon, api in CONNECTORS
    for package in (api, "sandbox")
]


def _import_alone(addon, package, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-I", "-c", PROBE, str(addon), str(LIB), package],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return set(proc.stdout.split())


def test_every_connector_is_checked():
    assert {addon.name for addon, _api in CONNECTORS} >= {
        "oms_lazada",
        "oms_shopee",
        "oms_tiktok",
    }


@pytest.mark.parametrize(("addon", "package"), LAYERS)
def test_layer_imports_without_odoo(addon, package, tmp_path):
    modules = _import_alone(addon, package, tmp_path)
    assert package in modules
    assert "oms_api_common" in modules
    assert not any(m == "odoo" or m.startswith("odoo.") for m in modules)


@pytest.mark.parametrize(
    ("addon", "api"), CONNECTORS, ids=[a.name for a, _api in CONNECTORS]
)
def test_sandbox_loads_nothing_of_its_connector(addon, api, tmp_path):
    modules = _import_alone(addon, "sandbox", tmp_path)
    connector = {m.split(".")[0] for m in modules} & {api, "mapping", "models"}
    assert connector == set()


def _imports(source, package):
    """Absolute names of the modules ``source`` (a module of ``package``)
    imports; ``from . import x`` yields ``package.x``, a relative import
    above the top package yields ``..``."""
    parts = package.split(".")
    for node in ast.walk(ast.parse(source.read_text(), str(source))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level > len(parts):
                yield ".."
                continue
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if node.module:
                yield module
            else:
                yield from (f"{module}.{alias.name}" for alias in node.names)


def _out_of_bounds(module, package, forbidden):
    """Whether code of ``package`` may not import ``module``: Odoo, another
    part of its own addon, or a top-level name of ``forbidden``."""
    addon = package.split(".")[0]
    return (
        module == ".."
        or module.split(".")[0] in {"odoo", *forbidden}
        or (
            module.startswith(addon + ".")
            and module != package
            and not module.startswith(package + ".")
        )
    )


def _offenders(folder, package, forbidden):
    return [
        f"{source.name}: {module}"
        for source in sorted(folder.rglob("*.py"))
        for module in _imports(source, package)
        if _out_of_bounds(module, package, forbidden)
    ]


@pytest.mark.parametrize(
    ("addon", "api"), CONNECTORS, ids=[a.name for a, _api in CONNECTORS]
)
def test_sandbox_source_imports_nothing_of_its_connector(addon, api):
    """``from ..x``, ``odoo.addons.<connector>``, the client, the mapping
    and the models are all out of bounds of ``sandbox/``."""
    offenders = _offenders(
        addon / "sandbox", f"{addon.name}.sandbox", {api, "mapping", "models"}
    )
    assert offenders == []


@pytest.mark.parametrize(
    ("addon", "api"), CONNECTORS, ids=[a.name for a, _api in CONNECTORS]
)
def test_client_source_imports_nothing_of_odoo(addon, api):
    offenders = _offenders(
        addon / api, f"{addon.name}.{api}", {"sandbox", "mapping", "models"}
    )
    assert offenders == []


def test_toolkit_imports_nothing_of_odoo():
    assert _offenders(LIB / "oms_api_common", "oms_api_common", set()) == []


def test_import_scan_sees_forbidden_imports(tmp_path):
    """The scan above is not blind: it reports each kind of reach-back."""
    (tmp_path / "server.py").write_text(
        "from ..lazada_api import client\n"
        "from odoo.addons.oms_lazada import mapping\n"
        "import lazada_api.const\n"
        "from ... import x\n"
        "from . import common\n"
        "from .orders import Order\n"
        "import oms_api_common.sandbox\n"
    )
    offenders = _offenders(tmp_path, "oms_lazada.sandbox", {"lazada_api"})
    assert [o.rsplit(": ", 1)[1] for o in offenders] == [
        "oms_lazada.lazada_api",
        "odoo.addons.oms_lazada",
        "lazada_api.const",
        "..",
    ]


def test_requirements_install_the_toolkit_every_user_declares():
    """``pip install -r requirements.txt`` (the README's, ``.ci/run``'s and
    the Dockerfile's) installs lib/oms_api_common, under the name every
    module importing it declares in its manifest."""
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ./lib/oms_api_common" in requirements
    name = tomllib.loads((LIB / "pyproject.toml").read_text())["project"]["name"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.index("COPY lib ") < dockerfile.index("-r /tmp/req.txt")
    users = {
        source.relative_to(ADDONS).parts[0]
        for source in ADDONS.rglob("*.py")
        if "oms_api_common" in source.read_text()
    }
    assert {"oms_base", "oms_lazada", "oms_shopee", "oms_tiktok"} <= users
    for addon in sorted(users):
        manifest = ast.literal_eval((ADDONS / addon / "__manifest__.py").read_text())
        assert name in manifest.get("external_dependencies", {}).get("python", []), (
            addon
        )


def test_nothing_imports_the_toolkit_through_oms_base():
    """The toolkit is ``oms_api_common`` and nothing else: oms_base keeps no
    alias of it, and no module, test, benchmark or tool imports one."""
    assert not (ADDONS / "oms_base" / "api_common").exists()
    former = "oms_base" + ".api_common"
    offenders = [
        str(source.relative_to(ROOT))
        for folder in ("addons", "bench", "tests", "tools", "lib")
        if (ROOT / folder).is_dir()
        for source in (ROOT / folder).rglob("*.py")
        if former in source.read_text()
    ]
    assert offenders == []


# The files every connector has (DEVELOP.md, "Layout"), one concern each.
LAYOUT = (
    "mapping.py",
    "finance.py",
    "returns.py",
    "models/oms_channel.py",
    "models/oms_channel_orders.py",
    "models/oms_channel_listing.py",
    "models/oms_channel_fulfilment.py",
    "models/oms_channel_finance.py",
    "models/oms_channel_returns.py",
    "data/neutralize.sql",
    "tests/common.py",
)


@pytest.mark.parametrize(
    "folder,api", CONNECTORS, ids=[folder.name for folder, _api in CONNECTORS]
)
def test_connectors_share_one_layout(folder, api):
    """Issue #13, item 10: the same file names in every connector, its
    tests named ``test_<platform>_*`` and its market field
    ``<platform>_region``."""
    platform = api.removesuffix("_api")
    assert [name for name in LAYOUT if not (folder / name).is_file()] == []
    tests = {path.name for path in (folder / "tests").glob("test_*.py")}
    assert {name for name in tests if not name.startswith(f"test_{platform}_")} == set()
    source = (folder / "models" / "oms_channel.py").read_text()
    assert f'region_field="{platform}_region"' in source
    assert f"{platform}_region = fields.Selection(" in source
