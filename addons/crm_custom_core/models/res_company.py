# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_discount_approval_threshold = fields.Float(
        string="Discount Approval Threshold (%)",
        default=10.0,
        help="An opportunity with a larger discount needs an approval before it is won. "
        "0 disables the rule.",
    )
    crm_contract_approval_amount = fields.Monetary(
        string="Contract Approval Amount",
        currency_field="currency_id",
        default=1000000.0,
        help="An opportunity with a larger expected revenue needs an approval before it is "
        "won. 0 disables the rule.",
    )
    crm_privacy_regime_id = fields.Many2one(
        "crm.privacy.regime",
        string="Data-Protection Regime",
        help="Default regime (and deadlines) of the company's data-subject requests.",
        ondelete="set null",
    )
