# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestReceivables(CrmCustomCommon):
    """Receivable plans (回款计划): instalments on won opportunities, receipts
    recorded by finance, never beyond the plan without an override."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won = cls._create_lead(
            name="Won Deal", phone="1", expected_revenue=1000, stage_id=cls.stages[5].id
        )
        Line = cls.env["crm.receivable.line"].with_user(cls.user_salesman)
        cls.line_1, cls.line_2 = Line.create(
            [
                {
                    "lead_id": cls.won.id,
                    "name": "Deposit",
                    "due_date": date(2026, 1, 10),
                    "amount": 600,
                },
                {
                    "lead_id": cls.won.id,
                    "name": "Balance",
                    "due_date": date(2026, 3, 10),
                    "amount": 400,
                },
            ]
        )

    def _receive(self, line, amount, user=None, **vals):
        return (
            self.env["crm.receivable.receipt"]
            .with_user(user or self.user_finance)
            .create({"line_id": line.id, "amount": amount, "date": "2026-01-05", **vals})
        )

    def test_plan_only_on_won_opportunities(self):
        open_lead = self._create_lead(name="Still open")
        with self.assertRefused(ValidationError, "Still open.*is not won"):
            self.env["crm.receivable.line"].with_user(self.user_salesman).create(
                {
                    "lead_id": open_lead.id,
                    "name": "Too early",
                    "due_date": date(2026, 1, 1),
                    "amount": 10,
                }
            )
        with self.assertRefused(ValidationError, "Zero.*Amount must be positive"):
            self.env["crm.receivable.line"].create(
                {"lead_id": self.won.id, "name": "Zero", "due_date": date(2026, 1, 1), "amount": 0}
            )

    def test_receipts_follow_the_plan(self):
        self._receive(self.line_1, 250)
        self.assertEqual(self.line_1.state, "partial")
        self._receive(self.line_1, 350)
        self.assertEqual(self.line_1.state, "paid")
        self.assertEqual(self.line_1.amount_due, 0)
        self.assertEqual(self.won.amount_planned, 1000)
        self.assertEqual(self.won.amount_received, 600)

    def test_over_receipt_refused_without_override(self):
        self._receive(self.line_1, 600)
        Receipt = self.env["crm.receivable.receipt"]
        count = Receipt.search_count([("lead_id", "=", self.won.id)])
        with self.assertRefused(ValidationError, r"Won Deal.*would exceed its receivable plan"):
            self._receive(self.line_2, 500)
        self.assertEqual(Receipt.search_count([("lead_id", "=", self.won.id)]), count)
        # a salesperson may neither record receipts nor override
        with self.assertRaises(AccessError):
            self._receive(self.line_2, 100, user=self.user_salesman)
        with self.assertRaises(AccessError):
            self._receive(
                self.line_2, 500, user=self.user_salesman, override=True, override_reason="x"
            )
        with self.assertRefused(ValidationError, "Allow Over-Receipt: give a reason"):
            self._receive(self.line_2, 500, override=True)
        receipt = self._receive(
            self.line_2, 500, override=True, override_reason="Late fee paid with the balance"
        )
        self.assertEqual(self.won.amount_received, 1100)
        self.assertTrue(receipt.override)

    def test_plan_cannot_shrink_below_receipts(self):
        self._receive(self.line_1, 600)
        # the balance can shrink as long as the plan still covers the receipts
        self.line_2.with_user(self.user_salesman).write({"amount": 0.01})
        with self.assertRefused(ValidationError, "would exceed"):
            self.line_1.with_user(self.user_salesman).write({"amount": 100})
        self.assertEqual(self.line_1.amount, 600)
        with self.assertRefused(ValidationError, "would exceed"):
            self.line_1.with_user(self.user_salesman).write({"amount": 599})
        # a receipt blocks deleting its instalment
        with self.assertRefused(UserError, "Deposit.*has receipts"):
            self.line_1.with_user(self.user_salesman).unlink()
        self.assertTrue(self.line_1.exists())

    def test_overdue_instalment_alerted_once(self):
        self._receive(self.line_1, 600)
        Line = self.env["crm.receivable.line"]
        today = date(2026, 3, 20)
        alerted = Line._cron_alert_overdue(today)
        self.assertEqual(alerted, self.line_2, "the paid instalment raises nothing")
        activity = self.won.activity_ids.filtered(lambda a: "Balance" in (a.summary or ""))
        self.assertEqual(activity.user_id, self.user_salesman)
        self.assertFalse(Line._cron_alert_overdue(today), "once only")
        self.assertTrue(self.line_2.is_overdue)
        self.assertIn(self.line_2, Line.search([("is_overdue", "=", True)]))
        # rescheduled: alerted again when the new date passes
        self.line_2.due_date = today + timedelta(days=5)
        self.assertFalse(Line._cron_alert_overdue(today))
        self.assertEqual(Line._cron_alert_overdue(today + timedelta(days=6)), self.line_2)

    def test_overdue_job_reads_only_candidates(self):
        self._receive(self.line_1, 600)
        self.env.cr.execute(
            """
            INSERT INTO crm_receivable_line (lead_id, name, due_date, amount, amount_received,
                                             amount_due, state, sequence)
            SELECT %s, 'bulk', DATE '2030-01-01', 1, 0, 1, 'open', 10
              FROM generate_series(1, 20000)
            """,
            [self.won.id],
        )
        self.env.invalidate_all()
        self.env.cr.execute("ANALYZE crm_receivable_line")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM crm_receivable_line WHERE state != 'paid' "
            "AND overdue_alerted IS NOT TRUE AND due_date < '2026-03-20'"
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("crm_receivable_line_overdue_idx", plan)
        # one due instalment: creating its activity is the bulk of the work
        with self.assertQueryCount(__system__=60):
            alerted = self.env["crm.receivable.line"]._cron_alert_overdue(date(2026, 3, 20))
        self.assertEqual(alerted, self.line_2)

    def test_access_by_role(self):
        # another salesperson sees nothing of the plan
        with self.assertRaises(AccessError):
            self.line_1.with_user(self.user_salesman_2).read(["amount"])
        # the team leader reads it, finance reads the lead but cannot edit it
        self.assertEqual(self.line_1.with_user(self.user_leader).amount, 600)
        self.assertEqual(self.won.with_user(self.user_finance).name, "Won Deal")
        with self.assertRaises(AccessError):
            self.won.with_user(self.user_finance).write({"name": "Changed"})
        # a portal user reads nothing
        with self.assertRaises(AccessError):
            self.line_1.with_user(self.user_portal).read(["amount"])
