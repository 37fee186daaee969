# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_re_unit import check_finite

FINANCE_GROUP = "crm_custom_core.group_crm_finance"
MANAGER_GROUP = "sales_team.group_sale_manager"
# Written by the flow (create, subscribe, contract, release, expiry,
# discount approval) only, never by a plain write from a user.
FLOW_FIELDS = {
    "name",
    "state",
    "subscription_date",
    "contract_date",
    "release_reason",
    "expiry_date",
    "list_price",
    "discount_approval_id",
}
# The terms agreed with the buyer: frozen once the reservation left the
# "reserved" state (subscribed, contracted, released or expired).
TERM_FIELDS = {"price", "deposit_amount"}
# The legal moves of the state; anything else is refused, even to the flow.
TRANSITIONS = {
    "active": {"subscribed", "released", "expired"},
    "subscribed": {"contracted", "released"},
    "contracted": set(),
    "released": set(),
    "expired": set(),
}


class CrmReReservation(models.Model):
    """A reservation with deposit (认筹/定金) of a unit for a buyer, converted
    to a subscription (认购) then a purchase contract (签约), or released.
    Creating one locks the unit: of two consultants reserving the same unit
    at the same moment exactly one succeeds, and the unit is reserved with
    its reservation or not at all."""

    _name = "crm.re.reservation"
    _description = "Unit Reservation"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    unit_id = fields.Many2one("crm.re.unit", required=True, index=True, ondelete="restrict")
    project_id = fields.Many2one(related="unit_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="unit_id.company_id", store=True)
    currency_id = fields.Many2one(related="unit_id.currency_id")
    lead_id = fields.Many2one(
        "crm.lead", string="Buyer Opportunity", required=True, index=True, ondelete="cascade"
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
    price = fields.Monetary(string="Agreed Price", required=True, tracking=True)
    list_price = fields.Monetary(
        string="List Price",
        readonly=True,
        help="The unit's list price when it was reserved: the discount is measured on it.",
    )
    discount_percent = fields.Float(
        string="Discount (%)", compute="_compute_discount", store=True, digits=(5, 2)
    )
    discount_limit = fields.Float(
        string="Consultant's Limit (%)",
        compute="_compute_discount_limit",
        help="Discount the consultant may agree without approval: their own limit, or the "
        "company's.",
    )
    discount_approval_id = fields.Many2one(
        "crm.approval.request",
        string="Discount Approval",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    discount_approval_state = fields.Selection(
        related="discount_approval_id.state", string="Approval Status"
    )
    deposit_amount = fields.Monetary(required=True, tracking=True)
    deposit_paid_date = fields.Date(
        string="Deposit Received On", tracking=True, help="Set by finance on receipt."
    )
    expiry_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [
            ("active", "Reserved"),
            ("subscribed", "Subscribed"),
            ("contracted", "Contract Signed"),
            ("released", "Released"),
            ("expired", "Expired"),
        ],
        default="active",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    subscription_date = fields.Date(readonly=True, copy=False)
    contract_date = fields.Date(readonly=True, copy=False)
    release_reason = fields.Char(readonly=True, copy=False)

    # The expiry job reads only live reservations by date.
    _expiry_idx = models.Index("(expiry_date) WHERE state = 'active'")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        unit = self.env["crm.re.unit"].browse(values.get("unit_id"))
        if unit:
            values.update({k: v for k, v in self._unit_defaults(unit).items() if k not in values})
        return values

    @api.depends("price", "list_price")
    def _compute_discount(self):
        for reservation in self:
            list_price = reservation.list_price
            reservation.discount_percent = (
                round((list_price - reservation.price) * 100.0 / list_price, 2)
                if list_price and reservation.price < list_price
                else 0.0
            )

    @api.depends("user_id.re_discount_limit", "company_id.re_discount_limit")
    def _compute_discount_limit(self):
        for reservation in self:
            company = reservation.company_id or self.env.company
            reservation.discount_limit = (
                reservation.user_id.re_discount_limit or company.re_discount_limit
            )

    def _discount_missing(self):
        """The reservations whose discount exceeds the consultant's limit and
        has no approval covering it (one query for all)."""
        over = self.filtered(lambda r: r.discount_percent > r.discount_limit)
        if not over:
            return over
        approved = {}
        for request in (
            self.env["crm.approval.request"]
            .sudo()
            .search_fetch(
                [
                    ("lead_id", "in", over.lead_id.ids),
                    ("kind", "=", "discount"),
                    ("state", "=", "approved"),
                ],
                ["lead_id", "discount_percent"],
            )
        ):
            lead_id = request.lead_id.id
            approved[lead_id] = max(approved.get(lead_id, -1.0), request.discount_percent)
        return over.filtered(lambda r: approved.get(r.lead_id.id, -1.0) < r.discount_percent)

    def _check_discount(self):
        missing = self._discount_missing()
        if missing:
            raise UserError(
                "\n".join(
                    self.env._(
                        "Agreed Price: the discount of %(discount)s%% on the list price of "
                        "%(name)s exceeds the consultant's limit of %(limit)s%%. Request a "
                        "discount approval and wait for it before confirming.",
                        discount=reservation.discount_percent,
                        name=reservation.name,
                        limit=reservation.discount_limit,
                    )
                    for reservation in missing
                )
            )

    def action_request_discount_approval(self):
        """Ask for the approval of the reservation's discount (core approvals)."""
        self.ensure_one()
        if not self._discount_missing():
            raise UserError(self.env._("%(name)s needs no discount approval.", name=self.name))
        request = self.env["crm.approval.request"]._request(
            self.lead_id,
            "discount",
            reason=self.env._(
                "Reservation %(name)s of unit %(unit)s: agreed price %(price)s, list price "
                "%(list)s",
                name=self.name,
                unit=self.unit_id.code,
                price=self.currency_id.format(self.price),
                list=self.currency_id.format(self.list_price),
            ),
            discount_percent=self.discount_percent,
        )
        self.sudo().discount_approval_id = request
        return self.lead_id._action_view_approvals(request)

    def _unit_defaults(self, unit):
        """Agreed price and expiry a reservation of ``unit`` starts with."""
        return {
            "price": unit.list_price,
            "expiry_date": fields.Date.context_today(self)
            + timedelta(days=unit.project_id.reservation_days or 7),
        }

    @api.constrains("deposit_amount", "price")
    def _check_amounts(self):
        for reservation in self:
            if not (math.isfinite(reservation.deposit_amount) and math.isfinite(reservation.price)):
                raise ValidationError(
                    self.env._("Agreed Price and Deposit: the amounts must be finite numbers.")
                )
            if reservation.deposit_amount <= 0:
                raise ValidationError(self.env._("Deposit: the amount must be positive."))
            if reservation.price <= 0 or reservation.deposit_amount > reservation.price:
                raise ValidationError(self.env._("Deposit: it cannot exceed the agreed price."))

    @api.model_create_multi
    def create(self, vals_list):
        Unit = self.env["crm.re.unit"]
        for vals in vals_list:
            if vals.get("deposit_paid_date") and not self._is_finance():
                raise AccessError(self.env._("Only finance records the receipt of a deposit."))
            check_finite(self, vals, ("price", "deposit_amount"))
            # the expiry is checked against the term below; the list price is the unit's
            names = set(vals) - {"expiry_date", "list_price"}
            if vals.get("name", "/") == "/":
                names.discard("name")
            self._check_flow_fields(names)
            if vals.get("user_id", self.env.uid) != self.env.uid:
                self._check_reassign()
            unit = Unit.browse(vals.get("unit_id"))
            unit.check_access("read")
            unit._lock()
            unit._check_available_for(self.env.user)
            for key, value in self._unit_defaults(unit).items():
                vals.setdefault(key, value)
            self._check_expiry_term(unit, vals["expiry_date"])
            vals["list_price"] = unit.list_price
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.re.reservation") or "/"
        reservations = super().create(vals_list)
        for reservation in reservations:
            reservation.unit_id.sudo().write(
                {
                    "state": "reserved",
                    "reservation_id": reservation.id,
                    "hold_user_id": False,
                    "hold_lead_id": False,
                    "hold_expiry": False,
                }
            )
        return reservations

    def write(self, vals):
        if "deposit_paid_date" in vals and not self._is_finance():
            raise AccessError(self.env._("Only finance records the receipt of a deposit."))
        if "list_price" in vals and not self.env.su:
            raise AccessError(self.env._("The list price of a reservation is the unit's."))
        if {"unit_id", "lead_id"} & set(vals) and not self.env.su:
            raise UserError(
                self.env._("Release the reservation and make a new one to change unit or buyer.")
            )
        check_finite(self, vals, ("price", "deposit_amount"))
        self._check_flow_fields(set(vals))
        if "user_id" in vals:
            self._check_reassign()
        if not self.env.su:
            terms = TERM_FIELDS & set(vals)
            settled = self.filtered(lambda r: r.state != "active")
            if terms and settled:
                raise UserError(
                    self.env._(
                        "%(fields)s: reservation %(name)s is no longer reserved only, its "
                        "terms cannot change.",
                        fields=self._crm_field_labels(terms),
                        name=settled[0].name,
                    )
                )
            if "deposit_amount" in vals and not self._is_finance():
                received = self.filtered("deposit_paid_date")
                if received:
                    raise AccessError(
                        self.env._(
                            "Deposit: the deposit of %(name)s was received; only finance may "
                            "change its amount.",
                            name=received[0].name,
                        )
                    )
        if "state" in vals:
            self._check_transition(vals["state"])
        return super().write(vals)

    def _check_reassign(self):
        """The consultant's discount limit applies to the reservation: only a
        sales manager gives it to another consultant."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Consultant: only a sales manager assigns a reservation to another.")
            )

    def _check_flow_fields(self, names):
        """Refuse a user's direct write of the fields the flow sets."""
        forced = FLOW_FIELDS & names
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by the reservation's flow (reserve, subscribe, sign the "
                    "contract, release), not written directly.",
                    fields=self._crm_field_labels(forced),
                )
            )

    def _check_transition(self, state):
        labels = dict(self._fields["state"]._description_selection(self.env))
        if state not in labels:
            raise ValidationError(
                self.env._("State: %(state)s is not a state.", state=repr(state)[:40])
            )
        for reservation in self:
            if reservation.state != state and state not in TRANSITIONS[reservation.state]:
                raise UserError(
                    self.env._(
                        "State: reservation %(name)s cannot go from %(from)s to %(to)s.",
                        name=reservation.name,
                        **{"from": labels[reservation.state], "to": labels[state]},
                    )
                )

    def _check_expiry_term(self, unit, expiry):
        """The expiry of a new reservation falls within the project's term."""
        try:
            expiry = fields.Date.to_date(expiry)
        except (TypeError, ValueError):
            expiry = None
        today = fields.Date.context_today(self)
        days = unit.project_id.reservation_days or 7
        if not expiry or expiry < today or expiry > today + timedelta(days=days):
            raise ValidationError(
                self.env._(
                    "Expiry Date: a reservation of %(unit)s expires within the project's term of "
                    "%(days)s days, between %(today)s and %(last)s.",
                    unit=unit.code,
                    days=days,
                    today=today,
                    last=today + timedelta(days=days),
                )
            )

    def _is_finance(self):
        return self.env.su or self.env.user.has_group(FINANCE_GROUP)

    # ------------------------------------------------------------
    # FLOW
    # ------------------------------------------------------------

    def _check_state(self, allowed, action):
        for reservation in self:
            if reservation.state not in allowed:
                raise UserError(
                    self.env._(
                        "Reservation %(name)s cannot be %(action)s in its state.",
                        name=reservation.name,
                        action=action,
                    )
                )

    def action_subscribe(self):
        self._check_state(("active",), self.env._("subscribed"))
        self._check_discount()
        for reservation in self:
            if not reservation.deposit_paid_date:
                raise UserError(
                    self.env._(
                        "Deposit Received On: the deposit of %(name)s must be received before "
                        "the subscription.",
                        name=reservation.name,
                    )
                )
        # the state and its date are the flow's: written as superuser once
        # the user's right to change these reservations is checked
        self.check_access("write")
        self.sudo().write(
            {"state": "subscribed", "subscription_date": fields.Date.context_today(self)}
        )
        for reservation in self:
            if reservation.unit_id.reservation_id == reservation:
                reservation.unit_id.sudo().write({"state": "subscribed"})
        return True

    def action_contract(self):
        self._check_state(("subscribed",), self.env._("contracted"))
        self._check_discount()
        self.check_access("write")
        self.sudo().write({"state": "contracted", "contract_date": fields.Date.context_today(self)})
        for reservation in self:
            reservation.unit_id.sudo().write({"state": "sold"})
            reservation.lead_id._re_on_contract(reservation)
        return True

    def action_release(self, reason=None):
        if reason is not None and (not isinstance(reason, str) or len(reason) > 500):
            raise ValidationError(
                self.env._("Release Reason: give a text of at most 500 characters.")
            )
        self._check_state(("active", "subscribed"), self.env._("released"))
        for reservation in self:
            if reservation.user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(
                    self.env._(
                        "Only the consultant of %(name)s or a sales manager may release it.",
                        name=reservation.name,
                    )
                )
        self._release("released", reason or self.env._("Released by the consultant"))
        return True

    def _release(self, state, reason):
        for reservation in self:
            reservation.unit_id._lock()
            if reservation.unit_id.reservation_id == reservation:
                reservation.unit_id.sudo()._set_available()
        self.sudo().write({"state": state, "release_reason": reason})

    @api.model
    def _cron_expire(self, today=None):
        """Release the units of lapsed reservations and tell the consultant;
        reads only live reservations past their date, by index."""
        today = today or fields.Date.context_today(self)
        lapsed = self.sudo().search([("state", "=", "active"), ("expiry_date", "<", today)])
        for reservation in lapsed:
            # kept on the reservation, read by the team: in the company's language
            reservation._release("expired", reservation._crm_for(None).env._("Reservation lapsed"))
        todo = self.env.ref("mail.mail_activity_data_todo")
        for reservation in lapsed:
            # the to-do in the consultant's language
            reservation.activity_schedule(
                activity_type_id=todo.id,
                user_id=reservation.user_id.id,
                summary=reservation._crm_for(reservation.user_id).env._(
                    "Reservation %(name)s lapsed: unit %(unit)s is on sale again",
                    name=reservation.name,
                    unit=reservation.unit_id.code,
                ),
            )
        return lapsed

    # ------------------------------------------------------------
    # PRIVACY HOOKS (crm_custom_core governance)
    # ------------------------------------------------------------

    _crm_privacy_partner_field = "partner_id"
