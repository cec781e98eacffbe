"""docker-compose.yml is valid against the Compose specification's schema.

No Docker engine runs here, so the file is checked statically: the schema
shipped (vendored from compose-spec) with check-jsonschema, plus the few
facts the README promises about it.
"""

import json
from importlib import resources
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())


def _schema():
    path = (
        resources.files("check_jsonschema") / "builtin_schemas/vendor/compose-spec.json"
    )
    return json.loads(path.read_text())


def test_compose_file_matches_the_compose_specification():
    jsonschema.validate(_compose(), _schema())


def test_schema_catches_a_broken_file():
    broken = _compose()
    broken["services"]["odoo"]["ports"] = {"not": "a list"}
    try:
        jsonschema.validate(broken, _schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("the schema accepted an invalid ports entry")


def test_services_promised_by_the_readme():
    services = _compose()["services"]
    assert {"db", "odoo", "tests"} <= set(services)
    # Odoo runs as `make run` does, the sandboxes' control pages published
    assert services["odoo"]["command"][:2] == ["python3", "tools/oms_run.py"]
    assert {"8069:8069", "8801:8801", "8802:8802"} <= set(services["odoo"]["ports"])
    assert services["odoo"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["tests"]["command"][-1] == "tools/oms_test.py"
    # the tests run in the image Odoo runs in
    assert services["tests"]["image"] == services["odoo"]["image"]
    assert (ROOT / "Dockerfile").read_text().startswith("#") and "FROM odoo:18.0" in (
        ROOT / "Dockerfile"
    ).read_text()
