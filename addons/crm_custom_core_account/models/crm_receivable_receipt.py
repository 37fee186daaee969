# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CrmReceivableReceipt(models.Model):
    """With Invoicing installed, a receipt points at the customer payment
    that carries the money instead of being a second record of it."""

    _inherit = "crm.receivable.receipt"

    payment_id = fields.Many2one(
        "account.payment",
        string="Payment",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('payment_type', '=', 'inbound'), ('partner_type', '=', 'customer'), "
        "('state', 'in', ('in_process', 'paid'))]",
        help="The customer payment that carries this receipt.",
    )

    @api.model
    def _payment_values(self, payment, values, exclude=None):
        """Amount (what is left of the payment), date and reference taken
        from ``payment`` for what ``values`` does not set."""
        linked = sum((payment.crm_receipt_ids - (exclude or self.browse())).mapped("amount"))
        result = {}
        if not values.get("amount"):
            result["amount"] = max(payment.amount - linked, 0.0)
        if not values.get("date"):
            result["date"] = payment.date
        if not values.get("reference"):
            result["reference"] = payment.name
        return result

    @api.model_create_multi
    def create(self, vals_list):
        Payment = self.env["account.payment"]
        for vals in vals_list:
            if vals.get("payment_id"):
                vals.update(self._payment_values(Payment.browse(vals["payment_id"]), vals))
        return super().create(vals_list)

    @api.onchange("payment_id")
    def _onchange_payment_id(self):
        if self.payment_id:
            self.update(
                self._payment_values(
                    self.payment_id, {}, exclude=self._origin if self._origin else None
                )
            )

    @api.constrains("payment_id", "amount", "line_id")
    def _check_payment(self):
        payments = self.payment_id
        if not payments:
            return
        for receipt in self.filtered("payment_id"):
            payment = receipt.payment_id
            lead_partner = receipt.lead_id.partner_id.commercial_partner_id
            if lead_partner and payment.partner_id.commercial_partner_id != lead_partner:
                raise ValidationError(
                    self.env._(
                        "Payment: %(payment)s was paid by %(payer)s, not by the customer of "
                        "\u201c%(lead)s\u201d (%(customer)s).",
                        payment=payment.display_name,
                        payer=payment.partner_id.display_name,
                        lead=receipt.lead_id.name,
                        customer=lead_partner.display_name,
                    )
                )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT payment_id, SUM(amount) FROM crm_receivable_receipt "
                "WHERE payment_id = ANY(%s) GROUP BY payment_id",
                payments.ids,
            )
        )
        for payment_id, linked in self.env.cr.fetchall():
            payment = self.env["account.payment"].browse(payment_id)
            if payment.currency_id.compare_amounts(linked, payment.amount) > 0:
                raise ValidationError(
                    self.env._(
                        "Payment: receipts linked to %(payment)s (%(linked)s) exceed its "
                        "amount (%(amount)s).",
                        payment=payment.display_name,
                        linked=payment.currency_id.format(linked),
                        amount=payment.currency_id.format(payment.amount),
                    )
                )
