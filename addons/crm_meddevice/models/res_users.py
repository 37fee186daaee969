# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    med_country_ids = fields.Many2many(
        "res.country",
        "res_users_med_country_rel",
        "user_id",
        "country_id",
        string="Covered Countries",
        help="Regional regulatory and sales staff see the registrations, adverse events "
        "and opportunities of these countries only.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "med_country_ids" in vals:
            # record rules read the covered countries: their cached domains change
            self.env.registry.clear_cache()
        return res
