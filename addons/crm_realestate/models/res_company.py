# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    re_discount_limit = fields.Float(
        string="Consultant Discount Limit (%)",
        default=2.0,
        help="Discount on the list price a consultant may agree without approval, unless "
        "the consultant has a limit of their own.",
    )
