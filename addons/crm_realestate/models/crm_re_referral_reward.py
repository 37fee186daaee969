# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

FINANCE_GROUP = "crm_custom_core.group_crm_finance"
MANAGER_GROUP = "sales_team.group_sale_manager"


class CrmReReferralReward(models.Model):
    """A reward (老带新奖励) owed to the customer who referred a buyer, created
    when the buyer signs; approved by a sales manager, paid by finance."""

    _name = "crm.re.referral.reward"
    _description = "Referral Reward"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "id desc"

    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    referrer_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    reservation_id = fields.Many2one("crm.re.reservation", ondelete="set null")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    # Stored, from the company: grouping with amounts in a pivot or a list
    # aggregates per currency in SQL, which a currency related to the lead's
    # computed company_currency cannot give (invalid FROM-clause reference).
    currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_currency_id", store=True
    )
    amount = fields.Monetary(required=True)
    state = fields.Selection(
        [
            ("pending", "To Approve"),
            ("approved", "Approved"),
            ("paid", "Paid"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_paid = fields.Date(readonly=True)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = record.company_id.currency_id or self.env.company.currency_id

    def action_approve(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager approves referral rewards."))
        self.filtered(lambda r: r.state == "pending").sudo().write({"state": "approved"})
        return True

    def action_pay(self):
        if not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(self.env._("Only finance pays referral rewards."))
        self.filtered(lambda r: r.state == "approved").sudo().write(
            {"state": "paid", "date_paid": fields.Date.context_today(self)}
        )
        return True

    def action_cancel(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager cancels referral rewards."))
        self.filtered(lambda r: r.state != "paid").sudo().write({"state": "cancelled"})
        return True

    _crm_privacy_partner_field = "referrer_id"
