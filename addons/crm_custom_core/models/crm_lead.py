# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import datetime, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

PROCESS_MANAGER_GROUP = "crm_custom_core.group_crm_process_manager"
# Fields the controls (time standards, escalation, pool, privacy) depend on:
# computed or written by the server only, never by a caller.
SERVER_FIELDS = frozenset(
    {
        "date_last_stage_update",
        "stage_deadline",
        "stage_escalated",
        "date_last_followup",
        "date_first_action",
        "response_hours",
        "privacy_anonymized",
        "pool_id",
        "in_pool",
        "pool_claim_user_id",
        "pool_claim_date",
        "pool_due_date",
        "pool_return_reason",
    }
)
# Fields whose change on a won opportunity is checked against its approvals.
APPROVAL_FIELDS = frozenset({"discount_percent", "expected_revenue"})
# Context key of a forced move: its value is (FORCED, reason), and FORCED is an
# object no JSON-RPC caller can send. Only _crm_force_stage sets it.
FORCED_MOVE = "crm_forced_move"
FORCED = object()


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.personal.data.mixin", "crm.input.guard.mixin"]

    _crm_privacy_subject = True

    stage_deadline = fields.Datetime(
        string="Stage Due",
        compute="_compute_stage_deadline",
        store=True,
        readonly=True,
        copy=False,
        help="When the time standard of the current stage runs out.",
    )
    stage_escalated = fields.Boolean(
        string="Escalated",
        compute="_compute_stage_escalated",
        store=True,
        readonly=False,
        copy=False,
        help="Set once the lead was escalated for overstaying its current stage.",
    )
    time_standard_state = fields.Selection(
        [("on_track", "On Track"), ("at_risk", "At Risk"), ("overdue", "Overdue")],
        string="Time Standard",
        compute="_compute_time_standard_state",
        search="_search_time_standard_state",
    )
    custom_requirement = fields.Boolean(
        string="Custom Requirement",
        tracking=True,
        help="The customer asks for something outside the standard offer: "
        "the product team is asked for a feasibility review.",
    )
    crm_edition = fields.Selection(related="team_id.crm_edition", string="Edition")
    date_first_action = fields.Datetime(
        string="First Action Done",
        copy=False,
        readonly=True,
        help="When the first activity on the lead was marked done.",
    )
    response_hours = fields.Float(
        string="Response Time (hours)",
        compute="_compute_response_hours",
        store=True,
        aggregator="avg",
        help="Hours from the lead's creation to its first activity done.",
    )
    stage_history_ids = fields.One2many(
        "crm.lead.stage.history",
        "lead_id",
        string="Stage History",
    )
    stage_history_count = fields.Integer(compute="_compute_stage_history_count")

    # Customer pool (公海)
    pool_id = fields.Many2one(
        "crm.pool",
        string="Customer Pool",
        compute="_compute_pool_id",
        store=True,
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    in_pool = fields.Boolean(string="In Pool", copy=False, index=True, readonly=True)
    date_last_followup = fields.Datetime(
        string="Last Follow-up",
        copy=False,
        readonly=True,
        help="Last activity done or message logged on the lead.",
    )
    pool_claim_user_id = fields.Many2one(
        "res.users",
        string="Claimed By",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    pool_claim_date = fields.Datetime(string="Claimed On", copy=False, readonly=True)
    pool_due_date = fields.Datetime(
        string="Returns to Pool",
        compute="_compute_pool_due_date",
        store=True,
        copy=False,
        help="When the lead returns to the pool unless it is followed up or won.",
    )
    pool_return_reason = fields.Char(string="Pool Return Reason", copy=False, readonly=True)
    pool_history_ids = fields.One2many("crm.pool.history", "lead_id", string="Pool History")

    id_number = fields.Char(
        string="ID Number",
        copy=False,
        help="Identity document number of the contact (personal data).",
    )
    privacy_anonymized = fields.Boolean(string="Anonymized", readonly=True, copy=False)

    # Receivable plan (回款计划) and approvals (审批)
    receivable_line_ids = fields.One2many(
        "crm.receivable.line", "lead_id", string="Receivable Plan"
    )
    receipt_ids = fields.One2many("crm.receivable.receipt", "lead_id", string="Receipts")
    amount_planned = fields.Monetary(
        compute="_compute_receivable_amounts", currency_field="company_currency"
    )
    amount_received = fields.Monetary(
        compute="_compute_receivable_amounts", currency_field="company_currency"
    )
    discount_percent = fields.Float(
        string="Discount (%)",
        tracking=True,
        help="Discount granted on the list price; beyond the company's threshold it needs "
        "an approval before the opportunity is won.",
    )
    approval_ids = fields.One2many("crm.approval.request", "lead_id", string="Approvals")
    approval_count = fields.Integer(compute="_compute_approval_count")
    approval_needed = fields.Char(
        compute="_compute_approval_needed",
        help="What must be approved before the opportunity can be won.",
    )

    # The pool job reads only leads due to return.
    _pool_due_idx = models.Index("(pool_due_date) WHERE pool_due_date IS NOT NULL")

    # The escalation job reads only due, not yet escalated leads.
    _stage_deadline_due_idx = models.Index(
        "(stage_deadline) WHERE stage_escalated IS NOT TRUE "
        "AND stage_deadline IS NOT NULL AND active IS TRUE"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("stage_id", "date_last_stage_update", "team_id")
    def _compute_stage_deadline(self):
        # Leads moved together share their start: plan each group once.
        groups = defaultdict(list)
        for lead in self:
            tstage = lead.stage_id.process_stage_id
            start = lead.date_last_stage_update
            if not tstage or not tstage.time_standard_hours or not start or lead.stage_id.is_won:
                lead.stage_deadline = False
                continue
            calendar = tstage.use_working_calendar and lead.team_id._get_working_calendar()
            key = (tstage, calendar or None, start)
            groups[key].append(lead.id)
        for (tstage, calendar, start), lead_ids in groups.items():
            if calendar:
                deadline = calendar.plan_hours(
                    tstage.time_standard_hours, start, compute_leaves=True
                )
            else:
                deadline = start + timedelta(hours=tstage.time_standard_hours)
            self.browse(lead_ids).stage_deadline = deadline or False

    @api.depends("stage_id")
    def _compute_stage_escalated(self):
        self.stage_escalated = False

    @api.depends_context("crm_now")
    @api.depends("stage_deadline", "date_last_stage_update", "stage_id")
    def _compute_time_standard_state(self):
        now = self._now()
        for lead in self:
            deadline = lead.stage_deadline
            if not deadline:
                lead.time_standard_state = False
            elif now > deadline:
                lead.time_standard_state = "overdue"
            elif now >= lead._at_risk_from():
                lead.time_standard_state = "at_risk"
            else:
                lead.time_standard_state = "on_track"

    def _search_time_standard_state(self, operator, value):
        if operator not in ("in", "="):
            return NotImplemented
        values = {value} if isinstance(value, str) else set(value)
        now = self._now()
        domains = []
        if "overdue" in values:
            domains.append(Domain("stage_deadline", "<", now))
        if values & {"on_track", "at_risk"}:
            # at risk once the remaining time drops under (100 - ratio)% of the
            # standard; approximated per stage through the standard in hours.
            stages = self.env["crm.process.template.stage"].search(
                [("time_standard_hours", ">", 0)]
            )
            for tstage in stages:
                margin = timedelta(
                    hours=tstage.time_standard_hours * (100 - tstage.at_risk_ratio) / 100
                )
                base = Domain("stage_id.process_stage_id", "=", tstage.id)
                if "at_risk" in values:
                    domains.append(
                        base
                        & Domain("stage_deadline", ">=", now)
                        & Domain("stage_deadline", "<=", now + margin)
                    )
                if "on_track" in values:
                    domains.append(base & Domain("stage_deadline", ">", now + margin))
        return Domain.OR(domains) if domains else Domain.FALSE

    @api.depends("team_id.pool_id")
    def _compute_pool_id(self):
        for lead in self:
            lead.pool_id = lead.team_id.pool_id or lead.pool_id

    @api.depends(
        "pool_id.days_no_followup",
        "pool_id.days_to_win",
        "in_pool",
        "user_id",
        "active",
        "won_status",
        "date_last_stage_update",
        "date_last_followup",
        "pool_claim_date",
    )
    def _compute_pool_due_date(self):
        for lead in self:
            pool = lead.pool_id
            if (
                not pool
                or lead.in_pool
                or not lead.user_id
                or not lead.active
                or (lead.won_status == "won")
            ):
                lead.pool_due_date = False
                continue
            starts = [
                d
                for d in (
                    lead.date_last_stage_update,
                    lead.date_last_followup,
                    lead.pool_claim_date,
                    lead.create_date,
                )
                if d
            ]
            due = [max(starts) + timedelta(days=pool.days_no_followup)] if starts else []
            if lead.pool_claim_date and pool.days_to_win:
                due.append(lead.pool_claim_date + timedelta(days=pool.days_to_win))
            lead.pool_due_date = min(due) if due else False

    @api.depends("create_date", "date_first_action")
    def _compute_response_hours(self):
        for lead in self:
            if lead.create_date and lead.date_first_action:
                delta = lead.date_first_action - lead.create_date
                lead.response_hours = max(delta.total_seconds(), 0) / 3600.0
            else:
                lead.response_hours = 0.0

    @api.depends("receivable_line_ids.amount", "receipt_ids.amount")
    def _compute_receivable_amounts(self):
        for lead in self:
            lead.amount_planned = sum(lead.receivable_line_ids.mapped("amount"))
            lead.amount_received = sum(lead.receipt_ids.mapped("amount"))

    def _compute_approval_count(self):
        self._crm_count("approval_count", "crm.approval.request", "lead_id")

    @api.depends("discount_percent", "expected_revenue", "approval_ids.state")
    def _compute_approval_needed(self):
        missing = self.filtered("id")._get_approval_missing()
        for lead in self:
            lead.approval_needed = "; ".join(text for _kind, text in missing.get(lead, []))

    def _compute_stage_history_count(self):
        self._crm_count("stage_history_count", "crm.lead.stage.history", "lead_id")

    @api.constrains("discount_percent", "expected_revenue")
    def _check_amounts(self):
        for lead in self:
            if not 0 <= lead.discount_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "\u201c%(lead)s\u201d: \u201cDiscount (%%)\u201d must be between 0 and "
                        "100, got %(value)s.",
                        lead=lead.name,
                        value=lead.discount_percent,
                    )
                )
            if lead.expected_revenue < 0:
                raise ValidationError(
                    self.env._(
                        "\u201c%(lead)s\u201d: \u201cExpected Revenue\u201d cannot be negative, "
                        "got %(value)s.",
                        lead=lead.name,
                        value=lead.expected_revenue,
                    )
                )

    def _now(self):
        # A datetime in the context (tests, reports "as of"): JSON-RPC cannot
        # send one, so a caller's string is ignored.
        now = self.env.context.get("crm_now")
        return now if isinstance(now, datetime) else fields.Datetime.now()

    def _at_risk_from(self):
        self.ensure_one()
        tstage = self.stage_id.process_stage_id
        total = self.stage_deadline - self.date_last_stage_update
        return self.date_last_stage_update + total * (tstage.at_risk_ratio / 100.0)

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_check_input(vals)
            self._check_server_fields(vals)
        creator = self
        forged = [
            key
            for key in self.env.context
            if key.startswith("default_") and key[8:] in SERVER_FIELDS
        ]
        if forged and not self.env.su:
            # Context defaults are the caller's values too: dropped.
            creator = self.with_context(**dict.fromkeys(forged, False))
        leads = super(CrmLead, creator).create(vals_list)
        staged = leads.filtered("stage_id")
        if not self.env.su:
            # A lead created (or copied, or quick-created in a column) past
            # gated stages must meet their criteria as if it had moved there.
            # The system itself (data files, server-side imports) may place it.
            for stage, group in staged.grouped("stage_id").items():
                group._check_stage_gates(stage, from_start=True)
        leads.filtered(lambda lead: lead.stage_id.is_won)._check_approvals()
        staged._on_stage_changed({})
        leads.filtered("custom_requirement")._dispatch_custom_requirement()
        return leads

    def write(self, vals):
        # Checked here, before the edition and stock overrides read the values.
        self._crm_check_input(vals)
        self._check_server_fields(vals)
        assigned = self._pool_assigned_by(vals)
        pool_teams = {lead.id: lead.team_id for lead in assigned}
        flagged = (
            self.filtered(lambda lead: not lead.custom_requirement)
            if vals.get("custom_requirement")
            else self.browse()
        )
        if "stage_id" in vals or "team_id" in vals:
            res = self._write_stage(vals)
        else:
            res = super().write(vals)
            if APPROVAL_FIELDS & set(vals):
                # Raising the discount or the amount of a won deal needs approval too.
                self.filtered(lambda lead: lead.stage_id.is_won)._check_approvals()
        if assigned:
            assigned._pool_take(self.env["res.users"].browse(vals["user_id"]), teams=pool_teams)
        if flagged:
            flagged._dispatch_custom_requirement()
        return res

    def _write_stage(self, vals):
        """``write`` of values that move leads: gates and approvals judge the
        leads as they will be, then the move is recorded and dispatched."""
        previous = {lead.id: lead.stage_id for lead in self}
        forced = self.env.context.get(FORCED_MOVE)
        reason = forced[1] if isinstance(forced, tuple) and forced[:1] == (FORCED,) else None
        if "stage_id" in vals:
            target = self.env["crm.stage"].browse(vals["stage_id"])
            # An empty stage is Odoo's own (a merge empties the merged leads'):
            # no gate to pass, the history closes the stay.
            if len(vals) > 1 and target:
                # Values saved with the stage (the missing phone, the discount) count.
                super().write({k: v for k, v in vals.items() if k != "stage_id"})
                vals = {"stage_id": vals["stage_id"]}
            if target.is_won:
                self._check_approvals()  # not bypassed by a forced move
            if target:
                self._check_stage_gates(target, forced=bool(reason))
        res = super().write(vals)
        changed = self.filtered(lambda lead: lead.stage_id != previous[lead.id])
        if changed:
            changed._on_stage_changed(previous, reason=reason)
        return res

    def copy_data(self, default=None):
        # A copy starts its own history: the server fields are not copied
        # (and a caller's ``default`` of them is refused by create).
        vals_list = super().copy_data(default=default)
        default = default or {}
        for vals in vals_list:
            for name in SERVER_FIELDS.difference(default):
                vals.pop(name, None)
        return vals_list

    def _check_server_fields(self, vals):
        """Fields the controls depend on are written by the server only."""
        if self.env.su:
            return
        written = SERVER_FIELDS.intersection(vals)
        if written:
            raise AccessError(
                self.env._(
                    "%(fields)s of a lead are set by the system only.",
                    fields=", ".join(
                        f"\u201c{self._fields[name]._description_string(self.env)}\u201d"
                        for name in sorted(written)
                    ),
                )
            )

    @api.private
    def _crm_force_stage(self, stage, reason):
        """Move the leads to ``stage`` past its gates, for a process manager,
        with the reason logged on each lead and in its stage history. Legal
        checks that editions add to the gate still apply."""
        if not self.env.user.has_group(PROCESS_MANAGER_GROUP):
            raise AccessError(
                self.env._("Only process managers may force a lead past a stage gate.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Reason: explain why the stage gate is forced; it is logged on the lead."
                )
            )
        return self.with_context(**{FORCED_MOVE: (FORCED, reason)}).write({"stage_id": stage.id})

    # ------------------------------------------------------------
    # STAGE GATES
    # ------------------------------------------------------------

    def _get_gated_stages(self, target, from_start=False):
        """Return {lead: [StageGate, ...]} for the leads that move forward to
        ``target``: the gates of the stage the lead leaves and of every stage
        of its pipeline between it and ``target`` that have criteria. With
        ``from_start`` (a lead created in ``target``), every gate of its
        pipeline before ``target``.

        Reads the cached gate configuration only: no query."""
        config = self.env["crm.stage"]._get_gate_config()
        target_key = target._order_key()
        gates = [
            gate
            for gate in config.values()
            if gate.order_key < target_key
            and (gate.field_names or gate.activity_type_ids or gate.min_attachment_count)
        ]
        result = {}
        if not gates:
            return result
        for lead in self:
            current = lead.stage_id
            if from_start:
                low = None
            elif not current:
                continue
            else:
                low = current._order_key()
                if low >= target_key:
                    continue
            team_id = lead.team_id.id
            passed = [
                gate
                for gate in gates
                if (low is None or low <= gate.order_key)
                and (not gate.team_ids or team_id in gate.team_ids)
            ]
            if passed:
                result[lead] = passed
        return result

    def _get_stage_gate_missing(self, target, forced=False, from_start=False):
        """Return {lead: [missing item, ...]} for leads that may not move
        forward to ``target``; empty when every lead may.

        This is the gate's extension point: editions add their own items
        through ``super()`` (one refusal lists everything missing). A move
        ``forced`` by a process manager skips the process criteria; items an
        edition adds for legal reasons should not be skipped."""
        if forced:
            return {}
        gated = self._get_gated_stages(target, from_start=from_start)
        if not gated:
            return {}
        lead_ids = [lead.id for lead in gated]
        type_ids = set().union(*(g.activity_type_ids for gates in gated.values() for g in gates))
        done = defaultdict(set)
        if type_ids:
            for res_id, type_id in (
                self.env["mail.message"]
                .sudo()
                ._read_group(
                    [
                        ("model", "=", "crm.lead"),
                        ("res_id", "in", lead_ids),
                        ("mail_activity_type_id", "in", list(type_ids)),
                    ],
                    ["res_id", "mail_activity_type_id"],
                )
            ):
                done[res_id].add(type_id.id)
        attachments = {}
        if any(g.min_attachment_count for gates in gated.values() for g in gates):
            attachments = dict(
                self.env["ir.attachment"]
                .sudo()
                ._read_group(
                    [("res_model", "=", "crm.lead"), ("res_id", "in", lead_ids)],
                    ["res_id"],
                    ["__count"],
                )
            )
        TemplateStage = self.env["crm.process.template.stage"].sudo()
        missing = {}
        for lead, gates in gated.items():
            failed = [
                gate
                for gate in gates
                if any(not lead[name] for name in gate.field_names)
                or not gate.activity_type_ids <= done[lead.id]
                or attachments.get(lead.id, 0) < gate.min_attachment_count
            ]
            items = []
            # Messages are built (and labels read) only for the gates refused.
            for tstage in TemplateStage.browse(dict.fromkeys(g.process_stage_id for g in failed)):
                for item in tstage._get_missing_items(
                    lead, done[lead.id], attachments.get(lead.id, 0)
                ):
                    if item not in items:
                        items.append(item)
            if items:
                missing[lead] = items
        return missing

    def _check_stage_gates(self, target, forced=False, from_start=False):
        missing = self._get_stage_gate_missing(target, forced=forced, from_start=from_start)
        if not missing:
            return
        lines = [
            self.env._(
                "\u201c%(lead)s\u201d cannot move to \u201c%(stage)s\u201d; missing: %(items)s",
                lead=lead.name,
                stage=target.name,
                items="; ".join(items),
            )
            for lead, items in missing.items()
        ]
        raise ValidationError("\n".join(lines))

    # ------------------------------------------------------------
    # PRIVACY
    # ------------------------------------------------------------

    @api.model
    def _crm_privacy_records(self, partners):
        emails = [email for email in partners.sudo().mapped("email_normalized") if email]
        domain = Domain("partner_id", "in", partners.ids)
        if emails:
            domain |= Domain("email_normalized", "in", emails)
        return self.sudo().with_context(active_test=False).search(domain)

    def _crm_privacy_strings(self):
        strings = super()._crm_privacy_strings()
        for lead in self.sudo():
            if lead.contact_name and len(lead.contact_name) >= 4:
                strings.add(lead.contact_name)
        return strings

    def _crm_privacy_anonymize(self):
        """Clear who the lead is about; keep amounts, stages and dates."""
        for lead in self.sudo().with_context(tracking_disable=True):
            lead.write(
                {
                    "name": f"[erased] #{lead.id}",
                    "contact_name": False,
                    "partner_name": False,
                    "email_from": False,
                    "email_cc": False,
                    "phone": False,
                    "street": False,
                    "street2": False,
                    "zip": False,
                    "city": False,
                    "function": False,
                    "website": False,
                    "description": False,
                    "id_number": False,
                    "privacy_anonymized": True,
                }
            )
        return True

    # ------------------------------------------------------------
    # APPROVALS AND RECEIVABLES
    # ------------------------------------------------------------

    def _get_approval_missing(self):
        """Return {lead: [(kind, text), ...]}: what must be approved before
        the leads are won. Two queries for any number of leads."""

        def over(lead):
            company = lead.company_id or self.env.company
            discount = company.crm_discount_approval_threshold
            amount = company.crm_contract_approval_amount
            return (discount and lead.discount_percent > discount) or (
                amount and lead.expected_revenue > amount
            )

        leads = self.filtered(over)
        if not leads:
            return {}
        approved = defaultdict(lambda: {"discount": -1.0, "contract": -1.0})
        requests = (
            self.env["crm.approval.request"]
            .sudo()
            .search_fetch(
                [
                    ("lead_id", "in", leads.ids),
                    ("state", "=", "approved"),
                    ("kind", "in", ("discount", "contract")),
                ],
                ["lead_id", "kind", "discount_percent", "amount"],
            )
        )
        for request in requests:
            best = approved[request.lead_id.id]
            value = request.discount_percent if request.kind == "discount" else request.amount
            best[request.kind] = max(best[request.kind], value)
        missing = defaultdict(list)
        for lead in leads:
            company = lead.company_id or self.env.company
            best = approved[lead.id]
            threshold = company.crm_discount_approval_threshold
            if (
                threshold
                and lead.discount_percent > threshold
                and best["discount"] < lead.discount_percent
            ):
                missing[lead].append(
                    (
                        "discount",
                        self.env._(
                            "discount of %(discount)s%% exceeds %(threshold)s%%",
                            discount=lead.discount_percent,
                            threshold=threshold,
                        ),
                    )
                )
            limit = company.crm_contract_approval_amount
            if limit and lead.expected_revenue > limit and best["contract"] < lead.expected_revenue:
                missing[lead].append(
                    (
                        "contract",
                        self.env._(
                            "contract amount %(amount)s exceeds %(limit)s",
                            amount=lead.company_currency.format(lead.expected_revenue),
                            limit=lead.company_currency.format(limit),
                        ),
                    )
                )
        return dict(missing)

    def _check_approvals(self):
        missing = self._get_approval_missing()
        if not missing:
            return
        raise UserError(
            "\n".join(
                self.env._(
                    "“%(lead)s” cannot be won before approval: %(items)s. "
                    "Use “Request Approval” on the opportunity.",
                    lead=lead.name,
                    items="; ".join(text for _kind, text in items),
                )
                for lead, items in missing.items()
            )
        )

    def action_request_approval(self):
        """Ask for every approval the opportunities still need to be won."""
        missing = self._get_approval_missing()
        Request = self.env["crm.approval.request"]
        requests = Request
        for lead in self:
            if not missing.get(lead):
                raise UserError(self.env._("“%(lead)s” needs no approval.", lead=lead.name))
            for kind, text in missing[lead]:
                values = (
                    {"discount_percent": lead.discount_percent}
                    if kind == "discount"
                    else {"amount": lead.expected_revenue}
                )
                requests |= Request._request(lead, kind, reason=text, **values)
        return self._action_view_approvals(requests)

    def action_pool_request_claim(self):
        """Ask a team leader to let the user claim beyond the pool's limit."""
        self.ensure_one()
        if not self.in_pool:
            raise UserError(self.env._("“%(lead)s” is not in a customer pool.", lead=self.name))
        request = self.env["crm.approval.request"]._request(
            self,
            "pool_claim",
            reason=self.env._("Claim beyond the limit of pool %(pool)s", pool=self.pool_id.name),
            pool_id=self.pool_id.id,
        )
        return self._action_view_approvals(request)

    def action_view_approvals(self):
        self.ensure_one()
        return self._action_view_approvals(self.approval_ids)

    def _action_view_approvals(self, requests):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_custom_core.crm_approval_request_action"
        )
        action["domain"] = [("id", "in", requests.ids)]
        action["context"] = {"create": False}
        if len(requests) == 1:
            action.update(views=[(False, "form")], res_id=requests.id)
        return action

    def _check_receivable_balance(self):
        """Refuse receipts beyond the plan unless finance accepted it."""
        leads = self.filtered("id")
        if not leads:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id,
                       COALESCE((SELECT SUM(amount) FROM crm_receivable_line
                                  WHERE lead_id = l.id), 0),
                       COALESCE((SELECT SUM(amount) FROM crm_receivable_receipt
                                  WHERE lead_id = l.id), 0),
                       EXISTS (SELECT 1 FROM crm_receivable_receipt
                                WHERE lead_id = l.id AND override IS TRUE)
                  FROM crm_lead l
                 WHERE l.id = ANY(%s)
                """,
                leads.ids,
            )
        )
        for lead_id, planned, received, override in self.env.cr.fetchall():
            lead = self.browse(lead_id)
            if lead.company_currency.compare_amounts(received, planned) > 0 and not override:
                raise ValidationError(
                    self.env._(
                        "Receipts of “%(lead)s” (%(received)s) would exceed its "
                        "receivable plan (%(planned)s). Finance may accept it with "
                        "“Allow Over-Receipt” and a reason.",
                        lead=lead.name,
                        received=lead.company_currency.format(received),
                        planned=lead.company_currency.format(planned),
                    )
                )

    # ------------------------------------------------------------
    # STAGE HISTORY AND DISPATCH
    # ------------------------------------------------------------

    def _on_stage_changed(self, previous, reason=None):
        """Record the stage change of ``self`` and dispatch the new stages' work.

        :param dict previous: {lead id: stage left}, empty for new leads
        :param str reason: reason given by a process manager forcing the move
        """
        self._write_stage_history(previous, reason=reason)
        if reason:
            for lead in self:
                lead._message_log(
                    body=Markup("%s<br/>%s")
                    % (
                        self.env._(
                            "Stage gate forced to \u201c%(stage)s\u201d. Reason:",
                            stage=lead.stage_id.name,
                        ),
                        reason,
                    )
                )
        self._launch_stage_activity_plans()

    def _write_stage_history(self, previous, reason=None):
        """Close the open stays of the leads and open one in their new stage.

        History rows are append-only and written by this method only (no ORM
        logic hangs on them), so both steps are one set-based statement each,
        whatever the number of leads: a stage change in batch costs the same
        queries as one lead's.
        """
        now = fields.Datetime.now()
        from_ids, forward = [], []
        for lead in self:
            before = previous.get(lead.id)
            from_ids.append(before.id if before else None)
            # a lead may leave its stage for none (Odoo's merge resets it)
            forward.append(
                not before
                or (bool(lead.stage_id) and before._order_key() < lead.stage_id._order_key())
            )
        self.flush_recordset(
            ["stage_id", "team_id", "company_id", "user_id", "source_id", "stage_deadline"]
        )
        self.env["crm.lead.stage.history"].flush_model()
        if previous:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE crm_lead_stage_history h
                       SET date_out = %(now)s,
                           is_advanced = m.is_forward,
                           duration_hours = EXTRACT(EPOCH FROM %(now)s - h.date_in) / 3600.0,
                           is_breached = COALESCE(%(now)s > h.date_deadline, FALSE)
                      FROM unnest(%(ids)s::int[], %(forward)s::bool[]) AS m(lead_id, is_forward)
                     WHERE h.lead_id = m.lead_id AND h.date_out IS NULL
                    """,
                    now=now,
                    ids=self.ids,
                    forward=forward,
                )
            )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_lead_stage_history
                       (lead_id, company_id, team_id, user_id, salesperson_id, source_id,
                        stage_from_id, stage_id, date_in, date_deadline, duration_hours,
                        is_forward, is_advanced, is_breached, is_forced, reason)
                SELECT l.id, l.company_id, l.team_id, %(uid)s, l.user_id, l.source_id,
                       m.stage_from_id, l.stage_id, %(now)s, l.stage_deadline, 0,
                       m.is_forward, FALSE, FALSE, %(forced)s, %(reason)s
                  FROM unnest(%(ids)s::int[], %(from_ids)s::int[], %(forward)s::bool[])
                       AS m(lead_id, stage_from_id, is_forward)
                  JOIN crm_lead l ON l.id = m.lead_id
                 WHERE l.stage_id IS NOT NULL
                """,
                now=now,
                ids=self.ids,
                from_ids=from_ids,
                forward=forward,
                uid=self.env.uid,
                forced=bool(reason),
                reason=reason or None,
            )
        )
        self.env["crm.lead.stage.history"].invalidate_model()
        self.invalidate_recordset(["stage_history_ids", "stage_history_count"])

    def _launch_stage_activity_plans(self):
        config = self.env["crm.stage"]._get_gate_config()
        by_plan = defaultdict(list)
        for lead in self:
            gate = config.get(lead.stage_id.id)
            if gate and gate.activity_plan_id:
                by_plan[gate.activity_plan_id].append(lead.id)
        for plan_id, lead_ids in by_plan.items():
            self.browse(lead_ids)._launch_activity_plan(
                self.env["mail.activity.plan"].sudo().browse(plan_id)
            )

    def _dispatch_custom_requirement(self):
        """A lead flagged with a custom requirement asks the product team for a
        feasibility review (an override rather than an automation rule: a rule
        on leads makes base_automation watch every write and recompute)."""
        plan = self.env.ref(
            "crm_custom_core.mail_activity_plan_feasibility_review", raise_if_not_found=False
        )
        if plan:
            self._launch_activity_plan(plan.sudo())

    def _launch_activity_plan(self, plan):
        """Schedule every step of ``plan`` on the leads. Steps set to "ask at
        launch" go to the person responsible for the lead's current stage."""
        for lead in self:
            tstage = lead.stage_id.process_stage_id
            on_demand = tstage._get_responsible_user(lead) if tstage else lead.user_id
            on_demand = on_demand or lead.user_id or self.env.user
            for step in plan.template_ids:
                responsible = step._determine_responsible(on_demand, lead)["responsible"]
                # the step's texts in the language of the person who gets it
                step_text = step._crm_for(responsible or on_demand)
                lead.sudo().activity_schedule(
                    activity_type_id=step.activity_type_id.id,
                    summary=step_text.summary,
                    note=step_text.note,
                    user_id=(responsible or on_demand).id,
                    date_deadline=step._get_date_deadline(fields.Date.context_today(lead)),
                )

    # ------------------------------------------------------------
    # CUSTOMER POOL
    # ------------------------------------------------------------

    def _pool_log(self, action, reason=False, user=None):
        self.env["crm.pool.history"].sudo().create(
            [
                {
                    "lead_id": lead.id,
                    "pool_id": lead.pool_id.id,
                    "user_id": (user or lead.user_id).id,
                    "action": action,
                    "reason": reason,
                }
                for lead in self
            ]
        )

    def _pool_put_back(self, action, reason):
        """Return the leads to their pool: owner cleared, reason kept."""
        for lead in self:
            lead._pool_log(action, reason=reason)
        self.sudo().write(
            {
                "in_pool": True,
                "user_id": False,
                "pool_claim_user_id": False,
                "pool_claim_date": False,
                "pool_return_reason": reason,
            }
        )

    def action_pool_claim(self):
        """Claim leads from the pool, within the pool's limit and cooldown."""
        self._pool_claim(self.env.user)
        return True

    @api.private
    def _pool_claim(self, user, approved=False):
        """Give the pooled leads to ``user``: a member of the pool's teams, not
        within the cooldown of having given them back, and within the pool's
        claim limit unless a team leader ``approved`` more. Two claims of the
        same lead, or by the same person, are serialized."""
        now = fields.Datetime.now()
        for lead in self:
            if not lead.pool_id or not lead.in_pool:
                raise UserError(
                    self.env._("\u201c%(lead)s\u201d is not in a customer pool.", lead=lead.name)
                )
        self._crm_lock_rows(
            self.env._("Someone else is claiming one of these leads right now: try again."),
        )
        taken = self.sudo().filtered(lambda lead: not lead.in_pool)
        if taken:
            raise UserError(
                self.env._(
                    "\u201c%(lead)s\u201d was just claimed by someone else.", lead=taken[0].name
                )
            )
        for pool, leads in self.grouped("pool_id").items():
            teams = pool.sudo().team_ids
            if teams and not (user & (teams.member_ids | teams.user_id)):
                raise AccessError(
                    self.env._(
                        "Only members of the teams of pool %(pool)s (%(teams)s) may claim "
                        "its leads.",
                        pool=pool.name,
                        teams=", ".join(teams.mapped("name")),
                    )
                )
            # One claim at a time per person and pool: the limit counts them all.
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", pool.id, user.id))
            cooldown = now - timedelta(days=pool.reclaim_cooldown_days)
            recent = (
                self.env["crm.pool.history"]
                .sudo()
                .search(
                    [
                        ("lead_id", "in", leads.ids),
                        ("user_id", "=", user.id),
                        ("action", "in", ("release", "return")),
                        ("date", ">", cooldown),
                    ],
                    limit=1,
                )
            )
            if recent:
                raise UserError(
                    self.env._(
                        "You gave \u201c%(lead)s\u201d back to the pool on %(date)s: you may "
                        "claim it again after %(days)s days.",
                        lead=recent.lead_id.name,
                        date=fields.Datetime.to_string(recent.date),
                        days=pool.reclaim_cooldown_days,
                    )
                )
            held = self.sudo().search_count(
                [
                    ("pool_id", "=", pool.id),
                    ("pool_claim_user_id", "=", user.id),
                    ("in_pool", "=", False),
                ]
            )
            if held + len(leads) > pool.max_claims and not approved:
                raise UserError(
                    self.env._(
                        "Claim limit of pool %(pool)s reached: you hold %(held)s claimed "
                        "lead(s) and the limit is %(limit)s. Use \u201cRequest Claim "
                        "Approval\u201d to ask a team leader.",
                        pool=pool.name,
                        held=held,
                        limit=pool.max_claims,
                    )
                )
            leads._pool_take(user, now=now)
        return True

    def _pool_assigned_by(self, vals):
        """The pooled leads that ``vals`` give an owner. Only a team leader
        may assign them directly; salespeople claim them."""
        if "user_id" not in vals or self.env.su:
            return self.browse()
        pooled = self.filtered("in_pool")
        if not pooled:
            return pooled
        if not vals["user_id"] or not self.env.user.has_group(
            "sales_team.group_sale_salesman_all_leads"
        ):
            raise UserError(
                self.env._(
                    "\u201c%(lead)s\u201d is in the customer pool: claim it with "
                    "\u201cClaim\u201d (or ask a team leader to assign it).",
                    lead=pooled[0].name,
                )
            )
        return pooled

    def _pool_take(self, user, now=None, teams=None):
        """Bookkeeping of pooled leads given to ``user``: out of the pool, in
        the team they had (``teams``: {lead id: team} read before an owner
        change moved them), so the pool stays the one that counts; history
        kept."""
        now = now or fields.Datetime.now()
        teams = teams or {}
        for team, leads in self.grouped(lambda lead: teams.get(lead.id, lead.team_id)).items():
            leads.sudo().write(
                {
                    "in_pool": False,
                    "user_id": user.id,
                    "team_id": team.id,
                    "pool_claim_user_id": user.id,
                    "pool_claim_date": now,
                    "pool_return_reason": False,
                }
            )
        self._pool_log("claim", user=user)

    def action_pool_release(self, reason=None):
        """Give leads back to the pool (their owner or a team leader)."""
        for lead in self:
            if not lead.pool_id or lead.in_pool:
                raise UserError(
                    self.env._(
                        "\u201c%(lead)s\u201d cannot be released: it has no pool or is "
                        "already in it.",
                        lead=lead.name,
                    )
                )
            if lead.user_id != self.env.user and not self.env.user.has_group(
                "sales_team.group_sale_salesman_all_leads"
            ):
                raise AccessError(
                    self.env._(
                        "Only the owner or a team leader may release \u201c%(lead)s\u201d.",
                        lead=lead.name,
                    )
                )
        self._pool_put_back("release", reason or self.env._("Released by its owner"))
        return True

    @api.model
    def _cron_return_to_pool(self, now=None):
        """Return the leads whose pool due date has passed; reads only due leads
        through the partial index on pool_due_date."""
        now = now or fields.Datetime.now()
        due = self._crm_due_records(SQL("pool_due_date IS NOT NULL AND pool_due_date <= %s", now))
        for lead in due:
            # the reason is kept on the lead and its pool history, read by the
            # team: in the company's language
            env = lead._crm_for(None).env
            if (
                lead.pool_claim_date
                and lead.pool_id.days_to_win
                and (lead.pool_claim_date + timedelta(days=lead.pool_id.days_to_win) <= now)
            ):
                reason = env._(
                    "Not won within %(days)s days of being claimed", days=lead.pool_id.days_to_win
                )
            else:
                reason = env._("No follow-up for %(days)s days", days=lead.pool_id.days_no_followup)
            lead._pool_put_back("return", reason)
        return due

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # A follow-up is a person's comment: not the system's (escalations,
        # notifications of the flows), which must not reset the pool clock.
        if (
            kwargs.get("message_type", "notification") == "comment"
            and message.author_id
            and message.author_id != self.env.ref("base.partner_root")
        ):
            self.sudo().date_last_followup = fields.Datetime.now()
        return message

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_stage_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_custom_core.crm_lead_stage_history_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"search_default_group_by_lead": 0}
        return action

    def action_open_stage_force(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Force Stage"),
            "res_model": "crm.lead.stage.force",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_ids": self.ids},
        }

    # ------------------------------------------------------------
    # TIME STANDARDS
    # ------------------------------------------------------------

    @api.model
    def _cron_escalate_overdue_stages(self, batch_size=500):
        """Escalate, once, each lead whose current stage is overdue.

        Only due leads are read, through the partial index on stage_deadline.
        """
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_lead WHERE stage_deadline < %s "
                "AND stage_escalated IS NOT TRUE AND stage_deadline IS NOT NULL "
                "AND active IS TRUE ORDER BY stage_deadline LIMIT %s",
                now,
                batch_size,
            )
        )
        leads = self.browse([row[0] for row in self.env.cr.fetchall()])
        leads._escalate_overdue()
        return leads

    def _escalate_overdue(self):
        activity_type = self.env.ref(
            "crm_custom_core.mail_activity_type_stage_overdue", raise_if_not_found=False
        )
        for lead in self:
            tstage = lead.stage_id.process_stage_id
            responsible = (tstage and tstage._get_responsible_user(lead)) or lead.user_id
            # each text in its reader's language; the time in the team's timezone
            tz = lead.team_id._get_working_calendar().tz
            if responsible:
                mine = lead._crm_for(responsible)
                lead.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=mine.env._(
                        "Overdue in stage \u201c%(stage)s\u201d", stage=mine.stage_id.name
                    ),
                    user_id=responsible.id,
                )
            leader = lead.team_id.user_id
            # the note is addressed to the team leader: in the leader's language
            theirs = lead._crm_for(leader)
            body = theirs.env._(
                "\u201c%(lead)s\u201d has been in stage \u201c%(stage)s\u201d past its "
                "time standard (due %(deadline)s).",
                lead=lead.name,
                stage=theirs.stage_id.name,
                deadline=theirs._crm_datetime(lead.stage_deadline, tz),
            )
            lead.message_post(
                body=body,
                partner_ids=leader.partner_id.ids,
                subtype_xmlid="mail.mt_note",
                message_type="comment",
                author_id=self.env.ref("base.partner_root").id,
            )
        self.sudo().write({"stage_escalated": True})

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _demo_fill_pool(self, team_id):
        """Demo: give a few of the team's open leads back to its pool."""
        leads = self.search(
            [("team_id", "=", team_id), ("user_id", "!=", False), ("won_status", "=", "pending")],
            limit=3,
        )
        leads._pool_put_back("release", self.env._("Customer asked to be called next quarter"))

    @api.model
    def _demo_fill_receivables_and_approvals(self, team_ids):
        """Demo: receivable plans on the won opportunities (one instalment
        overdue, one received) and a discount waiting for approval."""
        today = fields.Date.context_today(self)
        won = self.search([("team_id", "in", team_ids), ("won_status", "=", "won")])
        Line = self.env["crm.receivable.line"]
        for lead in won:
            half = lead.expected_revenue / 2 or 1000.0
            deposit, _balance = Line.create(
                [
                    {
                        "lead_id": lead.id,
                        "name": self.env._("Deposit"),
                        "due_date": fields.Date.subtract(today, days=20),
                        "amount": half,
                    },
                    {
                        "lead_id": lead.id,
                        "name": self.env._("Balance on acceptance"),
                        "due_date": fields.Date.add(today, days=40),
                        "amount": half,
                    },
                ]
            )
            self.env["crm.receivable.receipt"].create(
                {
                    "line_id": deposit.id,
                    "amount": half,
                    "date": fields.Date.subtract(today, days=18),
                    "reference": f"BANK-{lead.id}",
                }
            )
        pending = self.search(
            [
                ("team_id", "in", team_ids),
                ("won_status", "=", "pending"),
                ("user_id", "=", self.env.ref("base.user_demo").id),
            ],
            limit=1,
        )
        if pending:
            pending.discount_percent = 15.0
            pending.with_user(pending.user_id).action_request_approval()

    @api.model
    def _demo_generate_process_history(self, team_ids):
        """Demo data: leads spread over the process stages of the teams, with
        their stage history, as if salespeople had worked them for weeks."""
        teams = self.env["crm.team"].browse(team_ids)
        partners = self.env["res.partner"].search([("is_company", "=", True)], limit=12)
        call = self.env.ref("mail.mail_activity_data_call")
        meeting = self.env.ref("mail.mail_activity_data_meeting")
        for team_index, team in enumerate(teams):
            stages = self.env["crm.stage"].search(
                [("team_ids", "in", team.id), ("process_stage_id", "!=", False)]
            )
            for index in range(8):
                partner = partners[(index + team_index) % len(partners)] if partners else None
                lead = self.create(
                    {
                        "name": f"{team.name} - {partner.name if partner else index}",
                        "type": "opportunity",
                        "team_id": team.id,
                        "user_id": self.env.ref("base.user_demo").id
                        if index % 2
                        else team.user_id.id,
                        "partner_id": partner.id if partner else False,
                        "phone": f"+86 138 0013 80{index:02d}",
                        "expected_revenue": 50000 * (index + 1),
                        "date_deadline": fields.Date.add(fields.Date.today(), days=30 + index),
                        "stage_id": stages[0].id,
                        "custom_requirement": index == 3,
                    }
                )
                target = stages[min(index, len(stages) - 1)]
                for activity_type in (call, meeting):
                    lead.activity_schedule(
                        activity_type_id=activity_type.id, user_id=lead.user_id.id
                    )._action_done()
                self.env["ir.attachment"].create(
                    {
                        "name": "quotation.pdf",
                        "res_model": "crm.lead",
                        "res_id": lead.id,
                        "raw": b"%PDF-1.4 demo quotation",
                    }
                )
                for stage in stages:
                    if stage._order_key() > target._order_key():
                        break
                    if stage != lead.stage_id:
                        lead.stage_id = stage
                lead._demo_spread_history(days_ago=20 + 6 * index + 3 * team_index)
        self.env["crm.funnel.report"]._refresh()

    # ------------------------------------------------------------
    # MERGE AND DELETE
    # ------------------------------------------------------------

    def _merge_dependences(self, opportunities):
        """Move the suite's records of the merged opportunities to ``self``,
        like Odoo moves their messages and attachments, after refusing the
        merges that would leave two records where one is allowed."""
        self._merge_check_conflicts(opportunities)
        result = super()._merge_dependences(opportunities)
        self._merge_dependences_suite(opportunities)
        return result

    def _merge_check_conflicts(self, opportunities):
        """Raise a UserError when merging ``opportunities`` into ``self`` would
        break a rule of the suite. Addons extend it with ``super()``."""
        self.ensure_one()
        lines = (opportunities | self).sudo().receivable_line_ids
        if lines and self.won_status != "won":
            raise UserError(
                self.env._(
                    "These opportunities cannot be merged into \u201c%(lead)s\u201d: it is not "
                    "won, and the receivable plan of %(others)s belongs to a won opportunity. "
                    "Merge them into the won one.",
                    lead=self.name,
                    others=", ".join(lines.lead_id.mapped("name")),
                )
            )

    @api.model
    def _merge_lead_fields(self):
        """The stored many2one fields to ``crm.lead`` declared by this addon or
        by any addon depending on it, as ``(model, field name)``: the records
        that belong to a lead, whichever addon adds them."""
        core = self.env["ir.module.module"].sudo().search([("name", "=", "crm_custom_core")])
        modules = set((core | core.downstream_dependencies()).mapped("name"))
        result = []
        for model_name in self.env.registry:
            model = self.env[model_name]
            if model._abstract or model._transient or not model._auto:
                continue
            for field in model._fields.values():
                if (
                    field.type == "many2one"
                    and field.comodel_name == self._name
                    and field.store
                    and not field.related
                    and field._module in modules
                ):
                    result.append((model_name, field.name))
        return result

    def _merge_dependences_suite(self, opportunities):
        self.ensure_one()
        for model_name, field_name in self._merge_lead_fields():
            records = (
                self.env[model_name]
                .sudo()
                .with_context(active_test=False)
                .search([(field_name, "in", opportunities.ids)])
            )
            if records:
                records.write({field_name: self.id})

    @api.ondelete(at_uninstall=False)
    def _unlink_except_payments_received(self):
        self.env["crm.delete.guard"]._refuse_if_holding(self, self.sudo().receipt_ids)

    # ------------------------------------------------------------
    # PIPELINE STAGES OF PROCESS TEAMS
    # ------------------------------------------------------------

    @api.model
    def _crm_pipeline_teams(self):
        """Teams whose pipeline is shown: the team of the context, else the
        teams of the edition of the context (an edition's app), else the
        user's teams when the action asks for them."""
        context = self.env.context
        Team = self.env["crm.team"]
        if context.get("default_team_id"):
            return Team.browse(context["default_team_id"]).exists()
        if context.get("crm_edition"):
            return Team.search([("crm_edition", "=", context["crm_edition"])])
        if context.get("show_user_team_stages"):
            return self.env.user.crm_team_ids
        return Team

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """A team run by a process shows the stages of its process only, not
        the shared stages (New, Qualified...) that belong to no team. The
        shared stages stay for teams without process and outside any team."""
        teams = self._crm_pipeline_teams()
        if not teams or not all(team.process_template_id for team in teams):
            return super()._read_group_stage_ids(stages, domain)
        stage_ids = stages.sudo()._search(
            ["|", ("id", "in", stages.ids), ("team_ids", "in", teams.ids)],
            order=stages._order,
        )
        return stages.browse(stage_ids)

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        """A lead of a team run by a process starts in the process's first
        stage, not in a shared stage outside the process."""
        teams = self.env["crm.team"].browse(team_id) | self.team_id
        process_teams = teams.filtered("process_template_id")
        if process_teams and process_teams == teams:
            search_domain = Domain("team_ids", "in", process_teams.ids) & Domain(
                "process_stage_id", "!=", False
            )
            if domain:
                search_domain &= Domain(domain)
            stages = self.env["crm.stage"].search(search_domain, order=order, limit=limit)
            if stages:
                return stages
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    # ------------------------------------------------------------
    # DEMO DATES
    # ------------------------------------------------------------

    def _demo_spread_history(self, days_ago, last_days_ago=1):
        """Demo data: give the lead a past that reads true. Demo leads are
        created and moved through their stages in one go; this dates the
        creation ``days_ago`` days back and spreads the stays of its stage
        history evenly until ``last_days_ago`` days ago, so that times in
        stage, deal cycles and breaches are those of weeks of work.

        :return: {stage: when the lead entered it}
        """
        self.ensure_one()
        now = fields.Datetime.now().replace(microsecond=0)
        created = now - timedelta(days=days_ago)
        rows = (
            self.env["crm.lead.stage.history"]
            .sudo()
            .search([("lead_id", "=", self.id)])
            .sorted(lambda row: (row.date_in, row.id))
        )
        step = (now - timedelta(days=last_days_ago) - created) / max(len(rows) - 1, 1)
        entered = {}
        for position, row in enumerate(rows):
            date_in = created + step * position
            shift = row.date_in - date_in
            row.write(
                {
                    "date_in": date_in,
                    "date_out": row.date_out and created + step * (position + 1),
                    "date_deadline": row.date_deadline and row.date_deadline - shift,
                }
            )
            entered[row.stage_id] = date_in
        last_in = rows[-1:].date_in or created
        self.env.cr.execute(
            SQL(
                """UPDATE crm_lead
                      SET create_date = %(created)s, date_open = %(created)s,
                          date_last_stage_update = %(last_in)s,
                          stage_deadline = stage_deadline - (%(old_in)s - %(last_in)s),
                          date_closed = CASE WHEN date_closed IS NULL THEN NULL
                                             ELSE %(last_in)s END,
                          date_first_action = CASE WHEN date_first_action IS NULL THEN NULL
                                             ELSE %(created)s + interval '3 hours' END
                    WHERE id = %(id)s""",
                created=created,
                last_in=last_in,
                old_in=self.date_last_stage_update or last_in,
                id=self.id,
            )
        )
        self.invalidate_recordset()
        for fname in ("response_hours", "day_open", "day_close"):
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset()
        return entered
