# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# What the request asks and its outcome: set at creation, then only by the flow.
PROTECTED_FIELDS = {
    "state",
    "date_decided",
    "kind",
    "lead_id",
    "requested_by_id",
    "pool_id",
    "discount_percent",
    "amount",
}


class CrmApprovalRequest(models.Model):
    """A request for approval (审批) of something a salesperson may not do
    alone: a discount over the threshold, a contract over the amount, a claim
    from the customer pool beyond the limit. The approver levels are OCA
    ``tier.definition`` records on this model; this model only says what is
    asked and applies the answer."""

    _name = "crm.approval.request"
    _description = "CRM Approval Request"
    _inherit = ["tier.validation", "mail.thread"]
    _order = "id desc"

    _state_field = "state"
    _state_from = ["draft", "pending"]
    _state_to = ["approved"]
    _cancel_state = "cancel"
    _tier_validation_manual_config = False

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        [
            ("discount", "Discount"),
            ("contract", "Contract Amount"),
            ("pool_claim", "Pool Claim Beyond Limit"),
        ],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("pending", "Waiting Approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, index=True, ondelete="cascade"
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested By",
        default=lambda self: self.env.user,
        required=True,
        readonly=True,
        index=True,
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    team_leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        compute="_compute_team_leader_id",
        store=True,
        help="First-level approver: the leader of the opportunity's sales team.",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    # Stored, from the company: grouping with amounts in a pivot or a list
    # aggregates per currency in SQL, which a currency related to the lead's
    # computed company_currency cannot give (invalid FROM-clause reference).
    currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_currency_id", store=True
    )
    pool_id = fields.Many2one("crm.pool", readonly=True)
    discount_percent = fields.Float(string="Discount (%)", readonly=True)
    amount = fields.Monetary(currency_field="currency_id", readonly=True)
    reason = fields.Text(help="Why the salesperson asks for it.")
    date_decided = fields.Datetime(readonly=True, copy=False)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = record.company_id.currency_id or self.env.company.currency_id

    @api.depends("team_id.user_id")
    def _compute_team_leader_id(self):
        for request in self:
            request.team_leader_id = request.team_id.user_id

    @api.depends("kind", "lead_id.name")
    def _compute_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for request in self:
            request.name = f"{labels.get(request.kind, '')}: {request.lead_id.name or ''}"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if (
                    vals.get("state", "draft") != "draft"
                    or vals.get("requested_by_id", self.env.uid) != self.env.uid
                ):
                    raise AccessError(self.env._("An approval request starts as your own draft."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and PROTECTED_FIELDS.intersection(vals):
            raise AccessError(
                self.env._(
                    "%(fields)s of an approval request change only through its approval flow.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(PROTECTED_FIELDS.intersection(vals))
                    ),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # FLOW
    # ------------------------------------------------------------

    @api.model
    def _request(self, lead, kind, reason=False, **values):
        """Create and submit a request for ``lead``; reuse the open one of the
        same kind rather than asking twice."""
        existing = self.search(
            [
                ("lead_id", "=", lead.id),
                ("kind", "=", kind),
                ("requested_by_id", "=", self.env.uid),
                ("state", "in", ("draft", "pending")),
            ],
            limit=1,
        )
        if existing:
            return existing
        request = self.create({"lead_id": lead.id, "kind": kind, "reason": reason, **values})
        request.action_submit()
        return request

    def action_submit(self):
        for request in self:
            if request.state != "draft":
                raise UserError(
                    self.env._("Request %(name)s is not a draft.", name=request.display_name)
                )
            if request.requested_by_id != self.env.user:
                raise AccessError(
                    self.env._("Only the requester may submit %(name)s.", name=request.display_name)
                )
            request.sudo().state = "pending"
            if request.review_ids:
                continue  # validation already requested from the draft
            if request.need_validation:
                request.request_validation()
            else:
                # No approver level applies to it: nothing to wait for.
                request._apply_approval()
        return True

    def action_cancel(self):
        for request in self:
            if request.requested_by_id != self.env.user and not self.env.user.has_group(
                "sales_team.group_sale_salesman_all_leads"
            ):
                raise AccessError(
                    self.env._(
                        "Only the requester or a team leader may cancel %(name)s.",
                        name=request.display_name,
                    )
                )
        self.filtered(lambda r: r.state in ("draft", "pending")).sudo().with_context(
            skip_validation_check=True
        ).write({"state": "cancel"})
        return True

    def _validate_tier(self, tiers=False):
        res = super()._validate_tier(tiers)
        # need_validation has no dependencies: drop what was cached before
        # the reviews existed.
        self.invalidate_recordset(["need_validation", "validation_status"])
        if self.state == "pending" and self.validation_status == "validated":
            self._apply_approval()
        return res

    def _rejected_tier(self, tiers=False):
        res = super()._rejected_tier(tiers)
        if self.state == "pending":
            self.sudo().with_context(skip_validation_check=True).write(
                {"state": "rejected", "date_decided": fields.Datetime.now()}
            )
            self._notify_requester(
                self.env._("Your request %(name)s was rejected.", name=self.display_name)
            )
        return res

    def _apply_approval(self):
        """Mark approved and carry out what was asked (the pool claim)."""
        self.invalidate_recordset(["need_validation", "validation_status"])
        for request in self:
            request.sudo().write({"state": "approved", "date_decided": fields.Datetime.now()})
            if request.kind == "pool_claim":
                request.lead_id.with_user(request.requested_by_id).with_context(
                    crm_pool_claim_approved=True
                ).action_pool_claim()
            request._notify_requester(
                self.env._("Your request %(name)s was approved.", name=request.display_name)
            )

    def _notify_requester(self, body):
        for request in self:
            request.sudo().message_post(
                body=body,
                partner_ids=request.requested_by_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_open_lead(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
        }
