# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class CrmReMilestone(models.Model):
    """A checkpoint or key date of a buyer's long purchase cycle."""

    _name = "crm.re.milestone"
    _description = "Buyer Milestone"
    _inherit = ["crm.input.guard.mixin"]
    _order = "due_date, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    template_id = fields.Many2one(
        "crm.re.milestone.template",
        string="Checklist Item",
        index="btree_not_null",
        ondelete="set null",
        help="Checklist item this milestone was created from: it keeps its translations.",
    )
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

    def _sync_template_translations(self):
        """Give milestones created from the buyer checklist every translation
        of their checklist item's name (also those a language load brings
        after the milestones were created)."""
        self.env["crm.re.milestone.template"].flush_model(["name"])
        self.flush_model(["name", "template_id"])
        query = """UPDATE crm_re_milestone m SET name = t.name
                     FROM crm_re_milestone_template t
                    WHERE m.template_id = t.id AND m.name IS DISTINCT FROM t.name"""
        if self:
            self.env.cr.execute(SQL(query + " AND m.id IN %s", tuple(self.ids)))
        else:
            # milestones created before they knew their checklist item
            self.env.cr.execute(
                SQL(
                    """UPDATE crm_re_milestone m SET template_id = t.id
                         FROM crm_re_milestone_template t
                        WHERE m.template_id IS NULL AND m.name->>'en_US' = t.name->>'en_US'"""
                )
            )
            self.env.cr.execute(SQL(query))
        self.invalidate_model(["name"])
