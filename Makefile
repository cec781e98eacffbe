# Two commands for a machine that already has Odoo 18 and PostgreSQL.
# (With Docker: `docker compose up` and `docker compose run --rm tests`.)
PYTHON ?= python3
PORT ?= 8069
DB ?= oms_demo
SANDBOX_PORTS ?= 8801,8802,8803

.PHONY: run test lint bench install-deps pot

install-deps:
	$(PYTHON) -m pip install -r requirements.txt

## Odoo with every OMS module and demo shops on the bundled sandboxes, at http://localhost:$(PORT);
## the sandboxes' control pages at http://127.0.0.1:8801/, :8802/ and :8803/. Ctrl-C stops it all.
run:
	$(PYTHON) tools/oms_run.py --db $(DB) --port $(PORT) --sandbox-ports $(SANDBOX_PORTS)

## The whole test suite on a fresh database
test:
	$(PYTHON) tools/oms_test.py

lint:
	ruff check . && ruff format --check .
	$(PYTHON) -m pylint --rcfile=.pylintrc-mandatory addons/*/

bench:
	$(PYTHON) -m bench --small

## Regenerate every module's translation template (i18n/<module>.pot)
pot:
	$(PYTHON) tools/oms_pot.py
