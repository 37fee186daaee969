# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

FINANCE_GROUP = "crm_custom_core.group_crm_finance"
MANAGER_GROUP = "sales_team.group_sale_manager"


class CrmReReservation(models.Model):
    """A reservation with deposit (认筹/定金) of a unit for a buyer, converted
    to a subscription (认购) then a purchase contract (签约), or released.
    Creating one locks the unit: of two consultants reserving the same unit
    at the same moment exactly one succeeds, and the unit is reserved with
    its reservation or not at all."""

    _name = "crm.re.reservation"
    _description = "Unit Reservation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    )
    subscription_date = fields.Date(readonly=True)
    contract_date = fields.Date(readonly=True)
    release_reason = fields.Char(readonly=True)

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
            unit = Unit.browse(vals.get("unit_id"))
            unit.check_access("read")
            unit._lock()
            unit._check_available_for(self.env.user)
            for key, value in self._unit_defaults(unit).items():
                vals.setdefault(key, value)
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
        return super().write(vals)

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
        self.write({"state": "subscribed", "subscription_date": fields.Date.context_today(self)})
        for reservation in self:
            if reservation.unit_id.reservation_id == reservation:
                reservation.unit_id.sudo().write({"state": "subscribed"})
        return True

    def action_contract(self):
        self._check_state(("subscribed",), self.env._("contracted"))
        self._check_discount()
        self.write({"state": "contracted", "contract_date": fields.Date.context_today(self)})
        for reservation in self:
            reservation.unit_id.sudo().write({"state": "sold"})
            reservation.lead_id._re_on_contract(reservation)
        return True

    def action_release(self, reason=None):
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
        lapsed._release("expired", self.env._("Reservation lapsed"))
        todo = self.env.ref("mail.mail_activity_data_todo")
        for reservation in lapsed:
            reservation.activity_schedule(
                activity_type_id=todo.id,
                user_id=reservation.user_id.id,
                summary=self.env._(
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
