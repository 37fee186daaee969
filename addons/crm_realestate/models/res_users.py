# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    re_discount_limit = fields.Float(
        string="Discount Limit (%)",
        help="Discount on the list price the consultant may agree on a reservation without "
        "approval. 0 uses the company's limit.",
    )
