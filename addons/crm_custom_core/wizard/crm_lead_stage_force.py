# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class CrmLeadStageForce(models.TransientModel):
    _name = "crm.lead.stage.force"
    _description = "Force a Lead Past a Stage Gate"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one("crm.stage", string="Move To", required=True)
    reason = fields.Text(required=True)

    def action_force(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Reason: explain why the stage gate is forced; it is logged on the lead."
                )
            )
        self.lead_ids.with_context(crm_stage_force_reason=reason).write(
            {"stage_id": self.stage_id.id}
        )
        return {"type": "ir.actions.act_window_close"}
