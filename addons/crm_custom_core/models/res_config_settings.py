# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="CRM Approval Currency"
    )
    crm_discount_approval_threshold = fields.Float(
        related="company_id.crm_discount_approval_threshold", readonly=False
    )
    crm_contract_approval_amount = fields.Monetary(
        related="company_id.crm_contract_approval_amount",
        readonly=False,
        currency_field="crm_company_currency_id",
    )
    crm_privacy_regime_id = fields.Many2one(
        related="company_id.crm_privacy_regime_id", readonly=False
    )
    crm_audit_retention_days = fields.Integer(
        string="Audit Log Retention (days)",
        config_parameter="crm_custom_core.audit_retention_days",
        default=365,
        help="The daily job deletes audit log entries older than this; 0 keeps everything.",
    )
