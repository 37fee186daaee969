# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmLeadDeviceLine(models.Model):
    _name = "crm.lead.device.line"
    _description = "Opportunity Device Line"
    _inherit = ["crm.input.guard.mixin"]
    _order = "lead_id, sequence, id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Device",
        required=True,
        domain=[("is_med_device", "=", True)],
        ondelete="restrict",
    )
    quantity = fields.Float(default=1.0)
    company_id = fields.Many2one(related="lead_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.lead_id._check_registrations_kept()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"product_tmpl_id", "lead_id"} & set(vals):
            self.lead_id._check_registrations_kept()
        return res
