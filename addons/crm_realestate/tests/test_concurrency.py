# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid

from odoo import api
from odoo.exceptions import UserError
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged

CONTENDERS = 6


@tagged("post_install", "-at_install")
class TestReservationConcurrency(TransactionCase):
    """Many consultants reserve the same unit at the same moment, each in its
    own transaction: exactly one wins, the others are refused with a clear
    message, and the unit ends reserved by the winner's reservation only."""

    def _cursor(self):
        """A real, separate database transaction (not the test's cursor).

        Its environment is bound to this registry directly: looking the
        registry up by name would wait for the lock the test runner holds
        while it runs post-install tests."""
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.transaction = Transaction(self.registry)
        return cr

    def _committed(self, function):
        with self._cursor() as cr:
            result = function(api.Environment(cr, api.SUPERUSER_ID, {}))
            # a separate, real transaction: other cursors must see the data
            cr.commit()  # pylint: disable=invalid-commit
            return result

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
