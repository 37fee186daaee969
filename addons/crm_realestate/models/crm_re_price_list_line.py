# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_re_unit import ORIENTATIONS


class CrmRePriceListLine(models.Model):
    """An orientation adjustment of a price list version, e.g. south +3%."""

    _name = "crm.re.price.list.line"
    _description = "Price List Orientation Adjustment"

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
