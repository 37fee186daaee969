"""Cost of the shipped auditlog rule on lead writes (run with odoo-bin shell).

Same database, same data: 100 single writes and one batch write of 100 leads
with the crm.lead audit rule confirmed, then the same on other leads with the
rule set to draft (auditlog's own switch). Everything is rolled back.

    odoo-bin shell -c odoo.conf -d DB --no-http < bench/bench_audit.py

Environment: ``BENCH_AUDIT_LEADS`` (default 800) leads generated for the run.
"""

import os
import time

N_LEADS = int(os.environ.get("BENCH_AUDIT_LEADS", "800"))


def main(env):
    team = env["crm.team"].search([], limit=1)
    leads = env["crm.lead"].create(
        [
            {"name": f"Bench {i}", "type": "opportunity", "team_id": team.id, "phone": "1"}
            for i in range(N_LEADS)
        ]
    )
    env.flush_all()
    user = env.ref("base.user_admin")
    size = N_LEADS // 8

    def run(batch, label):
        env.invalidate_all()
        start = time.perf_counter()
        for lead in batch.with_user(user):
            lead.write({"description": f"<p>{label}</p>", "priority": "2"})
            env.flush_all()
        single = time.perf_counter() - start
        env.invalidate_all()
        start = time.perf_counter()
        batch.with_user(user).write({"priority": "1"})
        env.flush_all()
        return single, time.perf_counter() - start

    def chunk(i):
        return leads[i * size : (i + 1) * size]

    run(chunk(0), "warm")
    audited = [run(chunk(i), "audited") for i in (1, 2, 3)]
    env.ref("crm_custom_core.auditlog_rule_crm_lead").set_to_draft()
    run(chunk(4), "warm")
    bare = [run(chunk(i), "bare") for i in (5, 6, 7)]
    for index, name in ((0, f"single_{size}"), (1, f"batch_{size}")):
        with_rule = min(r[index] for r in audited)
        without = min(r[index] for r in bare)
        print(
            f"RESULT {name} audited {with_rule:.3f}s, rule in draft {without:.3f}s, "
            f"ratio {with_rule / without:.2f}x"
        )
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell provides env)
