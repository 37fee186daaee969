# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

INTEREST_LEVELS = [("cold", "Cold"), ("warm", "Warm"), ("hot", "Hot")]


class CrmReViewing(models.Model):
    """A viewing (带看) of one or more units by a buyer, on the calendar."""

    _name = "crm.re.viewing"
    _description = "Viewing"
    _inherit = ["mail.thread", "crm.personal.data.mixin", "crm.input.guard.mixin"]
    _order = "start desc"

    lead_id = fields.Many2one(
        "crm.lead", string="Buyer Opportunity", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, string="Buyer")
    user_id = fields.Many2one(
        "res.users",
        string="Consultant",
        required=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    start = fields.Datetime(required=True, default=fields.Datetime.now)
    duration = fields.Float(default=1.0, help="Hours")
    unit_ids = fields.Many2many("crm.re.unit", string="Units Shown")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    interest_level = fields.Selection(INTEREST_LEVELS, tracking=True)
    feedback = fields.Text(help="What the buyer liked, objected to, asked about.")
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, ondelete="set null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        viewings = super().create(vals_list)
        model_id = self.env["ir.model"]._get_id("crm.lead")
        for viewing in viewings:
            partners = viewing.user_id.partner_id | viewing.partner_id
            viewing.calendar_event_id = (
                self.env["calendar.event"]
                .with_context(mail_create_nosubscribe=True)
                .create(
                    {
                        "name": self.env._("Viewing: %(lead)s", lead=viewing.lead_id.name),
                        "start": viewing.start,
                        "stop": viewing.start + timedelta(hours=viewing.duration or 1),
                        "user_id": viewing.user_id.id,
                        "partner_ids": [(6, 0, partners.ids)],
                        "res_model_id": model_id,
                        "res_id": viewing.lead_id.id,
                        "opportunity_id": viewing.lead_id.id,
                    }
                )
            )
        return viewings

    def action_done(self):
        for viewing in self:
            if viewing.state != "planned":
                raise UserError(self.env._("Only a planned viewing can be marked done."))
            if not viewing.interest_level:
                raise UserError(
                    self.env._("Interest Level: say how interested the buyer is after the viewing.")
                )
        self.write({"state": "done"})
        for viewing in self:
            viewing.lead_id.sudo().write(
                {
                    "re_last_viewing_date": viewing.start,
                    "re_interest_level": viewing.interest_level,
                    "date_last_followup": fields.Datetime.now(),
                }
            )
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        self.calendar_event_id.sudo().unlink()
        return True

    _crm_privacy_partner_field = "partner_id"

    def _crm_privacy_anonymize(self):
        self.sudo().write({"feedback": False})
        return True
