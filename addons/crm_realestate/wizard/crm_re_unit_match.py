# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmReUnitMatch(models.TransientModel):
    """Units matching a buyer, ranked by fit, with the reasons."""

    _name = "crm.re.unit.match"
    _description = "Unit Matching"
    _inherit = ["crm.input.guard.mixin"]

    lead_id = fields.Many2one("crm.lead", required=True)
    line_ids = fields.One2many("crm.re.unit.match.line", "match_id")

    def _fill(self):
        self.ensure_one()
        self.line_ids = [
            (
                0,
                0,
                {
                    "sequence": rank,
                    "unit_id": unit.id,
                    "score": score,
                    "reasons": "; ".join(reasons),
                },
            )
            for rank, (unit, score, reasons) in enumerate(self.lead_id._re_match_units(), 1)
        ]
