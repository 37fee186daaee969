# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmReLayout(models.Model):
    """A unit layout (户型): 3 bedrooms 2 living rooms, penthouse..."""

    _name = "crm.re.layout"
    _description = "Unit Layout"
    _inherit = ["crm.input.guard.mixin"]
    _order = "bedrooms, name"

    name = fields.Char(required=True, translate=True)
    bedrooms = fields.Integer()
    active = fields.Boolean(default=True)
