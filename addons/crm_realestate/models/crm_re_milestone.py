# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class CrmReMilestone(models.Model):
    """A checkpoint or key date of a buyer's long purchase cycle."""

    _name = "crm.re.milestone"
    _description = "Buyer Milestone"
    _inherit = ["crm.input.guard.mixin"]
    _order = "due_date, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    lead_id = fields.Many2one("crm.lead", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(related="lead_id.user_id", store=True)
    kind = fields.Selection(
        [("checkpoint", "Checkpoint"), ("key_date", "Key Date")],
        default="checkpoint",
        required=True,
        help="Key dates (a birthday, a school enrolment, a mortgage approval) are reminded "
        "ahead of time.",
    )
    due_date = fields.Date(required=True)
    remind_days = fields.Integer(default=3, help="Remind the consultant this many days before.")
    remind_date = fields.Date(compute="_compute_remind_date", store=True)
    done = fields.Boolean()
    date_done = fields.Date(readonly=True)
    reminded = fields.Boolean(readonly=True, copy=False)

    # The nurturing job reads only milestones to remind.
    _remind_idx = models.Index("(remind_date) WHERE done IS NOT TRUE AND reminded IS NOT TRUE")

    @api.depends("due_date", "remind_days")
    def _compute_remind_date(self):
        for milestone in self:
            milestone.remind_date = milestone.due_date and milestone.due_date - timedelta(
                days=milestone.remind_days or 0
            )

    def write(self, vals):
        if vals.get("done"):
            vals = dict(vals, date_done=fields.Date.context_today(self))
        if "due_date" in vals or "remind_days" in vals:
            vals = dict(vals, reminded=False)
        return super().write(vals)
