"""Benchmark (not a test): everyday CRM work, stock Odoo ``crm`` beside the suite.

    python bench/bench_daily.py -c odoo.conf [--runs 3] [--stock-db D] [--suite-db D]

Creates once, on the configured server, ``bench_daily_stock`` (Odoo's ``crm`` with
its demo) and ``bench_daily_suite`` (the whole suite with its demo and shipped
defaults: audit rules on), unless they exist. Each run opens both databases in
turn (stock, suite, stock, suite...), creates a salesperson and a team with the
shared stages in each, does the same work as that salesperson and rolls back:

    create 2,000 leads in batches of 200      create 100 leads one by one
    stage change, 300 leads one by one        stage change, one batch of 300
    write expected revenue, 300 one by one    mark won, 50 one by one
    kanban page of 80 grouped by stage, x20   form read, 100 leads

It prints one table of medians over the runs: stock and suite time, their ratio,
and queries per record (or per page) in each. Timings depend on the machine and
its load; query counts are exact.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE_MODULES = "crm_custom_core,crm_custom_core_account,crm_edu,crm_realestate,crm_meddevice"
KANBAN_SPEC = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "expected_revenue": {},
    "priority": {},
    "tag_ids": {"fields": {"display_name": {}, "color": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "stage_id": {"fields": {"display_name": {}}},
    "color": {},
    "probability": {},
    "company_currency": {"fields": {}},
}
FORM_FIELDS = [
    "name",
    "partner_id",
    "email_from",
    "phone",
    "user_id",
    "team_id",
    "stage_id",
    "expected_revenue",
    "probability",
    "date_deadline",
    "tag_ids",
    "priority",
    "description",
    "company_id",
    "activity_ids",
    "message_follower_ids",
]


def ensure_db(odoo_bin, conf, db, modules):
    import odoo.service.db

    if db in odoo.service.db.list_dbs(force=True):
        return
    print(f"creating {db} with {modules} (once)...", flush=True)
    subprocess.run(
        [sys.executable, odoo_bin, "-c", conf, "-d", db, "-i", modules, "--with-demo"]
        + ["--stop-after-init", "--no-http", "--log-level=warn"],
        check=True,
    )


def setup(env):
    """A salesperson, their team on the shared stages, a customer."""
    Users = env["res.users"].with_context(no_reset_password=True)
    user = Users.create(
        {
            "name": "Bench Salesperson",
            "login": "bench_sales",
            "email": "bench.sales@example.com",
            "group_ids": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
        }
    )
    team = env["crm.team"].create({"name": "Bench Team", "member_ids": [(4, user.id)]})
    stages = env["crm.stage"].search([("team_ids", "=", False)], order="sequence, id")
    new, qualified, proposition = stages.filtered(lambda s: not s.is_won)[:3]
    partner = env["res.partner"].create({"name": "Bench Customer", "email": "c@example.com"})
    return {
        "env": env,
        "Lead": env["crm.lead"].with_user(user),
        "team": team,
        "stages": (new, qualified, proposition),
        "base": {"type": "opportunity", "team_id": team.id, "user_id": user.id, "stage_id": new.id},
        "partner": partner,
        "created": [],
    }


def create_batches(ctx):
    for batch in range(10):
        ctx["created"].append(
            ctx["Lead"].create(
                [
                    dict(ctx["base"], name=f"Batch {batch}-{i}", partner_id=ctx["partner"].id)
                    for i in range(200)
                ]
            )
        )


def create_single(ctx):
    for i in range(100):
        ctx["Lead"].create(dict(ctx["base"], name=f"Single {i}", phone=f"+86 138 0000 {i:04d}"))
        ctx["env"].flush_all()


def write_each(ctx, records, vals_of):
    for i, record in enumerate(records):
        record.write(vals_of(i))
        ctx["env"].flush_all()


def stage_single(ctx):
    write_each(ctx, ctx["created"][0][:300], lambda i: {"stage_id": ctx["stages"][1].id})


def stage_batch(ctx):
    ctx["created"][1][:300].write({"stage_id": ctx["stages"][2].id})


def revenue_single(ctx):
    write_each(ctx, ctx["created"][0][:300], lambda i: {"expected_revenue": 1000 + i})


def mark_won(ctx):
    for lead in ctx["created"][2][:50]:
        lead.action_set_won()
        ctx["env"].flush_all()


def kanban(ctx):
    for _ in range(20):
        ctx["Lead"].web_read_group(
            [("team_id", "=", ctx["team"].id)],
            ["stage_id"],
            ["expected_revenue:sum"],
            auto_unfold=True,
            unfold_read_specification=KANBAN_SPEC,
            unfold_read_default_limit=80,
        )
        ctx["env"].invalidate_all()


def form_reads(ctx):
    fields = ctx["env"]["crm.lead"]._fields
    spec = {name: {} for name in FORM_FIELDS if name in fields}
    for name in ("partner_id", "user_id", "team_id", "stage_id", "company_id", "tag_ids"):
        spec[name] = {"fields": {"display_name": {}}}
    spec["activity_ids"] = {"fields": {}}
    spec["message_follower_ids"] = {"fields": {}}
    for lead in ctx["created"][3][:100]:
        lead.web_read(spec)
        ctx["env"].invalidate_all()


OPERATIONS = [
    ("create 2,000 leads in batches of 200", 2000, create_batches),
    ("create 100 leads one by one", 100, create_single),
    ("stage change, 300 leads one by one", 300, stage_single),
    ("stage change, one batch of 300", 300, stage_batch),
    ("write expected revenue, 300 one by one", 300, revenue_single),
    ("mark won, 50 one by one", 50, mark_won),
    ("kanban page of 80, 20 times", 20, kanban),
    ("form read, 100 leads", 100, form_reads),
]


def daily_work(env):
    """The day's work of a salesperson, measured: {name: (seconds, queries per record)}."""
    ctx = setup(env)
    samples = {}
    for name, count, operation in OPERATIONS:
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        operation(ctx)
        env.flush_all()
        samples[name] = (time.perf_counter() - start, (env.cr.sql_log_count - queries) / count)
    return samples


def run_once(dbname):
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        try:
            return daily_work(env)
        finally:
            cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stock-db", default="bench_daily_stock")
    parser.add_argument("--suite-db", default="bench_daily_suite")
    args = parser.parse_args()

    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    odoo_bin = str(Path(os.environ.get("ODOO_SRC", "/opt/odoo19/src")) / "odoo-bin")
    ensure_db(odoo_bin, args.config, args.stock_db, "crm")
    ensure_db(odoo_bin, args.config, args.suite_db, SUITE_MODULES)
    results = {"stock": [], "suite": []}
    for run in range(args.runs):
        for kind, db in (("stock", args.stock_db), ("suite", args.suite_db)):
            print(f"run {run + 1}/{args.runs}: {kind}", flush=True)
            results[kind].append(run_once(db))
    names = list(results["stock"][0])
    print()
    print("| operation | stock | suite | time ratio | queries per record stock -> suite |")
    print("|---|---|---|---|---|")
    for name in names:
        stock = statistics.median(r[name][0] for r in results["stock"])
        suite = statistics.median(r[name][0] for r in results["suite"])
        q_stock = statistics.median(r[name][1] for r in results["stock"])
        q_suite = statistics.median(r[name][1] for r in results["suite"])
        print(
            f"| {name} | {stock:.3f} s | {suite:.3f} s | {suite / stock:.2f}x "
            f"| {q_stock:.1f} -> {q_suite:.1f} |"
        )


if __name__ == "__main__":
    main()
