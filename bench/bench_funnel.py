"""Benchmark (not a test): funnel pivot and stage changes at scale.

Run inside ``odoo-bin shell``, once on a database with crm_custom_core
installed and once on a database with only Odoo's ``crm`` (stock), same data:

    odoo-bin shell -c odoo.conf -d DB --no-http < bench/bench_funnel.py

``bench/run_bench.sh`` does both and prints the ratios.

Environment: ``BENCH_LEADS`` (default 1,000,000) and ``BENCH_HISTORY`` per lead
(default 5). Data is generated with set-based SQL into one team (on the B2B
process when the suite is installed; Odoo's default stages in stock), then:

1. (suite only) the funnel report is refreshed and the pivot query grouped by
   team and stage (the ``formatted_read_group`` the web client sends) is timed;
2. stage changes of 1,000 leads are timed: in one batch write, and as 1,000
   single-lead writes (what users do from the form or the kanban); on the
   suite database also with our stage logic bypassed (the write of the class
   below ours in the MRO: the stock write path on the same database). The lines ``RESULT <name>
   <seconds>`` are read by run_bench.sh.

Everything runs in one transaction that is rolled back at the end.
"""

import os
import statistics
import time

N_LEADS = int(os.environ.get("BENCH_LEADS", "1000000"))
PER_LEAD = int(os.environ.get("BENCH_HISTORY", "5"))


def timed(fn, repeat=3):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def generate(env, suite):
    cr = env.cr
    team = env["crm.team"].create({"name": "Bench Team"})
    if suite:
        stages = env.ref("crm_custom_core.crm_process_template_b2b")._apply_to_teams(team)
        stages = stages.sorted(lambda s: s._order_key())
    else:
        stages = env["crm.stage"].search([])
        stages = stages.create(
            [{"name": f"Bench {i}", "sequence": 100 + i, "team_ids": [team.id]} for i in range(8)]
        )
    stage_ids = stages.ids
    user_id = env.ref("base.user_admin").id
    env.flush_all()
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, team_id, user_id, stage_id, company_id, active,
                              probability, date_last_stage_update, create_date, write_date,
                              create_uid, write_uid, phone)
        SELECT 'Bench ' || g, 'opportunity', %(team)s, %(user)s,
               (%(stages)s)[1 + (g %% 5)], %(company)s, TRUE, 10,
               now() - (g %% 400) * interval '1 day', now(), now(), %(user)s, %(user)s, '1'
          FROM generate_series(1, %(n)s) g
        """,
        {
            "team": team.id,
            "user": user_id,
            "stages": stage_ids,
            "company": env.company.id,
            "n": N_LEADS,
        },
    )
    if not suite:
        cr.execute("ANALYZE crm_lead")
        return team, stages
    cr.execute(
        """
        INSERT INTO crm_lead_stage_history
            (lead_id, company_id, team_id, user_id, salesperson_id, stage_from_id, stage_id,
             date_in, date_out, duration_hours, is_forward, is_advanced, is_breached,
             date_deadline)
        SELECT l.id, l.company_id, l.team_id, l.user_id, l.user_id,
               CASE WHEN s.k = 1 THEN NULL ELSE (%(stages)s)[s.k - 1] END,
               (%(stages)s)[s.k],
               l.date_last_stage_update - (%(per)s - s.k) * interval '2 day',
               CASE WHEN s.k < %(per)s
                    THEN l.date_last_stage_update - (%(per)s - s.k - 1) * interval '2 day' END,
               CASE WHEN s.k < %(per)s THEN 48 ELSE 0 END, TRUE, s.k < %(per)s,
               (l.id %% 7 = 0),
               l.date_last_stage_update - (%(per)s - s.k) * interval '2 day' + interval '36 hours'
          FROM crm_lead l CROSS JOIN generate_series(1, %(per)s) s(k)
         WHERE l.team_id = %(team)s
        """,
        {"team": team.id, "stages": stage_ids, "per": PER_LEAD, "user": user_id},
    )
    cr.execute("ANALYZE crm_lead; ANALYZE crm_lead_stage_history")
    return team, stages


def main(env):
    suite = "crm.funnel.report" in env
    start = time.perf_counter()
    team, stages = generate(env, suite)
    print(
        f"generated {N_LEADS} leads"
        + (f", {N_LEADS * PER_LEAD} history rows" if suite else "")
        + f" in {time.perf_counter() - start:.1f}s ({'suite' if suite else 'stock crm'})"
    )
    if suite:
        report = env["crm.funnel.report"]
        refresh = timed(report.refresh, repeat=1)
        print(f"RESULT funnel_refresh {refresh:.3f}")
        measures = [
            "entered_count:sum",
            "advanced_count:sum",
            "conversion_rate:avg",
            "avg_hours:avg",
            "breach_rate:avg",
        ]

        def pivot():
            env.invalidate_all()
            report.formatted_read_group([], ["team_id", "stage_id"], measures)

        print(f"RESULT funnel_pivot {timed(pivot):.4f}")

    # Stage changes: leads in the first stage have a phone, so the gate passes.
    leads = env["crm.lead"].search(
        [("team_id", "=", team.id), ("stage_id", "=", stages[0].id)], limit=4000
    )
    batches = [leads[i * 1000 : (i + 1) * 1000] for i in range(4)]
    user = env.ref("base.user_admin")

    def write(records, vals, stock):
        if stock:  # the write below ours: Odoo's path, our stage logic bypassed
            from odoo.addons.crm_custom_core.models.crm_lead import CrmLead

            return super(CrmLead, records).write(vals)
        return records.write(vals)

    def batch_move(batch, stock=False):
        env.invalidate_all()
        start = time.perf_counter()
        write(batch.with_user(user), {"stage_id": stages[1].id}, stock)
        env.flush_all()
        return time.perf_counter() - start

    def single_moves(batch, stock=False):
        env.invalidate_all()
        start = time.perf_counter()
        for lead in batch.with_user(user):
            write(lead, {"stage_id": stages[1].id}, stock)
            env.flush_all()
        return time.perf_counter() - start

    batch_move(batches[0][:500])  # warm caches
    if not suite:
        print(f"RESULT batch_1000 {min(batch_move(batches[1]), batch_move(batches[2])):.3f}")
        print(f"RESULT single_1000 {single_moves(batches[3]):.3f}")
    else:
        # The stock write path on the same database: our stage logic bypassed,
        # interleaved with ours so that load on the machine hits both alike.
        batch_move(batches[0][500:], stock=True)
        print(f"RESULT batch_1000 {batch_move(batches[1]):.3f}")
        print(f"RESULT batch_1000_samedb_stock {batch_move(batches[2], stock=True):.3f}")
        print(f"RESULT single_1000 {single_moves(batches[3][:500]) * 2:.3f}")
        stock_single = single_moves(batches[3][500:], stock=True) * 2
        print(f"RESULT single_1000_samedb_stock {stock_single:.3f}")
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell provides env)
