# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmMedRiskClass(models.Model):
    """A device risk class of one regulator (US II, EU IIb, China III...)."""

    _name = "crm.med.risk.class"
    _description = "Device Risk Class"
    _inherit = ["crm.input.guard.mixin"]
    _order = "regulator_id, sequence, name"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    regulator_id = fields.Many2one("crm.med.regulator", required=True, ondelete="cascade")

    def _compute_display_name(self):
        for risk in self:
            risk.display_name = f"{risk.regulator_id.code} {risk.name}"
