# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from .crm_re_visit import CHANNELS


class CrmReOwnershipRuling(models.Model):
    """A ruling on who owns a buyer (客户归属裁定): the owner before and after,
    the rule applied, why, when and by whom. Rulings are written by the
    system and by a manager's arbitration, never edited."""

    _name = "crm.re.ownership.ruling"
    _description = "Buyer Ownership Ruling"
    _inherit = ["crm.input.guard.mixin"]
    _order = "date desc, id desc"

    lead_id = fields.Many2one(
        "crm.lead", string="Buyer Opportunity", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, string="Buyer")
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    visit_id = fields.Many2one("crm.re.visit", index="btree_not_null", ondelete="set null")
    owner_before_id = fields.Many2one("res.users", string="Owner Before", ondelete="set null")
    owner_after_id = fields.Many2one("res.users", string="Owner After", ondelete="set null")
    channel_before = fields.Selection(CHANNELS)
    channel_after = fields.Selection(CHANNELS)
    rule = fields.Selection(
        [
            ("first_registration", "First registration wins"),
            ("protected", "Within the protection window"),
            ("lapsed", "Protection lapsed without follow-up"),
            ("broker_registration", "Broker pre-registration"),
            ("arbitration", "Manager arbitration"),
        ],
        string="Rule Applied",
        required=True,
    )
    reason = fields.Text(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Ruled By",
        required=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Ownership rulings are recorded by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("An ownership ruling cannot be changed."))
        return super().write(vals)

    _crm_privacy_partner_field = "partner_id"
