# Shared helpers for the tools/ scripts (sourced, not run).
CRM_ROOT=${CRM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
ODOO_SRC=${ODOO_SRC:-/opt/odoo19/src}
export ODOO_SRC

log() { printf '[crm-suite] %s\n' "$*" >&2; }
die() { printf '[crm-suite] ERROR: %s\n' "$*" >&2; exit 2; }

check_odoo_src() {
  if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
    die "no Odoo source tree at ODOO_SRC=$ODOO_SRC. Provide an Odoo 19.0 checkout \
(branch 19.0, containing odoo-bin) and point ODOO_SRC at it, e.g. \
'git clone --branch 19.0 <odoo-19.0-repo> /opt/odoo19/src'."
  fi
  local serie
  serie=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$ODOO_SRC/odoo/release.py")
  [ "$serie" = "19.0" ] || die "ODOO_SRC=$ODOO_SRC is Odoo '$serie', not 19.0: point ODOO_SRC at an Odoo 19.0 tree."
}

# The addons path: ours, Odoo's, and the OCA addons installed as wheels in the venv.
addons_path() {
  local venv=$1 site
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$CRM_ROOT/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$site/odoo/addons"
}
