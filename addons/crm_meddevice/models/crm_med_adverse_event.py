# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .crm_med_report_rule import EVENT_CLASSES

# Fields that may still change once a report is submitted: the chatter's
# bookkeeping (followers, activities, main attachment), nothing of the
# report. A correction or new information is a follow-up report (a new
# draft linked to this one, see action_create_followup) or a chatter message.
UNFROZEN_FIELDS = {
    "message_follower_ids",
    "activity_ids",
    "message_main_attachment_id",
}
# Set by the flow (submit, close) only, never by a user's write or create.
FLOW_FIELDS = {"state", "submitted_date", "closed_date"}


class CrmMedAdverseEvent(models.Model):
    """An adverse event report. Patients are never named: the patient is
    described by outcome only; the reporter is a contact."""

    _name = "crm.med.adverse.event"
    _description = "Adverse Event"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "report_deadline, id desc"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Device", required=True, ondelete="restrict"
    )
    lot_number = fields.Char(string="Lot")
    serial_number = fields.Char(string="Serial Number")
    udi = fields.Char(string="UDI")
    country_id = fields.Many2one(
        "res.country", string="Country", required=True, index=True, ondelete="restrict"
    )
    regulator_id = fields.Many2one(
        "crm.med.regulator",
        compute="_compute_regulator_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Regulator the report goes to; by default the one covering the country.",
        ondelete="set null",
    )
    reporter_id = fields.Many2one("res.partner", string="Reporter", ondelete="set null")
    event_date = fields.Date(string="Event Date")
    awareness_date = fields.Date(
        string="Awareness Date",
        required=True,
        default=fields.Date.context_today,
        help="When any part of the organisation first received the information: the "
        "reporting clock starts here.",
    )
    description = fields.Html()
    event_class = fields.Selection(EVENT_CLASSES, string="Seriousness", required=True)
    remedial_action = fields.Boolean(
        string="Remedial Action Needed",
        help="Remedial action is needed to prevent an unreasonable risk of substantial harm.",
    )
    patient_outcome = fields.Selection(
        [
            ("recovered", "Recovered"),
            ("recovering", "Recovering"),
            ("not_recovered", "Not Recovered"),
            ("sequelae", "Recovered with Sequelae"),
            ("death", "Death"),
            ("unknown", "Unknown"),
        ],
        default="unknown",
    )
    rule_id = fields.Many2one(
        "crm.med.report.rule",
        string="Reporting Rule",
        compute="_compute_deadline",
        store=True,
        ondelete="set null",
    )
    report_deadline = fields.Date(compute="_compute_deadline", store=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    submitted_date = fields.Date(readonly=True, copy=False)
    closed_date = fields.Date(readonly=True, copy=False)
    deadline_met = fields.Boolean(compute="_compute_deadline_met", store=True)
    parent_id = fields.Many2one(
        "crm.med.adverse.event",
        string="Follow-up Of",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    followup_ids = fields.One2many("crm.med.adverse.event", "parent_id", string="Follow-ups")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="restrict",
    )

    @api.depends("country_id")
    def _compute_regulator_id(self):
        for event in self:
            event.regulator_id = (
                self.env["crm.med.regulator"]._for_country(event.country_id)[:1]
                or event.regulator_id
            )

    @api.depends("regulator_id", "event_class", "remedial_action", "awareness_date")
    def _compute_deadline(self):
        for event in self:
            rules = event.regulator_id.report_rule_ids.filtered(
                lambda r, e=event: r.active and r._applies_to(e.event_class, e.remedial_action)
            )
            if not rules or not event.awareness_date:
                event.rule_id = False
                event.report_deadline = False
                continue
            deadlines = [(rule._deadline(event.awareness_date), rule.id, rule) for rule in rules]
            deadline, _rule_id, rule = min(deadlines)
            event.rule_id = rule
            event.report_deadline = deadline

    @api.depends("submitted_date", "report_deadline")
    def _compute_deadline_met(self):
        for event in self:
            event.deadline_met = bool(
                event.submitted_date
                and (not event.report_deadline or event.submitted_date <= event.report_deadline)
            )

    @api.constrains("regulator_id", "country_id")
    def _check_regulator(self):
        for event in self:
            if not event.regulator_id:
                raise ValidationError(
                    self.env._(
                        "Adverse event %(name)s: no regulator covers %(country)s; choose the "
                        "Regulator the report goes to.",
                        name=event.name,
                        country=event.country_id.name,
                    )
                )

    @api.constrains("event_date", "awareness_date")
    def _check_dates(self):
        for event in self:
            if event.event_date and event.awareness_date < event.event_date:
                raise ValidationError(
                    self.env._(
                        "Adverse event %(name)s: the awareness date cannot be before the "
                        "event date.",
                        name=event.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_flow_fields(vals)
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.med.adverse.event") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        self._check_flow_fields(vals)
        frozen = self.filtered(lambda e: e.state != "draft")
        changed = set(vals) - UNFROZEN_FIELDS
        if frozen and changed:
            raise UserError(
                self.env._(
                    "Report %(name)s was submitted and is frozen (fields: %(fields)s). "
                    "Record corrections as a follow-up report.",
                    name=frozen[0].name,
                    fields=", ".join(sorted(changed)),
                )
            )
        return super().write(vals)

    def _check_flow_fields(self, vals):
        """Refuse a user's direct write of the report's status and its dates:
        only submitting and closing set them."""
        forced = FLOW_FIELDS.intersection(vals)
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "Adverse event: %(fields)s change only by submitting or closing the "
                    "report, never directly.",
                    fields=self._crm_field_labels(forced),
                )
            )

    def _write_flow(self, vals):
        """The flow's own write of the status (the user's rights on the
        records are still checked)."""
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if self.env.su:
            return
        submitted = self.filtered(lambda e: e.state != "draft")
        if submitted:
            raise UserError(
                self.env._(
                    "Report %(name)s was submitted: a vigilance report is kept, it cannot be "
                    "deleted.",
                    name=submitted[0].name,
                )
            )

    def action_submit(self):
        for event in self:
            if event.state != "draft":
                raise UserError(
                    self.env._("Report %(name)s was already submitted.", name=event.name)
                )
        today = fields.Date.context_today(self)
        # submitted_date is written together with the state, then the record freezes.
        return self._write_flow({"state": "submitted", "submitted_date": today})

    def action_close(self):
        self.filtered(lambda e: e.state == "submitted")._write_flow(
            {"state": "closed", "closed_date": fields.Date.context_today(self)}
        )

    def action_create_followup(self):
        self.ensure_one()
        if self.state == "draft":
            raise UserError(
                self.env._("Report %(name)s is still a draft: correct it directly.", name=self.name)
            )
        followup = self.copy(
            {
                "parent_id": self.id,
                "awareness_date": fields.Date.context_today(self),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": followup.id,
            "view_mode": "form",
        }

    @api.model
    def _cron_alert_overdue(self, today=None):
        """Alert the owner of every draft report whose deadline is today or past."""
        today = today or fields.Date.context_today(self)
        overdue = self.search([("state", "=", "draft"), ("report_deadline", "<=", today)])
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        Users = self.env["res.users"]
        for event in overdue:
            if event.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
                continue
            recipient = Users._med_alert_recipient(event.create_uid, event.company_id)
            if not recipient:
                continue
            env = event.with_context(lang=recipient.lang or self.env.lang).env
            event.activity_schedule(
                activity_type_id=activity_type.id,
                summary=env._("Report %(name)s is due", name=event.name),
                date_deadline=event.report_deadline,
                user_id=recipient.id,
            )
        return overdue

    # ------------------------------------------------------------
    # PRIVACY HOOKS (crm_custom_core governance)
    # ------------------------------------------------------------

    # Vigilance reports are kept as the law requires (an erasure exception):
    # the base anonymization keeps the record, the reporter becomes the
    # anonymized contact and the core scrubs their name from the description.
    _crm_privacy_partner_field = "reporter_id"
