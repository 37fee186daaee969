# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged, users

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestMergeDelete(CrmCustomCommon):
    """Merging opportunities moves every record of the suite to the kept one;
    deleting says what holds a record instead of failing in the database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.env["res.partner"].create({"name": "MD Customer"})
        cls.partner_manager = mail_new_test_user(
            cls.env,
            login="md_partner_manager",
            groups="sales_team.group_sale_manager,base.group_partner_manager",
        )
        cls.won = cls._create_lead(
            name="MD Won", phone="1", partner_id=cls.partner.id, stage_id=cls.stages[5].id
        )
        cls.other = cls._create_lead(name="MD Other", phone="1", stage_id=cls.stages[1].id)
        cls.other.pool_id = cls.env["crm.pool"].create({"name": "MD Pool"})
        cls.line = cls.env["crm.receivable.line"].create(
            {
                "lead_id": cls.won.id,
                "name": "MD Deposit",
                "due_date": date(2026, 1, 10),
                "amount": 500,
            }
        )

    def _receive(self, amount=100):
        return (
            self.env["crm.receivable.receipt"]
            .with_user(self.user_finance)
            .create({"line_id": self.line.id, "amount": amount, "date": "2026-01-05"})
        )

    def _suite_records(self, lead):
        return {
            "stage history": lead.stage_history_ids,
            "pool history": lead.pool_history_ids,
            "approvals": lead.approval_ids,
            "receivable plan": lead.receivable_line_ids,
            "receipts": lead.receipt_ids,
        }

    @users("cc_sales_manager")
    def test_merge_moves_every_record(self):
        receipt = self._receive()
        self.other._pool_log("claim", user=self.user_salesman)
        approval = (
            self.env["crm.approval.request"]
            .with_user(self.user_salesman)
            .create(
                {
                    "lead_id": self.other.id,
                    "kind": "discount",
                    "requested_by_id": self.user_salesman.id,
                }
            )
        )
        moved = self._suite_records(self.other)
        del moved["receivable plan"], moved["receipts"]  # the won one's, checked below
        self.assertTrue(all(moved.values()), moved)
        kept = self.won.with_env(self.env)
        merged = (kept | self.other.with_env(self.env))._merge_opportunity(max_length=None)
        self.assertEqual(merged, kept)
        self.assertFalse(self.other.exists())
        for label, records in moved.items():
            self.assertEqual(records.exists().lead_id, kept, label)
        self.assertEqual(approval.lead_id, kept)
        self.assertEqual(receipt.lead_id, kept)
        self.assertIn(self.line, kept.receivable_line_ids)

    @users("cc_sales_manager")
    def test_merge_wizard_moves_records(self):
        history = self.other.stage_history_ids
        self.assertTrue(history)
        wizard = (
            self.env["crm.merge.opportunity"]
            .with_context(active_model="crm.lead", active_ids=(self.won | self.other).ids)
            .create({"opportunity_ids": [(6, 0, (self.won | self.other).ids)]})
        )
        wizard.action_merge()
        self.assertFalse(self.other.exists())
        self.assertEqual(history.lead_id, self.won)

    def test_merge_generic_fields(self):
        """Every stored many2one to crm.lead of the suite is moved, whichever
        addon adds it; Odoo's own are left to Odoo."""
        fields = self.env["crm.lead"]._merge_lead_fields()
        for expected in (
            ("crm.lead.stage.history", "lead_id"),
            ("crm.pool.history", "lead_id"),
            ("crm.approval.request", "lead_id"),
            ("crm.receivable.line", "lead_id"),
        ):
            self.assertIn(expected, fields)
        self.assertNotIn(("crm.receivable.receipt", "lead_id"), fields)  # follows its line
        self.assertFalse([f for f in fields if f[0] in ("calendar.event", "mail.activity")])

    @users("cc_sales_manager")
    def test_merge_plan_into_open_lead_refused(self):
        # the merge keeps the most advanced opportunity; should it be an open
        # one, the won one's receivable plan may not move onto it
        with self.assertRefused(UserError, "not won.*receivable plan of MD Won"):
            self.other.with_env(self.env)._merge_dependences(self.won.with_env(self.env))
        self.assertTrue(self.won.exists())
        self.assertEqual(self.line.lead_id, self.won)

    @users("cc_sales_manager")
    def test_delete_lead_with_payments_refused(self):
        receipt = self._receive()
        with self.assertRefused(
            UserError, "MD Won.*cannot be deleted.*Receivable Receipt.*Archive"
        ):
            self.won.with_env(self.env).unlink()
        self.assertTrue(receipt.exists())

    @users("cc_sales_manager")
    def test_delete_lead_takes_its_parts(self):
        """Stage history, pool history, approvals and a plan without receipts
        are parts of the lead: they go with it."""
        self.other._pool_log("claim", user=self.user_salesman)
        self.env["crm.approval.request"].with_user(self.user_salesman).create(
            {"lead_id": self.other.id, "kind": "discount", "requested_by_id": self.user_salesman.id}
        )
        parts = self._suite_records(self.other)
        self.won.with_env(self.env).write({"user_id": self.user_salesman.id})
        lead = self.other.with_env(self.env)
        records = [r for r in parts.values() if r]
        self.assertGreaterEqual(len(records), 3)
        lead.unlink()
        for records in parts.values():
            self.assertFalse(records.exists())
        plan = self.won.receivable_line_ids
        self.won.with_env(self.env).unlink()
        self.assertFalse(plan.exists())

    @users("cc_sales_manager")
    def test_delete_customer_with_payments_refused(self):
        self._receive()
        with self.assertRefused(UserError, "MD Customer.*cannot be deleted.*Receivable Receipt"):
            self.partner.with_user(self.partner_manager).unlink()

    def test_partner_merge_moves_records(self):
        """Odoo's partner merge moves our records; duplicate consents of one
        person and purpose keep the most recent one granted."""
        receipt = self._receive()
        purpose = self.env["crm.consent.purpose"].search([], limit=1)
        duplicate = self.env["res.partner"].create({"name": "MD Customer (dup)"})
        Consent = self.env["crm.consent"]
        old, new = Consent.create(
            [
                {
                    "partner_id": self.partner.id,
                    "purpose_id": purpose.id,
                    "policy_version": "1",
                    "date_granted": "2025-01-01 00:00:00",
                },
                {
                    "partner_id": duplicate.id,
                    "purpose_id": purpose.id,
                    "policy_version": "2",
                    "date_granted": "2026-01-01 00:00:00",
                },
            ]
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.partner | duplicate).ids, duplicate)
        self.env.invalidate_all()
        self.assertFalse(self.partner.exists())
        self.assertEqual((old | new).partner_id, duplicate)
        self.assertEqual(new.state, "granted")
        self.assertEqual(old.state, "withdrawn")
        self.assertEqual(receipt.partner_id, duplicate)
        self.assertEqual(self.won.partner_id, duplicate)
