"""Benchmark (not a test): funnel pivot and stage changes at scale.

Run inside ``odoo-bin shell`` on a database with crm_custom_core installed:

    odoo-bin shell -c odoo.conf -d DB --no-http < bench/bench_funnel.py

Environment: ``BENCH_LEADS`` (default 1,000,000) and ``BENCH_HISTORY`` per lead
(default 5). Data is generated with set-based SQL into one team on the B2B
process, then:

1. the funnel report is refreshed and the pivot query grouped by team and stage
   (the ``formatted_read_group`` the web client sends) is timed;
2. stage changes of 1,000 leads are timed with our stage logic and with it
   bypassed (``crm_skip_stage_history``: Odoo's stock write path on the same
   database and data), and the ratio is printed.

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


def generate(env):
    cr = env.cr
    team = env["crm.team"].create({"name": "Bench Team"})
    stages = env.ref("crm_custom_core.crm_process_template_b2b")._apply_to_teams(team)
    stage_ids = stages.sorted(lambda s: s._order_key()).ids
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
    cr.execute(
        """
        INSERT INTO crm_lead_stage_history
            (lead_id, company_id, team_id, user_id, salesperson_id, stage_from_id, stage_id,
             date_in, date_out, duration_hours, is_forward, is_advanced, is_breached,
             date_deadline, create_date, write_date, create_uid, write_uid)
        SELECT l.id, l.company_id, l.team_id, l.user_id, l.user_id,
               CASE WHEN s.k = 1 THEN NULL ELSE (%(stages)s)[s.k - 1] END,
               (%(stages)s)[s.k],
               l.date_last_stage_update - (%(per)s - s.k) * interval '2 day',
               CASE WHEN s.k < %(per)s
                    THEN l.date_last_stage_update - (%(per)s - s.k - 1) * interval '2 day' END,
               CASE WHEN s.k < %(per)s THEN 48 ELSE 0 END, TRUE, s.k < %(per)s,
               (l.id %% 7 = 0),
               l.date_last_stage_update - (%(per)s - s.k) * interval '2 day' + interval '36 hours',
               now(), now(), %(user)s, %(user)s
          FROM crm_lead l CROSS JOIN generate_series(1, %(per)s) s(k)
         WHERE l.team_id = %(team)s
        """,
        {"team": team.id, "stages": stage_ids, "per": PER_LEAD, "user": user_id},
    )
    cr.execute("ANALYZE crm_lead; ANALYZE crm_lead_stage_history")
    return team, stages.sorted(lambda s: s._order_key())


def main(env):
    start = time.perf_counter()
    team, stages = generate(env)
    print(
        f"generated {N_LEADS} leads, {N_LEADS * PER_LEAD} history rows "
        f"in {time.perf_counter() - start:.1f}s"
    )
    report = env["crm.funnel.report"]
    refresh = timed(report.refresh, repeat=1)
    print(f"funnel refresh: {refresh:.2f}s")
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

    print(f"funnel pivot by team and stage: {timed(pivot) * 1000:.1f} ms")

    # Stage changes: leads in the first stage have a phone, so the gate passes.
    leads = env["crm.lead"].search(
        [("team_id", "=", team.id), ("stage_id", "=", stages[0].id)], limit=4000
    )
    batches = [leads[i * 1000 : (i + 1) * 1000] for i in range(4)]

    def move(batch, **ctx):
        env.invalidate_all()
        start = time.perf_counter()
        batch.with_context(**ctx).write({"stage_id": stages[1].id})
        env.flush_all()
        return time.perf_counter() - start

    stock = min(
        move(batches[0], crm_skip_stage_history=True), move(batches[2], crm_skip_stage_history=True)
    )
    ours = min(move(batches[1]), move(batches[3]))
    print(
        f"stage change of 1,000 leads: ours {ours:.2f}s, stock path {stock:.2f}s, "
        f"ratio {ours / stock:.2f}x"
    )
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell provides env)
