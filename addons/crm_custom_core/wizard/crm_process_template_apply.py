# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class CrmProcessTemplateApply(models.TransientModel):
    _name = "crm.process.template.apply"
    _description = "Apply a Process Template to Sales Teams"
    _inherit = ["crm.input.guard.mixin"]

    template_id = fields.Many2one("crm.process.template", string="Process", required=True)
    team_ids = fields.Many2many("crm.team", string="Sales Teams")

    def action_apply(self):
        self.ensure_one()
        if not self.team_ids:
            raise UserError(
                self.env._(
                    "Sales Teams: select at least one team to apply \u201c%(process)s\u201d to.",
                    process=self.template_id.name,
                )
            )
        if not self.template_id.stage_ids:
            raise UserError(
                self.env._(
                    "Stages: the process \u201c%(process)s\u201d has no stage to apply.",
                    process=self.template_id.name,
                )
            )
        self.template_id._apply_to_teams(self.team_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Process \u201c%(process)s\u201d applied to %(count)s team(s).",
                    process=self.template_id.name,
                    count=len(self.team_ids),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
