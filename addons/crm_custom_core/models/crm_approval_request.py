# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .tier_review import TIER_FLOW, TIER_FLOW_KEY

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
    _inherit = ["tier.validation", "mail.thread", "crm.input.guard.mixin"]
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
        ondelete="restrict",
    )
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    team_leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        compute="_compute_team_leader_id",
        store=True,
        help="First-level approver: the leader of the opportunity's sales team.",
        ondelete="set null",
    )
    company_id = fields.Many2one(related="lead_id.company_id", store=True)
    # Stored, from the company: grouping with amounts in a pivot or a list
    # aggregates per currency in SQL, which a currency related to the lead's
    # computed company_currency cannot give (invalid FROM-clause reference).
    currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_currency_id", store=True
    )
    pool_id = fields.Many2one("crm.pool", readonly=True, ondelete="set null")
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
                    fields=self._crm_field_labels(PROTECTED_FIELDS.intersection(vals)),
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

    # ------------------------------------------------------------
    # WHO ACTS ON THE REVIEWS
    # ------------------------------------------------------------

    def _tier_flow(self):
        return self.with_context(**{TIER_FLOW_KEY: TIER_FLOW})

    def _check_reviewer(self):
        """Approving and rejecting are for the reviewers of a pending level."""
        if self.env.su:
            return
        for request in self:
            pending = request.review_ids.filtered(lambda r: r.status == "pending")
            if self.env.user not in pending.reviewer_ids:
                raise AccessError(
                    self.env._(
                        "Only the reviewers of %(name)s may approve or reject it.",
                        name=request.display_name,
                    )
                )

    def request_validation(self):
        requested = super(CrmApprovalRequest, self._tier_flow()).request_validation()
        # A level's reviewers are stored when it is created; one read from a
        # field of the request (the team leader) may have been computed before
        # that field was: compute them again for the levels found empty.
        # Who may review is the system's question, whoever asks for it.
        reviews = requested.sudo()
        empty = reviews.filtered(lambda review: not review.reviewer_ids)
        if empty:
            self.env.add_to_compute(empty._fields["reviewer_ids"], empty)
            empty.flush_recordset(["reviewer_ids"])
        for review in reviews:
            if not review.reviewer_ids:
                request = self.browse(review.res_id)
                hint = (
                    self.env._(
                        "set a team leader on sales team \u201c%(team)s\u201d",
                        team=request.team_id.name,
                    )
                    if review.definition_id.review_type == "field"
                    else self.env._("give someone the reviewers' group or user")
                )
                raise UserError(
                    self.env._(
                        "Nobody can approve level \u201c%(level)s\u201d of %(name)s: "
                        "%(hint)s (Settings > Technical > Tier Validations).",
                        level=review.name,
                        name=request.display_name,
                        hint=hint,
                    )
                )
        return requested

    def restart_validation(self):
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(
                self.env._("Only sales managers may restart the validation of a request.")
            )
        return super(CrmApprovalRequest, self._tier_flow()).restart_validation()

    def _rejected_tier(self, tiers=False):
        self._check_reviewer()
        flow = self._tier_flow()
        res = super(CrmApprovalRequest, flow)._rejected_tier(tiers and tiers.with_env(flow.env))
        if self.state == "pending" and "rejected" in self.review_ids.mapped("status"):
            self.sudo().with_context(skip_validation_check=True).write(
                {"state": "rejected", "date_decided": fields.Datetime.now()}
            )
            self._notify_requester(
                self._crm_for(self.requested_by_id).env._(
                    "Your request %(name)s was rejected.", name=self.display_name
                )
            )
        return res

    def _validate_tier(self, tiers=False):
        self._check_reviewer()
        flow = self._tier_flow()
        res = super(CrmApprovalRequest, flow)._validate_tier(tiers and tiers.with_env(flow.env))
        # need_validation has no dependencies: drop what was cached before
        # the reviews existed.
        self.invalidate_recordset(["need_validation", "validation_status"])
        if self.state == "pending" and self.validation_status == "validated":
            self._apply_approval()
        return res

    def _apply_approval(self):
        """Mark approved and carry out what was asked (the pool claim)."""
        self.invalidate_recordset(["need_validation", "validation_status"])
        for request in self:
            request.sudo().write({"state": "approved", "date_decided": fields.Datetime.now()})
            if request.kind == "pool_claim":
                request.lead_id.with_user(request.requested_by_id)._pool_claim(
                    request.requested_by_id, approved=True
                )
            request._notify_requester(
                request._crm_for(request.requested_by_id).env._(
                    "Your request %(name)s was approved.", name=request.display_name
                )
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
