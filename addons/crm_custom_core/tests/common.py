# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import api
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CrmCustomCommon(BaseCommon):
    """Shared fixtures of the suite: one user per role, a team led by a team
    leader, and the B2B process applied to it. Editions import this class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesman = mail_new_test_user(
            cls.env,
            login="cc_salesman",
            name="CC Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_salesman_2 = mail_new_test_user(
            cls.env,
            login="cc_salesman_2",
            name="CC Salesman 2",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_leader = mail_new_test_user(
            cls.env,
            login="cc_leader",
            name="CC Team Leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.user_process_manager = mail_new_test_user(
            cls.env,
            login="cc_process_manager",
            name="CC Process Manager",
            groups="crm_custom_core.group_crm_process_manager",
        )
        cls.user_sales_manager = mail_new_test_user(
            cls.env,
            login="cc_sales_manager",
            name="CC Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.user_finance = mail_new_test_user(
            cls.env,
            login="cc_finance",
            name="CC Finance",
            groups="base.group_user,crm_custom_core.group_crm_finance",
        )
        cls.user_portal = mail_new_test_user(
            cls.env, login="cc_portal", name="CC Portal", groups="base.group_portal"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "CC Team",
                "user_id": cls.user_leader.id,
                "member_ids": [(4, cls.user_salesman.id), (4, cls.user_salesman_2.id)],
            }
        )
        cls.template = cls.env.ref("crm_custom_core.crm_process_template_b2b")
        cls.stages = cls.template._apply_to_teams(cls.team).sorted(lambda s: s._order_key())

    @classmethod
    def _create_lead(cls, **vals):
        values = {
            "name": "CC Lead",
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": cls.user_salesman.id,
            "stage_id": cls.stages[0].id,
        }
        values.update(vals)
        return cls.env["crm.lead"].create(values)

    def _create_leads(self, count, prefix="Lead", **vals):
        """``count`` opportunities of the team, in the first stage, created as
        the current test user, able to pass the first gate."""
        values = {
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "phone": "1",
            "stage_id": self.stages[0].id,
        }
        values.update(vals)
        return self.env["crm.lead"].create(
            [dict(values, name=f"{prefix} {i}") for i in range(count)]
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """Like assertRaisesRegex, but inside a savepoint rolled back on the
        refusal, so the test can check that nothing was saved."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)


class CrmConcurrencyCase(TransactionCase):
    """Helpers for tests running real, separate database transactions (two
    users saving at the same moment). Editions import this class."""

    def _cursor(self):
        """A real, separate database transaction (not the test's cursor).

        Its environment is bound to this registry directly: looking the
        registry up by name would wait for the lock the test runner holds
        while it runs post-install tests."""
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.transaction = Transaction(self.registry)
        return cr

    def _committed(self, function):
        """Run ``function(env)`` as superuser in a separate transaction and
        commit it, so that other cursors see its data."""
        with self._cursor() as cr:
            result = function(api.Environment(cr, api.SUPERUSER_ID, {}))
            cr.commit()  # pylint: disable=invalid-commit
            return result
