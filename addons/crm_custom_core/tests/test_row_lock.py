# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CrmConcurrencyCase


@tagged("post_install", "-at_install")
class TestRowLock(CrmConcurrencyCase):
    """``_crm_lock_rows``: the shared row lock of the suite's race-safe
    actions (unit reservations, queue numbers, session seats)."""

    def test_second_transaction_is_refused_then_served(self):
        partners = self.env["res.partner"].search([], limit=2, order="id")
        self.assertEqual(len(partners), 2)
        with self._cursor() as cr_a, self._cursor() as cr_b:
            env_a = api.Environment(cr_a, api.SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, api.SUPERUSER_ID, {})
            env_a["res.partner"].browse(partners[1].id)._crm_lock_rows()
            theirs = env_b["res.partner"].browse(partners.ids)
            # one of the rows is held: refused at once, with the given error
            with self.assertRaisesRegex(UserError, "held elsewhere"):
                theirs._crm_lock_rows("held elsewhere")
            with self.assertRaisesRegex(ValidationError, "held elsewhere"):
                theirs._crm_lock_rows("held elsewhere", error=ValidationError)
            # the refusal left B's transaction usable: a free row still locks
            env_b["res.partner"].browse(partners[0].id)._crm_lock_rows("not expected")
            cr_a.rollback()
            # once A is done, B gets every row
            theirs._crm_lock_rows("not expected")
            cr_b.rollback()
        # nothing to lock, nothing done
        self.env["res.partner"].browse()._crm_lock_rows("never raised")
