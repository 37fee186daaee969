#!/usr/bin/env bash
# Run bench_funnel.py on two databases with the same generated data: one with
# the suite's core, one with Odoo's stock crm only, and print the ratios.
#   bench/run_bench.sh -c odoo.conf      (BENCH_LEADS=100000 for a smaller run)
# Creates (once) the databases bench_suite and bench_stock on the configured server.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tools/common.sh
. "$here/tools/common.sh"
check_odoo_src
venv=$("$here/tools/venv.sh" | tail -n 1)
odoo=("$venv/bin/python" "$ODOO_SRC/odoo-bin")
declare -A results
for kind in stock suite; do
  modules=crm; [ "$kind" = suite ] && modules=crm_custom_core
  db=bench_$kind
  "${odoo[@]}" "$@" -d "$db" -i "$modules" --stop-after-init --no-http --log-level=warn
  out=$("${odoo[@]}" shell "$@" -d "$db" --no-http --log-level=warn < "$here/bench/bench_funnel.py")
  echo "$out" | sed "s/^/[$kind] /"
  while read -r _ name value; do results[$kind.$name]=$value; done < <(echo "$out" | grep '^RESULT')
done
ratio() {
  python3 -c "import sys; s, o = map(float, sys.argv[2:]); print(f'{sys.argv[1]}: suite {o:.2f}s, stock {s:.2f}s, ratio {o / s:.2f}x')" "$@"
}
for name in batch_1000 single_1000; do
  ratio "$name, same database, stock write path" \
    "${results[suite.${name}_samedb_stock]}" "${results[suite.$name]}"
  ratio "$name, stock crm database (no base_automation, no suite)" \
    "${results[stock.$name]}" "${results[suite.$name]}"
done
