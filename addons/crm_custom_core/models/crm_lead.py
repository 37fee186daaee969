# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

PROCESS_MANAGER_GROUP = "crm_custom_core.group_crm_process_manager"


class CrmLead(models.Model):
    _inherit = "crm.lead"

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

    @api.depends("create_date", "date_first_action")
    def _compute_response_hours(self):
        for lead in self:
            if lead.create_date and lead.date_first_action:
                delta = lead.date_first_action - lead.create_date
                lead.response_hours = max(delta.total_seconds(), 0) / 3600.0
            else:
                lead.response_hours = 0.0

    def _compute_stage_history_count(self):
        counts = dict(
            self.env["crm.lead.stage.history"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.stage_history_count = counts.get(lead, 0)

    def _now(self):
        return self.env.context.get("crm_now") or fields.Datetime.now()

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
        leads = super().create(vals_list)
        if not self.env.context.get("crm_skip_stage_history"):
            leads.filtered("stage_id")._on_stage_changed({})
        return leads

    def write(self, vals):
        if self.env.context.get("crm_skip_stage_history") or not (
            "stage_id" in vals or "team_id" in vals
        ):
            return super().write(vals)
        previous = {lead.id: lead.stage_id for lead in self}
        reason = self.env.context.get("crm_stage_force_reason")
        if vals.get("stage_id"):
            target = self.env["crm.stage"].browse(vals["stage_id"])
            if reason:
                if not self.env.user.has_group(PROCESS_MANAGER_GROUP):
                    raise AccessError(
                        self.env._("Only process managers may force a lead past a stage gate.")
                    )
            else:
                if len(vals) > 1:
                    # The gate judges the lead as it will be: values saved
                    # together with the stage (e.g. the missing phone) count.
                    super().write({k: v for k, v in vals.items() if k != "stage_id"})
                    vals = {"stage_id": vals["stage_id"]}
                self._check_stage_gates(target)
        res = super().write(vals)
        changed = self.filtered(lambda lead: lead.stage_id != previous[lead.id])
        if changed:
            changed._on_stage_changed(previous, reason=reason)
        return res

    # ------------------------------------------------------------
    # STAGE GATES
    # ------------------------------------------------------------

    def _get_gated_stages(self, target):
        """Return {lead: template stages to pass} for the leads that move
        forward to ``target``: the stage the lead leaves and every stage of its
        pipeline between it and ``target``."""
        # Criteria are configuration: read them whatever the user's rights.
        candidates = self.env["crm.stage"].sudo().search([("process_stage_id", "!=", False)])
        target_key = target._order_key()
        result = {}
        for lead in self:
            current = lead.stage_id
            if not current or current == target or current._order_key() >= target_key:
                continue
            low = current._order_key()
            passed = candidates.browse(
                [
                    stage.id
                    for stage in candidates
                    if low <= stage._order_key() < target_key
                    and (not stage.team_ids or lead.team_id in stage.team_ids)
                ]
            )
            tstages = passed.process_stage_id.filtered(
                lambda t: (
                    t.required_field_ids or t.required_activity_type_ids or t.min_attachment_count
                )
            )
            if tstages:
                result[lead] = tstages
        return result

    def _get_stage_gate_missing(self, target):
        """Return {lead: [missing item, ...]} for leads that may not move
        forward to ``target``; empty when every lead may."""
        gated = self._get_gated_stages(target)
        if not gated:
            return {}
        leads = self.browse([lead.id for lead in gated])
        type_ids = set().union(*(t.required_activity_type_ids.ids for t in gated.values()))
        done = defaultdict(set)
        if type_ids:
            for res_id, type_id in (
                self.env["mail.message"]
                .sudo()
                ._read_group(
                    [
                        ("model", "=", "crm.lead"),
                        ("res_id", "in", leads.ids),
                        ("mail_activity_type_id", "in", list(type_ids)),
                    ],
                    ["res_id", "mail_activity_type_id"],
                )
            ):
                done[res_id].add(type_id.id)
        attachments = {}
        all_tstages = self.env["crm.process.template.stage"].sudo().union(*gated.values())
        if any(all_tstages.mapped("min_attachment_count")):
            attachments = dict(
                self.env["ir.attachment"]
                .sudo()
                ._read_group(
                    [("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)],
                    ["res_id"],
                    ["__count"],
                )
            )
        missing = {}
        for lead, tstages in gated.items():
            items = []
            for tstage in tstages:
                for item in tstage._get_missing_items(
                    lead, done[lead.id], attachments.get(lead.id, 0)
                ):
                    if item not in items:
                        items.append(item)
            if items:
                missing[lead] = items
        return missing

    def _check_stage_gates(self, target):
        missing = self._get_stage_gate_missing(target)
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
        History = self.env["crm.lead.stage.history"].sudo()
        now = fields.Datetime.now()
        if previous:
            open_rows = History.search([("lead_id", "in", self.ids), ("date_out", "=", False)])
            forward = {
                lead.id
                for lead in self
                if previous.get(lead.id)
                and previous[lead.id]._order_key() < lead.stage_id._order_key()
            }
            advanced = open_rows.filtered(lambda row: row.lead_id.id in forward)
            advanced.write({"date_out": now, "is_advanced": True})
            (open_rows - advanced).write({"date_out": now})
        vals_list = []
        for lead in self:
            before = previous.get(lead.id) or self.env["crm.stage"]
            vals_list.append(
                {
                    "lead_id": lead.id,
                    "company_id": lead.company_id.id,
                    "team_id": lead.team_id.id,
                    "user_id": self.env.uid,
                    "salesperson_id": lead.user_id.id,
                    "source_id": lead.source_id.id,
                    "stage_from_id": before.id,
                    "stage_id": lead.stage_id.id,
                    "date_in": now,
                    "date_deadline": lead.stage_deadline,
                    "is_forward": not before or before._order_key() < lead.stage_id._order_key(),
                    "is_forced": bool(reason),
                    "reason": reason or False,
                }
            )
        History.create(vals_list)

    def _launch_stage_activity_plans(self):
        by_plan = defaultdict(lambda: self.browse())
        for lead in self:
            plan = lead.stage_id.process_stage_id.activity_plan_id
            if plan:
                by_plan[plan] |= lead
        for plan, leads in by_plan.items():
            leads._launch_activity_plan(plan)

    def _launch_activity_plan(self, plan):
        """Schedule every step of ``plan`` on the leads. Steps set to "ask at
        launch" go to the person responsible for the lead's current stage."""
        for lead in self:
            tstage = lead.stage_id.process_stage_id
            on_demand = tstage._get_responsible_user(lead) if tstage else lead.user_id
            on_demand = on_demand or lead.user_id or self.env.user
            for step in plan.template_ids:
                responsible = step._determine_responsible(on_demand, lead)["responsible"]
                lead.sudo().activity_schedule(
                    activity_type_id=step.activity_type_id.id,
                    summary=step.summary,
                    note=step.note,
                    user_id=(responsible or on_demand).id,
                    date_deadline=step._get_date_deadline(fields.Date.context_today(lead)),
                )

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
            summary = self.env._("Overdue in stage \u201c%(stage)s\u201d", stage=lead.stage_id.name)
            if responsible:
                lead.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=summary,
                    user_id=responsible.id,
                )
            leader = lead.team_id.user_id
            body = self.env._(
                "\u201c%(lead)s\u201d has been in stage \u201c%(stage)s\u201d past its "
                "time standard (due %(deadline)s).",
                lead=lead.name,
                stage=lead.stage_id.name,
                deadline=fields.Datetime.to_string(lead.stage_deadline),
            )
            lead.message_post(
                body=body,
                partner_ids=leader.partner_id.ids,
                subtype_xmlid="mail.mt_note",
                message_type="comment",
            )
        self.write({"stage_escalated": True})

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

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
        self.env["crm.funnel.report"].refresh()
