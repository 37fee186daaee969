# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from odoo import api
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmConcurrencyCase

_logger = logging.getLogger(__name__)
CONTENDERS = 6


@tagged("post_install", "-at_install")
class TestReservationConcurrency(CrmConcurrencyCase):
    """Many consultants reserve the same unit at the same moment, each in its
    own transaction: exactly one wins, the others are refused with a clear
    message, and the unit ends reserved by the winner's reservation only."""

    def test_one_unit_many_consultants(self):
        tag = uuid.uuid4().hex[:8]

        def setup(env):
            users = env["res.users"].create(
                [
                    {
                        "name": f"Race Consultant {i}",
                        "login": f"re_race_{tag}_{i}",
                        "group_ids": [(4, env.ref("sales_team.group_sale_salesman").id)],
                    }
                    for i in range(CONTENDERS)
                ]
            )
            project = env["crm.re.project"].create({"name": f"Race Project {tag}"})
            building = env["crm.re.building"].create(
                {"name": "Race", "code": "RC", "project_id": project.id}
            )
            unit = project._generate_units(
                building, 1, 1, env.ref("crm_realestate.re_layout_3br"), 50000, 0
            )
            leads = env["crm.lead"].create(
                [
                    {"name": f"Race buyer {i}", "type": "opportunity", "user_id": user.id}
                    for i, user in enumerate(users)
                ]
            )
            return users.ids, unit.id, leads.ids, project.id

        user_ids, unit_id, lead_ids, project_id = self._committed(setup)
        barrier = threading.Barrier(CONTENDERS)
        outcomes = [None] * CONTENDERS

        def contend(index):
            with self._cursor() as cr:
                env = api.Environment(cr, user_ids[index], {})
                barrier.wait(timeout=30)
                try:
                    env["crm.re.reservation"].create(
                        {"unit_id": unit_id, "lead_id": lead_ids[index], "deposit_amount": 1000}
                    )
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes[index] = "won"
                except UserError as error:
                    cr.rollback()
                    outcomes[index] = f"refused: {error}"
                except Exception as error:  # noqa: BLE001 - reported by the assertion below
                    cr.rollback()
                    outcomes[index] = f"crashed: {error!r}"

        threads = [threading.Thread(target=contend, args=(i,)) for i in range(CONTENDERS)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)

            self.assertEqual(outcomes.count("won"), 1, outcomes)
            for outcome in outcomes:
                if outcome != "won":
                    self.assertRegex(outcome, r"^refused: .*RC-0101", outcomes)

            def check(env):
                unit = env["crm.re.unit"].browse(unit_id)
                reservations = env["crm.re.reservation"].search([("unit_id", "=", unit_id)])
                return unit.state, unit.reservation_id.id, reservations.ids

            state, reservation_id, reservation_ids = self._committed(check)
            self.assertEqual(state, "reserved")
            self.assertEqual(reservation_ids, [reservation_id], "no orphan reservation")
        finally:

            def cleanup(env):
                env["crm.re.reservation"].search([("unit_id", "=", unit_id)]).unlink()
                env["crm.lead"].browse(lead_ids).unlink()
                env["crm.re.project"].browse(project_id).unlink()
                env["res.users"].browse(user_ids).write({"active": False})

            self._committed(cleanup)


BUYERS = 50
UNITS = 35
WORKERS = 10
ORDERED = 7


@tagged("post_install", "-at_install")
class TestLaunchDayConcurrency(CrmConcurrencyCase):
    """Launch day: 50 buyers pick units at once from separate connections
    (a pool of 10 workers), 15 of them wanting a unit another buyer wants
    too. No unit is reserved twice and every pick is either done or refused
    with its reason. The launch lets numbers pick in any order (the office
    calls them in groups); the number-order rule is tested in TestLaunch."""

    def test_fifty_buyers_pick_at_once(self):
        tag = uuid.uuid4().hex[:8]

        def setup(env):
            users = env["res.users"].create(
                [
                    {
                        "name": f"Launch Consultant {i}",
                        "login": f"re_launch_{tag}_{i}",
                        "group_ids": [(4, env.ref("sales_team.group_sale_salesman").id)],
                    }
                    for i in range(5)
                ]
            )
            project = env["crm.re.project"].create({"name": f"Launch Project {tag}"})
            building = env["crm.re.building"].create(
                {"name": "Launch", "code": "LA", "project_id": project.id}
            )
            units = project._generate_units(
                building, 7, 6, env.ref("crm_realestate.re_layout_3br"), 50000, 100
            )
            launch = env["crm.re.launch"].create(
                {
                    "name": f"Launch {tag}",
                    "project_id": project.id,
                    "date": "2026-01-01",
                    "intention_deposit": 50000,
                    "enforce_order": False,
                }
            )
            leads = env["crm.lead"].create(
                [
                    {
                        "name": f"Launch buyer {i}",
                        "type": "opportunity",
                        "user_id": users[i % 5].id,
                    }
                    for i in range(BUYERS)
                ]
            )
            numbers = env["crm.re.queue.number"].create(
                [
                    {"launch_id": launch.id, "lead_id": lead.id, "user_id": lead.user_id.id}
                    for lead in leads
                ]
            )
            launch.action_open()
            # a second launch picking strictly in number order
            ordered = launch.copy({"name": f"Ordered {tag}", "enforce_order": True})
            ordered_numbers = env["crm.re.queue.number"].create(
                [
                    {"launch_id": ordered.id, "lead_id": lead.id, "user_id": lead.user_id.id}
                    for lead in leads[:ORDERED]
                ]
            )
            ordered.action_open()
            return {
                "ordered": ordered.id,
                "ordered_numbers": ordered_numbers.ids,
                "users": users.ids,
                "units": units.ids,
                "launch": launch.id,
                "leads": leads.ids,
                "numbers": numbers.ids,
                "project": project.id,
            }

        data = self._committed(setup)
        # buyer i wants unit i; the last 15 want a unit one of the first 15 wants
        wanted = [data["units"][i % UNITS] for i in range(BUYERS)]
        free_units = data["units"][UNITS:]
        outcomes = [None] * BUYERS

        def pick(index, numbers=None, units=None, results=None):
            numbers = numbers or data["numbers"]
            units = units or wanted
            results = outcomes if results is None else results
            with self._cursor() as cr:
                env = api.Environment(cr, data["users"][index % 5], {})
                number = env["crm.re.queue.number"].browse(numbers[index])
                try:
                    number.action_pick(units[index])
                    cr.commit()  # pylint: disable=invalid-commit
                    results[index] = "done"
                except UserError as error:
                    cr.rollback()
                    results[index] = f"refused: {error}"
                except Exception as error:  # noqa: BLE001 - reported by the assertion below
                    cr.rollback()
                    results[index] = f"crashed: {error!r}"

        try:
            start = time.monotonic()
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                list(pool.map(pick, range(BUYERS)))
            elapsed = time.monotonic() - start
            done = [i for i, outcome in enumerate(outcomes) if outcome == "done"]
            refused = [i for i, outcome in enumerate(outcomes) if outcome.startswith("refused")]
            _logger.info(
                "Launch day: %s picks in %.2fs (%s workers): %s done, %s refused",
                BUYERS,
                elapsed,
                WORKERS,
                len(done),
                len(refused),
            )
            self.assertEqual(len(done) + len(refused), BUYERS, outcomes)
            for index in refused:
                self.assertRegex(
                    outcomes[index], r"LA-\d{4} (is reserved|was just taken)", outcomes
                )
            # every unit wanted by one buyer only is picked; of a wanted pair, one
            self.assertEqual(len({wanted[i] for i in done}), len(done), "a unit picked twice")
            self.assertEqual(len(done), UNITS, outcomes)

            def check(env):
                reservations = env["crm.re.reservation"].search([("unit_id", "in", data["units"])])
                numbers = env["crm.re.queue.number"].browse(data["numbers"])
                units = env["crm.re.unit"].browse(data["units"])
                return (
                    reservations.mapped("unit_id").ids,
                    len(reservations),
                    sorted(numbers.filtered(lambda n: n.state == "picked").ids),
                    sorted(numbers.filtered(lambda n: n.state == "waiting").ids),
                    set(units.mapped("state")),
                    all(n.reservation_id.unit_id == n.unit_id for n in numbers if n.unit_id),
                )

            unit_ids, reservation_count, picked, waiting, states, consistent = self._committed(
                check
            )
            self.assertEqual(reservation_count, len(set(unit_ids)), "no unit reserved twice")
            self.assertEqual(reservation_count, len(done))
            self.assertEqual(picked, sorted(data["numbers"][i] for i in done))
            self.assertEqual(waiting, sorted(data["numbers"][i] for i in refused))
            self.assertEqual(states - {"available"}, {"reserved"})
            self.assertTrue(consistent)

            # in number order: a number picks only once every lower one has
            ordered_outcomes = [None] * ORDERED
            with ThreadPoolExecutor(max_workers=ORDERED) as pool:
                list(
                    pool.map(
                        lambda i: pick(i, data["ordered_numbers"], free_units, ordered_outcomes),
                        range(ORDERED),
                    )
                )
            self.assertEqual(ordered_outcomes[0], "done", ordered_outcomes)
            for outcome in ordered_outcomes:
                if outcome != "done":
                    self.assertRegex(outcome, r"^refused: Number \d+: it is not their turn")

            def check_order(env):
                numbers = env["crm.re.queue.number"].browse(data["ordered_numbers"])
                return [n.state for n in numbers.sorted("number")]

            ordered_states = self._committed(check_order)
            _logger.info("Launch day in number order: %s", ordered_outcomes)
            done_count = ordered_outcomes.count("done")
            self.assertEqual(
                ordered_states,
                ["picked"] * done_count + ["waiting"] * (ORDERED - done_count),
                ordered_outcomes,
            )
        finally:

            def cleanup(env):
                numbers = env["crm.re.queue.number"].browse(
                    data["numbers"] + data["ordered_numbers"]
                )
                numbers.unlink()
                env["crm.re.reservation"].search([("unit_id", "in", data["units"])]).unlink()
                env["crm.re.launch"].browse([data["launch"], data["ordered"]]).unlink()
                env["crm.lead"].browse(data["leads"]).unlink()
                env["crm.re.project"].browse(data["project"]).unlink()
                env["res.users"].browse(data["users"]).write({"active": False})

            self._committed(cleanup)


TRIES = 5


@tagged("post_install", "-at_install")
class TestBrokerRegistrationConcurrency(CrmConcurrencyCase):
    """Two brokers register the same buyer for a project at the same moment,
    each in its own transaction whose snapshot was taken before the other
    committed: exactly one registration is accepted, every time, and the
    other broker is refused with a message naming the buyer and project."""

    def test_same_buyer_two_brokers(self):
        tag = uuid.uuid4().hex[:8]

        def setup(env):
            project = env["crm.re.project"].create({"name": f"Broker Race {tag}"})
            agents = env["res.users"]
            for i in range(2):
                broker = env["res.partner"].create(
                    {"name": f"Race Realty {tag} {i}", "is_company": True, "re_is_broker": True}
                )
                agent = env["res.users"].create(
                    {
                        "name": f"Race Agent {i}",
                        "login": f"re_broker_race_{tag}_{i}",
                        "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
                    }
                )
                agent.partner_id.parent_id = broker
                agents |= agent
            return agents.ids, project.id

        agent_ids, project_id = self._committed(setup)
        results = []
        try:
            for attempt in range(TRIES):
                barrier = threading.Barrier(2)
                outcomes = [None, None]

                def register(index, attempt, barrier, outcomes):
                    with self._cursor() as cr:
                        env = api.Environment(cr, agent_ids[index], {})
                        # the transaction's snapshot is taken now, before
                        # the other broker's registration commits
                        cr.execute("SELECT 1")
                        barrier.wait(timeout=30)
                        try:
                            env["crm.re.broker.registration"].create(
                                {
                                    "project_id": project_id,
                                    "buyer_name": f"Race Buyer {attempt}",
                                    "phone_prefix": "139",
                                    "phone_suffix": f"{attempt:04d}",
                                }
                            )
                            cr.commit()  # pylint: disable=invalid-commit
                            outcomes[index] = "accepted"
                        except UserError as error:
                            cr.rollback()
                            outcomes[index] = f"refused: {error}"
                        except Exception as error:  # noqa: BLE001 - reported below
                            cr.rollback()
                            outcomes[index] = f"crashed: {error!r}"

                threads = [
                    threading.Thread(target=register, args=(i, attempt, barrier, outcomes))
                    for i in range(2)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(60)
                results.append(outcomes)

            def check(env):
                registrations = env["crm.re.broker.registration"].search(
                    [("project_id", "=", project_id)]
                )
                return sorted(registrations.mapped("buyer_name"))

            names = self._committed(check)
            _logger.info("Broker registration race, %s tries: %s", TRIES, results)
            for attempt, outcomes in enumerate(results):
                self.assertEqual(outcomes.count("accepted"), 1, outcomes)
                refused = next(o for o in outcomes if o != "accepted")
                self.assertRegex(
                    refused,
                    rf"^refused: Race Buyer {attempt} \(139\*\*\*\*{attempt:04d}\) .*"
                    rf"(Broker Race {tag}|already registered).*registered once",
                )
            self.assertEqual(names, [f"Race Buyer {i}" for i in range(TRIES)])
        finally:

            def cleanup(env):
                env["crm.re.broker.registration"].search([("project_id", "=", project_id)]).unlink()
                env["crm.re.project"].browse(project_id).unlink()
                users = env["res.users"].browse(agent_ids)
                brokers = users.partner_id.parent_id
                users.write({"active": False})
                users.partner_id.write({"parent_id": False})
                brokers.write({"active": False})

            self._committed(cleanup)
