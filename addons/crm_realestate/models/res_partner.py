# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reserved(self):
        if self.env.su:
            return
        guard = self.env["crm.delete.guard"]
        guard._refuse_if_holding(
            self,
            self.env["crm.re.reservation"]
            .sudo()
            .search(
                [("partner_id", "in", self.ids), ("state", "in", ["subscribed", "contracted"])]
            ),
        )
        guard._refuse_if_holding(
            self,
            self.env["crm.re.broker.commission"].sudo().search([("broker_id", "in", self.ids)]),
        )
        guard._refuse_if_holding(
            self,
            self.env["crm.re.broker.registration"].sudo().search([("broker_id", "in", self.ids)]),
        )
