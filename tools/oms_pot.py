#!/usr/bin/env python3
"""Regenerate the translation template (i18n/<module>.pot) of every OMS module.

Installs every module of ``addons/`` in a scratch database (without demo data,
so demo records add no terms), exports each module's terms with Odoo's own
exporter (``--i18n-export``), then drops the database. Only files whose terms
changed are rewritten: the creation dates in the header alone never make a
change.

    python3 tools/oms_pot.py                 # every module
    python3 tools/oms_pot.py oms_base oms_tiktok
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oms_test

HEADER_DATES = re.compile(
    r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE
)


def modules_of(addons):
    return sorted(p.parent.name for p in addons.glob("*/__manifest__.py"))


def export(conf, dbname, module, target):
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(conf),
        "-d",
        dbname,
        f"--i18n-export={target}",
        f"--modules={module}",
        "--stop-after-init",
        "--log-level=warn",
    ]
    subprocess.run(cmd, cwd=oms_test.ROOT, check=True)


def same_terms(old, new):
    return HEADER_DATES.sub("", old) == HEADER_DATES.sub("", new)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="only these modules")
    parser.add_argument("--db", default="oms_pot", help="scratch database name")
    args = parser.parse_args()

    oms_test.check_odoo()
    db = oms_test.db_settings()
    oms_test.check_postgres(db)
    everything = modules_of(oms_test.ADDONS)
    wanted = args.modules or everything
    unknown = sorted(set(wanted) - set(everything))
    if unknown:
        oms_test.fail(f"not an OMS module: {', '.join(unknown)}")

    oms_test.LOGS.mkdir(exist_ok=True)
    conf = oms_test.write_config(db, args.db, with_demo=False)
    oms_test.drop(db, args.db)
    try:
        oms_test.install(conf, args.db, everything)
        with tempfile.TemporaryDirectory() as tmp:
            for module in wanted:
                fresh = Path(tmp) / f"{module}.pot"
                export(conf, args.db, module, fresh)
                target = oms_test.ADDONS / module / "i18n" / f"{module}.pot"
                new = fresh.read_text()
                old = target.read_text() if target.exists() else ""
                if same_terms(old, new):
                    print(f"oms-pot: {module}: up to date")
                    continue
                target.parent.mkdir(exist_ok=True)
                target.write_text(new)
                print(f"oms-pot: {module}: rewritten")
    finally:
        oms_test.drop(db, args.db)


if __name__ == "__main__":
    main()
