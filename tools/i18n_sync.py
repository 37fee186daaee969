"""Regenerate the .pot of our addons from a database and bring zh_CN.po in line.

    python tools/i18n_sync.py -c odoo.conf -d DB [--add zh.json] crm_custom_core crm_edu ...

For each addon: ``odoo-bin i18n export`` writes ``i18n/<addon>.pot``; ``zh_CN.po``
is rewritten from that template, keeping every translation it already has
(and those of ``--add``, a JSON file ``{addon: {msgid: msgstr}}``). Prints the
msgids left untranslated; exits 1 if any. The database must have the addons
installed at the code's current version (run ``-u`` first).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def export_pot(conf, db, addon, target):
    odoo_bin = Path(os.environ.get("ODOO_SRC", "/opt/odoo19/src")) / "odoo-bin"
    subprocess.run(
        [
            sys.executable,
            str(odoo_bin),
            "i18n",
            "export",
            "-c",
            conf,
            "-d",
            db,
            "-o",
            target,
            addon,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sync(addon, pot_path, extra):
    i18n = ROOT / "addons" / addon / "i18n"
    pot = polib.pofile(pot_path)
    po_path = i18n / "zh_CN.po"
    old = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    known = {(e.msgctxt, e.msgid): e.msgstr for e in old if e.msgstr and not e.fuzzy}
    by_id = {e.msgid: e.msgstr for e in old if e.msgstr and not e.fuzzy}
    by_id.update(extra)
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(old.metadata or pot.metadata)
    po.metadata["Language"] = "zh_CN"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in pot:
        msgstr = known.get((entry.msgctxt, entry.msgid)) or by_id.get(entry.msgid, "")
        if not msgstr:
            missing.append(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                msgctxt=entry.msgctxt,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    pot.wrapwidth = 78
    pot.save(str(i18n / f"{addon}.pot"))
    po.save(str(po_path))
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--add", help="JSON file {addon: {msgid: zh_CN msgstr}}")
    parser.add_argument("addons", nargs="+")
    args = parser.parse_args()
    extra = json.loads(Path(args.add).read_text()) if args.add else {}
    untranslated = 0
    with tempfile.TemporaryDirectory() as tmp:
        for addon in args.addons:
            target = f"{tmp}/{addon}.pot"
            export_pot(args.config, args.database, addon, target)
            missing = sync(addon, target, extra.get(addon, {}))
            untranslated += len(missing)
            print(f"{addon}: {len(missing)} untranslated")
            for msgid in missing:
                print(f"    {msgid!r}")
    sys.exit(1 if untranslated else 0)


if __name__ == "__main__":
    main()
