# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

FINANCE_GROUP = "crm_custom_core.group_crm_finance"


class CrmReceivableReceipt(models.Model):
    """Money received (回款) against an instalment of a receivable plan."""

    _name = "crm.receivable.receipt"
    _description = "Receivable Receipt"
    _inherit = ["crm.input.guard.mixin"]
    _order = "date desc, id desc"

    line_id = fields.Many2one(
        "crm.receivable.line",
        string="Instalment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    lead_id = fields.Many2one(related="line_id.lead_id", store=True, index=True)
    partner_id = fields.Many2one(related="line_id.partner_id", store=True)
    user_id = fields.Many2one(related="line_id.user_id", string="Salesperson", store=True)
    team_id = fields.Many2one(related="line_id.team_id", store=True)
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    reference = fields.Char(help="Bank transfer or payment reference.")
    recorded_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        string="Recorded By",
        ondelete="set null",
    )
    override = fields.Boolean(
        string="Allow Over-Receipt",
        help="Set by finance to accept receipts beyond the plan; a reason is required.",
    )
    override_reason = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("override") for vals in vals_list):
            self._check_override_right()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("override") or "override_reason" in vals:
            self._check_override_right()
        return super().write(vals)

    def _check_override_right(self):
        if not self.env.su and not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(
                self.env._("Only finance may accept receipts beyond the receivable plan.")
            )

    @api.constrains("amount", "line_id", "override", "override_reason")
    def _check_over_receipt(self):
        for receipt in self:
            if receipt.amount <= 0:
                raise ValidationError(self.env._("Receipt: Amount must be positive."))
            if receipt.override and not (receipt.override_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Allow Over-Receipt: give a reason for accepting receipts beyond the plan."
                    )
                )
        self.lead_id._check_receivable_balance()
