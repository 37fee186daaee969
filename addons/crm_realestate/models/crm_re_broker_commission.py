# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

FINANCE_GROUP = "crm_custom_core.group_crm_finance"


class CrmReBrokerCommission(models.Model):
    """The commission (渠道佣金) owed to a broker when a buyer they registered
    signs the purchase contract: the contract price times the broker's rate."""

    _name = "crm.re.broker.commission"
    _description = "Broker Commission"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "id desc"

    broker_id = fields.Many2one(
        "res.partner", string="Broker", required=True, index=True, ondelete="restrict"
    )
    registration_id = fields.Many2one(
        "crm.re.broker.registration", required=True, index=True, ondelete="restrict"
    )
    reservation_id = fields.Many2one(
        "crm.re.reservation", string="Contract", required=True, index=True, ondelete="restrict"
    )
    project_id = fields.Many2one(related="reservation_id.project_id", store=True)
    company_id = fields.Many2one(related="reservation_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="reservation_id.currency_id")
    base_amount = fields.Monetary(string="Contract Price", required=True, readonly=True)
    rate = fields.Float(string="Rate (%)", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    state = fields.Selection(
        [("to_pay", "To Pay"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        default="to_pay",
        required=True,
        readonly=True,
        tracking=True,
    )
    paid_date = fields.Date(readonly=True)

    _reservation_unique = models.Constraint(
        "UNIQUE(reservation_id)", "A contract owes one broker commission."
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._("A broker commission is owed by a signed contract, not entered by hand.")
            )
        return super().create(vals_list)

    def write(self, vals):
        # every field is the contract's or the payment's: only the flow
        # writes them (the chatter's followers aside)
        forced = set(vals) - {"message_follower_ids", "message_main_attachment_id"}
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: a commission is computed from its contract and paid by "
                    "finance with Pay, never written directly.",
                    fields=self._crm_field_labels(forced),
                )
            )
        return super().write(vals)

    def action_pay(self):
        if not self.env.su and not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(self.env._("Only finance pays broker commissions."))
        if self.filtered(lambda c: c.state != "to_pay"):
            raise UserError(self.env._("Only a commission to pay can be paid."))
        self.sudo().write({"state": "paid", "paid_date": fields.Date.context_today(self)})
        return True
