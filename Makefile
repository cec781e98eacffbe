# Two commands for a machine that already has Odoo 18 and PostgreSQL.
# (With Docker: `docker compose up` and `docker compose run --rm tests`.)
PYTHON ?= python3
PORT ?= 8069
DB ?= oms_demo

.PHONY: run test lint bench install-deps

install-deps:
	$(PYTHON) -m pip install -r requirements.txt

## Odoo with every OMS module and demo shops on the bundled sandboxes, at http://localhost:$(PORT)
run:
	$(PYTHON) tools/oms_run.py --db $(DB) --port $(PORT)

## The whole test suite on a fresh database
test:
	$(PYTHON) tools/oms_test.py

lint:
	ruff check . && ruff format --check .
	$(PYTHON) -m pylint --rcfile=.pylintrc-mandatory addons/*/

bench:
	$(PYTHON) -m bench --small
