# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "sales_team.group_sale_manager"


class CrmReOwnershipArbitrate(models.TransientModel):
    """A sales manager settles a dispute over who owns a buyer; the
    decision and its reason are logged as a ruling."""

    _name = "crm.re.ownership.arbitrate"
    _description = "Arbitrate Buyer Ownership"
    _inherit = ["crm.input.guard.mixin"]

    lead_id = fields.Many2one("crm.lead", string="Buyer Opportunity", required=True)
    current_owner_id = fields.Many2one(related="lead_id.user_id", string="Current Owner")
    owner_id = fields.Many2one("res.users", string="Decided Owner", required=True)
    protection_days = fields.Integer(
        string="Protection (days)",
        default=30,
        help="The decided owner's protection starts today for this many days.",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager may arbitrate buyer ownership."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Reason: say why the buyer goes to this owner."))
        lead = self.lead_id.sudo()
        before = lead.user_id
        until = fields.Date.context_today(self) + timedelta(days=self.protection_days or 0)
        lead.write({"user_id": self.owner_id.id, "re_protected_until": until})
        self.env["crm.re.ownership.ruling"].sudo().create(
            {
                "lead_id": lead.id,
                "owner_before_id": before.id,
                "owner_after_id": self.owner_id.id,
                "channel_before": lead.re_owner_channel,
                "channel_after": lead.re_owner_channel,
                "rule": "arbitration",
                "reason": self.reason.strip(),
                "user_id": self.env.uid,
            }
        )
        lead.message_post(
            body=self.env._(
                "Ownership arbitrated by %(manager)s: %(before)s → %(after)s. Reason: %(reason)s",
                manager=self.env.user.name,
                before=before.name or "-",
                after=self.owner_id.name,
                reason=self.reason.strip(),
            )
        )
        return {"type": "ir.actions.act_window_close"}
