# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmReUnitMatchLine(models.TransientModel):
    _name = "crm.re.unit.match.line"
    _description = "Matched Unit"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence"

    match_id = fields.Many2one("crm.re.unit.match", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    unit_id = fields.Many2one("crm.re.unit", required=True)
    project_id = fields.Many2one(related="unit_id.project_id")
    layout_id = fields.Many2one(related="unit_id.layout_id")
    area = fields.Float(related="unit_id.area")
    floor = fields.Integer(related="unit_id.floor")
    currency_id = fields.Many2one(related="unit_id.currency_id")
    list_price = fields.Monetary(related="unit_id.list_price")
    score = fields.Integer()
    reasons = fields.Char()

    def action_hold(self):
        self.ensure_one()
        self.unit_id.action_hold(self.match_id.lead_id)
        return {"type": "ir.actions.act_window_close"}
