# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .crm_re_unit import ORIENTATIONS, check_finite


class CrmRePriceListLine(models.Model):
    """An orientation adjustment of a price list version, e.g. south +3%."""

    _name = "crm.re.price.list.line"
    _description = "Price List Orientation Adjustment"
    _inherit = ["crm.input.guard.mixin"]

    price_list_id = fields.Many2one(
        "crm.re.price.list", required=True, index=True, ondelete="cascade"
    )
    orientation = fields.Selection(ORIENTATIONS, required=True)
    percent = fields.Float(
        string="Adjustment (%)", help="Added to (or, if negative, taken from) the price."
    )

    _orientation_unique = models.Constraint(
        "UNIQUE(price_list_id, orientation)", "One adjustment per orientation in a price list."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite(self, vals, ("percent",))
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, vals, ("percent",))
        return super().write(vals)

    @api.constrains("percent")
    def _check_percent(self):
        for line in self:
            if not math.isfinite(line.percent) or not -100 < line.percent <= 100:
                raise ValidationError(
                    self.env._(
                        "Adjustment (%%): %(value)s is not a percentage between -100 and 100.",
                        value=line.percent,
                    )
                )
