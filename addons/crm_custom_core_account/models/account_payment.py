# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    crm_receipt_ids = fields.One2many("crm.receivable.receipt", "payment_id", string="CRM Receipts")
    crm_receipt_count = fields.Integer(compute="_compute_crm_receipt_count")

    def _compute_crm_receipt_count(self):
        self._crm_count("crm_receipt_count", "crm.receivable.receipt", "payment_id")

    def action_view_crm_receipts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_custom_core.crm_receivable_receipt_action"
        )
        action["domain"] = [("payment_id", "=", self.id)]
        action["context"] = {"default_payment_id": self.id}
        return action
