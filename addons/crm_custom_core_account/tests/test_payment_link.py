# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestPaymentLink(CrmCustomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_finance.group_ids = [(4, cls.env.ref("account.group_account_invoice").id)]
        cls.customer = cls.env["res.partner"].create({"name": "Paying Customer"})
        cls.other = cls.env["res.partner"].create({"name": "Someone Else"})
        cls.won = cls._create_lead(
            name="Paid Deal",
            phone="1",
            partner_id=cls.customer.id,
            expected_revenue=1000,
            stage_id=cls.stages[5].id,
        )
        cls.line = cls.env["crm.receivable.line"].create(
            {"lead_id": cls.won.id, "name": "All", "due_date": date(2026, 6, 1), "amount": 1000}
        )

        def payment(partner, amount):
            pay = cls.env["account.payment"].create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": date(2026, 5, 20),
                }
            )
            pay.action_post()
            return pay

        cls.payment = payment(cls.customer, 600)
        cls.foreign_payment = payment(cls.other, 600)

    def _receipt(self, **vals):
        return (
            self.env["crm.receivable.receipt"]
            .with_user(self.user_finance)
            .create({"line_id": self.line.id, **vals})
        )

    def test_receipt_takes_amount_and_date_from_the_payment(self):
        receipt = self._receipt(payment_id=self.payment.id)
        self.assertEqual(receipt.amount, 600)
        self.assertEqual(receipt.date, date(2026, 5, 20))
        self.assertEqual(receipt.recorded_by_id, self.user_finance)
        self.assertEqual(receipt.reference, self.payment.name)
        self.assertEqual(self.payment.crm_receipt_count, 1)
        self.assertEqual(self.line.amount_received, 600)
        action = self.payment.with_user(self.user_finance).action_view_crm_receipts()
        self.assertEqual(action["domain"], [("payment_id", "=", self.payment.id)])

    def test_refusals(self):
        with self.assertRefused(ValidationError, "Payment: .* not by the customer of"):
            self._receipt(payment_id=self.foreign_payment.id)
        self._receipt(payment_id=self.payment.id, amount=400)
        with self.assertRefused(ValidationError, "Payment: receipts linked to .* exceed"):
            self._receipt(payment_id=self.payment.id, amount=300)
        self.assertEqual(self.line.amount_received, 400)
        # the rest of the payment may still be linked
        self._receipt(payment_id=self.payment.id)
        self.assertEqual(self.line.amount_received, 600)

    def test_works_without_a_payment(self):
        receipt = self._receipt(amount=100, date=date(2026, 5, 1))
        self.assertFalse(receipt.payment_id)
        self.assertEqual(self.line.amount_received, 100)
