# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    re_is_broker = fields.Boolean(
        string="Channel Broker",
        help="A real estate agency (渠道) whose portal users pre-register buyers.",
    )
    re_commission_rate = fields.Float(
        string="Broker Commission (%)",
        help="Share of the contract price owed to the broker for a buyer they registered; "
        "0 uses the project's rate.",
    )
