# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmReQueuePick(models.TransientModel):
    """Launch day: the buyer of a queue number picks a unit."""

    _name = "crm.re.queue.pick"
    _description = "Pick a Unit at a Launch"
    _inherit = ["crm.input.guard.mixin"]

    queue_number_id = fields.Many2one("crm.re.queue.number", required=True, readonly=True)
    launch_id = fields.Many2one(related="queue_number_id.launch_id")
    building_ids = fields.Many2many("crm.re.building", compute="_compute_building_ids")
    unit_id = fields.Many2one(
        "crm.re.unit",
        string="Unit",
        required=True,
        domain="[('building_id', 'in', building_ids), ('state', '=', 'available')]",
    )

    @api.depends("launch_id")
    def _compute_building_ids(self):
        for wizard in self:
            wizard.building_ids = wizard.launch_id.sudo()._get_buildings()

    def action_confirm(self):
        self.ensure_one()
        reservation = self.queue_number_id.action_pick(self.unit_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.re.reservation",
            "res_id": reservation.id,
            "view_mode": "form",
            "views": [[False, "form"]],
        }
