# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .crm_re_unit import check_finite

MANAGER_GROUP = "sales_team.group_sale_manager"
FINANCE_GROUP = "crm_custom_core.group_crm_finance"
# Set by the flow (numbering, pick, skip, refund), never by hand.
FLOW_FIELDS = {
    "launch_id",
    "number",
    "state",
    "unit_id",
    "reservation_id",
    "pick_date",
    "refund_date",
    "refund_reason",
}


class CrmReQueueNumber(models.Model):
    """A buyer's numbered place (排号) for a launch, taken with a refundable
    intention deposit (认筹金). On launch day the numbers pick units in
    order: each pick reserves the unit through the unit's row lock, so two
    numbers cannot both get the same unit."""

    _name = "crm.re.queue.number"
    _description = "Launch Queue Number"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "launch_id, number"
    _rec_name = "number"
    _check_company_auto = True

    launch_id = fields.Many2one(
        "crm.re.launch", required=True, index=True, ondelete="restrict", readonly=True
    )
    number = fields.Integer(readonly=True, copy=False, aggregator=None)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Buyer Opportunity",
        required=True,
        index=True,
        check_company=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, string="Buyer")
    user_id = fields.Many2one(
        "res.users",
        string="Consultant",
        default=lambda self: self.env.user,
        required=True,
        index=True,
        ondelete="restrict",
    )
    project_id = fields.Many2one(related="launch_id.project_id", store=True)
    company_id = fields.Many2one(related="launch_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="launch_id.currency_id")
    deposit_amount = fields.Monetary(
        string="Intention Deposit",
        required=True,
        tracking=True,
        help="Refundable intention deposit (认筹金); it becomes the reservation's deposit.",
    )
    deposit_paid_date = fields.Date(
        string="Deposit Received On", tracking=True, help="Set by finance on receipt."
    )
    state = fields.Selection(
        [
            ("waiting", "Waiting"),
            ("picked", "Picked"),
            ("skipped", "Skipped"),
            ("refunded", "Refunded"),
        ],
        default="waiting",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    unit_id = fields.Many2one(
        "crm.re.unit", string="Unit Picked", readonly=True, index=True, ondelete="set null"
    )
    reservation_id = fields.Many2one("crm.re.reservation", readonly=True, ondelete="set null")
    pick_date = fields.Datetime(readonly=True)
    refund_date = fields.Datetime(readonly=True)
    refund_reason = fields.Char(readonly=True)

    _number_unique = models.Constraint(
        "UNIQUE(launch_id, number)", "A queue number is unique within its launch."
    )
    _lead_unique = models.Constraint(
        "UNIQUE(launch_id, lead_id)", "A buyer takes one number per launch."
    )

    @api.depends("number", "launch_id.name")
    def _compute_display_name(self):
        for queue in self:
            queue.display_name = self.env._(
                "No. %(number)s (%(launch)s)", number=queue.number, launch=queue.launch_id.name
            )

    @api.constrains("deposit_amount")
    def _check_deposit(self):
        for queue in self:
            if not math.isfinite(queue.deposit_amount) or queue.deposit_amount <= 0:
                raise ValidationError(self.env._("Intention Deposit: the amount must be positive."))

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        launch = self.env["crm.re.launch"].browse(values.get("launch_id"))
        if launch and "deposit_amount" in fields_list and not values.get("deposit_amount"):
            values["deposit_amount"] = launch.intention_deposit
        return values

    @api.model_create_multi
    def create(self, vals_list):
        """Number the places in order of arrival, per launch: the launch's
        row is locked while its next numbers are handed out."""
        by_launch = defaultdict(list)
        for vals in vals_list:
            check_finite(self, vals, ("deposit_amount",))
            if not self.env.su and FLOW_FIELDS.difference({"launch_id"}).intersection(vals):
                raise AccessError(self.env._("A queue number is assigned, not chosen."))
            if vals.get("deposit_paid_date") and not self._is_finance():
                raise AccessError(self.env._("Only finance records the receipt of a deposit."))
            by_launch[vals.get("launch_id")].append(vals)
        for launch_id, launch_vals in by_launch.items():
            launch = self.env["crm.re.launch"].browse(launch_id)
            launch.check_access("read")
            launch._lock()
            if launch.state != "draft":
                raise UserError(
                    self.env._(
                        "Launch %(name)s no longer takes numbers: it is open or closed.",
                        name=launch.name,
                    )
                )
            self.env.cr.execute(
                SQL(
                    "SELECT COALESCE(MAX(number), 0) FROM crm_re_queue_number WHERE launch_id = %s",
                    launch.id,
                )
            )
            last = self.env.cr.fetchone()[0]
            for offset, vals in enumerate(launch_vals, start=1):
                vals["number"] = last + offset
                vals.setdefault("deposit_amount", launch.intention_deposit)
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, vals, ("deposit_amount",))
        if not self.env.su and FLOW_FIELDS.intersection(vals):
            raise AccessError(
                self.env._("A queue number changes only by picking, skipping or refunding.")
            )
        if "deposit_paid_date" in vals and not self._is_finance():
            raise AccessError(self.env._("Only finance records the receipt of a deposit."))
        if "lead_id" in vals and not self.env.su:
            raise UserError(self.env._("Refund the number and take a new one to change buyer."))
        if "deposit_amount" in vals and not self._is_finance():
            received = self.filtered(lambda q: q.deposit_paid_date or q.state != "waiting")
            if received:
                raise AccessError(
                    self.env._(
                        "Intention Deposit: number %(number)s was paid or used; only finance "
                        "may change its amount.",
                        number=received[0].number,
                    )
                )
        return super().write(vals)

    def _is_finance(self):
        return self.env.su or self.env.user.has_group(FINANCE_GROUP)

    # ------------------------------------------------------------
    # LAUNCH DAY
    # ------------------------------------------------------------

    def _lock(self):
        """Lock the number's row or refuse at once: one pick per number."""
        self.ensure_one()
        self._crm_lock_rows(
            self.env._("Number %(number)s is picking right now.", number=self.number)
        )

    def _check_turn(self):
        """Refuse while a lower number of the launch is still waiting."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """SELECT number FROM crm_re_queue_number
                    WHERE launch_id = %s AND number < %s AND state = 'waiting'
                 ORDER BY number LIMIT 1""",
                self.launch_id.id,
                self.number,
            )
        )
        row = self.env.cr.fetchone()
        if row:
            raise UserError(
                self.env._(
                    "Number %(number)s: it is not their turn, number %(lower)s is still "
                    "waiting to pick (or must be skipped first).",
                    number=self.number,
                    lower=row[0],
                )
            )

    def action_pick(self, unit):
        """The buyer of this number picks ``unit`` (a record or an id): the
        unit is reserved for them, or the pick is refused with the reason."""
        self.ensure_one()
        unit = self.env["crm.re.unit"].browse(getattr(unit, "id", unit))
        self.check_access("write")
        self._lock()
        launch = self.launch_id.sudo()
        if launch.state != "open":
            raise UserError(
                self.env._("Launch %(name)s is not picking units now.", name=launch.name)
            )
        if self.state != "waiting":
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Number %(number)s cannot pick: it is %(state)s.",
                    number=self.number,
                    state=labels[self.state].lower(),
                )
            )
        if unit.building_id not in launch._get_buildings():
            raise UserError(
                self.env._(
                    "Unit %(unit)s is not on sale at launch %(name)s.",
                    unit=unit.code,
                    name=launch.name,
                )
            )
        if launch.enforce_order:
            self._check_turn()
        # the reservation locks the unit's row and refuses a taken unit
        reservation = self.env["crm.re.reservation"].create(
            {
                "unit_id": unit.id,
                "lead_id": self.lead_id.id,
                "deposit_amount": min(self.deposit_amount, unit.list_price),
            }
        )
        if self.deposit_paid_date:
            reservation.sudo().deposit_paid_date = self.deposit_paid_date
        self.sudo().write(
            {
                "state": "picked",
                "unit_id": unit.id,
                "reservation_id": reservation.id,
                "pick_date": fields.Datetime.now(),
            }
        )
        return reservation

    def action_skip(self):
        """The buyer did not come when called: the next numbers may pick."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager may skip a queue number."))
        for queue in self:
            if queue.state != "waiting":
                raise UserError(
                    self.env._("Number %(number)s is not waiting.", number=queue.number)
                )
        self.sudo().write({"state": "skipped"})
        return True

    def action_refund(self):
        """The buyer withdraws: their intention deposit is refunded."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager may refund a queue number."))
        for queue in self:
            if queue.state not in ("waiting", "skipped"):
                raise UserError(
                    self.env._(
                        "Number %(number)s picked a unit or was refunded already.",
                        number=queue.number,
                    )
                )
        self._refund(self.env._("Withdrawn by the buyer"))
        return True

    def _refund(self, reason):
        self.sudo().write(
            {"state": "refunded", "refund_date": fields.Datetime.now(), "refund_reason": reason}
        )

    def action_open_pick(self):
        """Open the pick wizard of this number."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pick a Unit"),
            "res_model": "crm.re.queue.pick",
            "view_mode": "form",
            "target": "new",
            "context": {"default_queue_number_id": self.id},
        }

    _crm_privacy_partner_field = "partner_id"
