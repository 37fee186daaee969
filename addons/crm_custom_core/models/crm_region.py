# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmRegion(models.Model):
    """A sales region: a group of teams watched by regional managers."""

    _name = "crm.region"
    _description = "Sales Region"
    _inherit = ["crm.input.guard.mixin"]
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty for a region whose teams belong to several companies.",
        ondelete="set null",
    )
    manager_ids = fields.Many2many(
        "res.users",
        string="Regional Managers",
        domain=[("share", "=", False)],
        help="Users of the Regional Manager group who see the leads of the region's teams.",
    )
    team_ids = fields.One2many("crm.team", "region_id", string="Sales Teams")
