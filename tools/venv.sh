#!/usr/bin/env bash
# Create or reuse the virtualenv with Odoo's requirements and ours.
# Prints the venv path on its last line. Reuse is a hash comparison: instant when
# nothing changed. Usage: tools/venv.sh  (needs ODOO_SRC, default /opt/odoo19/src)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$here/tools/common.sh"
check_odoo_src

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
venv=${CRM_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/crm-suite/venv-$("$python" -c 'import sys; print("py%d%d" % sys.version_info[:2])')}

stamp=$( { cat "$ODOO_SRC/requirements.txt" "$here/requirements.txt" "$here/tools/venv.sh"; \
           "$python" --version; echo "$ODOO_SRC"; } | sha256sum | cut -c1-16)
if [ -f "$venv/.crm-stamp" ] && [ "$(cat "$venv/.crm-stamp")" = "$stamp" ] \
   && "$venv/bin/python" -c 'import odoo, psycopg2' 2>/dev/null; then
  echo "$venv"
  exit 0
fi

log "building virtualenv $venv (first run, or requirements changed)"
rm -rf "$venv"
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv"
pip=("$venv/bin/pip" install --disable-pip-version-check -q)
"${pip[@]}" --upgrade pip wheel "setuptools<81"

# Odoo's pins, evaluated for this Python, with the substitutions this machine needs:
# - cbor2 5.4.2 does not build on Python 3.11 with current setuptools: 5.6.2 is Odoo's
#   own pin for 3.12 and ships 3.11 wheels;
# - psycopg2 builds from source (needs pg_config and libpq headers): the binary wheel
#   of the same series provides the same module;
# - python-ldap needs OpenLDAP headers and only serves auth_ldap, which we do not use.
reqs="$venv/odoo-requirements.txt"
"$venv/bin/python" - "$ODOO_SRC/requirements.txt" > "$reqs" <<'PY'
import re, sys
from pip._vendor.packaging.requirements import Requirement
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if req.marker and not req.marker.evaluate():
        continue
    name = req.name.lower()
    if name == "python-ldap":
        continue
    if name == "cbor2":
        print("cbor2==5.6.2"); continue
    if name == "psycopg2":
        print("psycopg2-binary" + str(req.specifier)); continue
    print(f"{req.name}{req.specifier}")
PY
"${pip[@]}" -r "$reqs"
# Register the Odoo tree as the 'odoo' distribution (editable, no copy) so that the
# OCA wheels' 'odoo==19.0.*' requirement is met by the tree at $ODOO_SRC.
"${pip[@]}" --no-deps --no-build-isolation -e "$ODOO_SRC"
"${pip[@]}" -r "$here/requirements.txt"
echo "$stamp" > "$venv/.crm-stamp"
log "virtualenv ready"
echo "$venv"
