# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    crm_receipt_ids = fields.One2many("crm.receivable.receipt", "payment_id", string="CRM Receipts")
    crm_receipt_count = fields.Integer(compute="_compute_crm_receipt_count")

    def _compute_crm_receipt_count(self):
        self._crm_count("crm_receipt_count", "crm.receivable.receipt", "payment_id")

    def action_view_crm_receipts(self):
        return self._crm_related_action(
            "crm_custom_core.crm_receivable_receipt_action", "payment_id"
        )
