"""Sales office at scale (crm_realestate; run with odoo-bin shell).

Generates an inventory of BENCH_RE_BUILDINGS buildings of 40 floors x 8 units
with the project's unit generator, reserves some units, then measures on the
same database:

* the availability board of one 40x8 building (320 units) as a sales
  consultant, ``crm.re.unit.get_availability_board``, beside what the stock web
  client reads to show the same units (``web_search_read`` of the list fields):
  best time after a warm-up and query count;
* withholding 320 units from sale as a sales manager (``action_withhold``:
  row locks, checks, one batch write) beside a plain ``write`` of the state
  (the stock write path) on other 320 units.

Everything is rolled back.

    odoo-bin shell -c odoo.conf -d DB --no-http < bench/bench_sales_office.py

Environment: ``BENCH_RE_BUILDINGS`` (default 100, i.e. 32,000 units),
``BENCH_RE_REPEAT`` (default 10) timed repetitions of each read.
"""

import os
import time

N_BUILDINGS = int(os.environ.get("BENCH_RE_BUILDINGS", "100"))
REPEAT = int(os.environ.get("BENCH_RE_REPEAT", "10"))
FLOORS, PER_FLOOR = 40, 8

SPEC = {
    "code": {},
    "floor": {},
    "state": {},
    "list_price": {},
    "area": {},
    "orientation": {},
    "currency_id": {"fields": {"display_name": {}}},
    "layout_id": {"fields": {"display_name": {}}},
    "buyer_id": {"fields": {"display_name": {}}},
}


def measure(env, func):
    """Best time of REPEAT runs after a warm-up, and the queries of one run."""
    func()
    best, queries = None, None
    for _ in range(REPEAT):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        elapsed = time.perf_counter() - start
        queries = env.cr.sql_log_count - before
        best = elapsed if best is None else min(best, elapsed)
    return best, queries


def main(env):
    start = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    company = env.company
    group = env.ref("sales_team.group_sale_salesman")
    manager_group = env.ref("sales_team.group_sale_manager")
    users = env["res.users"].create(
        [
            {
                "name": "Bench Consultant",
                "login": "bench_re_consultant",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, group.ids)],
            },
            {
                "name": "Bench Sales Manager",
                "login": "bench_re_manager",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, manager_group.ids)],
            },
        ]
    )
    consultant, manager = users
    layouts = env["crm.re.layout"].search([], limit=4) or env["crm.re.layout"].create(
        [{"name": f"Bench {n} bedrooms", "bedrooms": n} for n in (1, 2, 3, 4)]
    )
    project = env["crm.re.project"].create({"name": "Bench Project", "company_id": company.id})
    buildings = env["crm.re.building"].create(
        [
            {"name": f"Bench Tower {i}", "code": f"BT{i}", "project_id": project.id, "floors": 40}
            for i in range(N_BUILDINGS)
        ]
    )
    generator = env["crm.re.project"]
    for building in buildings:
        generator._generate_units(building, FLOORS, PER_FLOOR, layouts, 20000, 150)
    env.flush_all()
    units = env["crm.re.unit"].search([("project_id", "=", project.id)])
    # Reserve one unit in six of the second half of the buildings (the board's
    # building among them), with a buyer where demo reservations exist.
    second_half = buildings[len(buildings) // 2 :]
    reserved = units.filtered(lambda u: u.id % 6 == 0 and u.building_id in second_half)
    reservations = env["crm.re.reservation"].search([], limit=20)
    reserved.write({"state": "reserved"})
    if reservations:
        for index, unit in enumerate(reserved[: len(reserved) // 2]):
            unit.reservation_id = reservations[index % len(reservations)]
    env.flush_all()
    print(
        f"RESULT setup {len(buildings)} buildings, {len(units)} units, "
        f"{len(reserved)} reserved, {time.perf_counter() - start:.1f}s"
    )

    board_building = buildings[len(buildings) // 2]
    unit_model = env["crm.re.unit"].with_user(consultant)

    def board():
        return unit_model.get_availability_board(board_building.id)

    def stock():
        return unit_model.web_search_read(
            domain=[("building_id", "=", board_building.id)],
            specification=SPEC,
            order="floor desc, code",
            limit=FLOORS * PER_FLOOR,
        )

    shown = sum(len(floor["units"]) for floor in board()["floors"])
    assert shown == stock()["length"] == FLOORS * PER_FLOOR, shown
    board_time, board_queries = measure(env, board)
    stock_time, stock_queries = measure(env, stock)
    print(
        f"RESULT availability_board_{shown} board {board_time * 1000:.1f}ms "
        f"{board_queries} queries, stock web_search_read {stock_time * 1000:.1f}ms "
        f"{stock_queries} queries, ratio {board_time / stock_time:.2f}x"
    )

    # Withholding: 320 available units of a building, 3 rounds, best time.
    def building_units(index):
        return (
            env["crm.re.unit"]
            .search([("building_id", "=", buildings[index].id), ("state", "=", "available")])
            .with_user(manager)
        )

    def timed(func):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()
        return time.perf_counter() - start, env.cr.sql_log_count - before

    rounds = min(3, len(buildings) // 4 - 1)
    withhold, plain = [], []
    for r in range(rounds + 1):
        batch = building_units(2 * r)
        other = building_units(2 * r + 1)
        result_withhold = timed(batch.action_withhold)
        result_plain = timed(lambda other=other: other.write({"state": "withheld"}))
        if r:  # the first round warms up
            withhold.append((result_withhold, len(batch)))
            plain.append((result_plain, len(other)))
    (w_time, w_queries), w_size = min(withhold)
    (p_time, p_queries), p_size = min(plain)
    print(
        f"RESULT withhold action_withhold {w_size} units {w_time * 1000:.1f}ms "
        f"{w_queries} queries, stock write {p_size} units {p_time * 1000:.1f}ms "
        f"{p_queries} queries, ratio {w_time / p_time:.2f}x"
    )
    env.cr.rollback()


main(env)  # noqa: F821 (odoo-bin shell provides env)
