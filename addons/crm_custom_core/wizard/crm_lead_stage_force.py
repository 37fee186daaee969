# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmLeadStageForce(models.TransientModel):
    _name = "crm.lead.stage.force"
    _description = "Force a Lead Past a Stage Gate"
    _inherit = ["crm.input.guard.mixin"]

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    stage_id = fields.Many2one("crm.stage", string="Move To", required=True)
    reason = fields.Text(required=True)

    def action_force(self):
        self.ensure_one()
        self.lead_ids._crm_force_stage(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
