# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Fields the stage change reads through crm.stage's cached gate configuration.
GATE_FIELDS = {
    "required_field_ids",
    "required_activity_type_ids",
    "min_attachment_count",
    "activity_plan_id",
}


# A time standard beyond a year is a typing error, and crashes date arithmetic
# long before it means anything.
MAX_TIME_STANDARD_HOURS = 24 * 366


class CrmProcessTemplateStage(models.Model):
    """One step of a process template: what it is for, what must be true to
    leave it forward (the gate), how long it may take and who answers for it."""

    _name = "crm.process.template.stage"
    _description = "CRM Process Template Stage"
    _inherit = ["crm.input.guard.mixin"]
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "crm.process.template",
        string="Process",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    purpose = fields.Text(
        translate=True,
        help="What this stage is for. Shown as a tooltip on the pipeline column.",
    )
    # Gate: exit criteria, checked when a lead moves forward past this stage.
    required_field_ids = fields.Many2many(
        "ir.model.fields",
        string="Required Lead Fields",
        domain="[('model', '=', 'crm.lead'), ('store', '=', True), "
        "('ttype', 'not in', ('one2many', 'binary', 'json', 'properties'))]",
        help="Fields that must be filled before a lead may move past this stage.",
    )
    required_activity_type_ids = fields.Many2many(
        "mail.activity.type",
        string="Required Activities Done",
        help="Activity types of which at least one must be marked done on the lead "
        "before it may move past this stage.",
    )
    min_attachment_count = fields.Integer(
        string="Required Documents",
        help="Minimum number of documents attached to the lead before it may move past this stage.",
    )
    # Time standard
    time_standard_hours = fields.Float(
        string="Time Standard (hours)",
        help="How long a lead may stay in this stage. 0 means no time standard.",
    )
    use_working_calendar = fields.Boolean(
        string="Count Working Hours",
        help="Count the time standard in the team's working calendar "
        "(company calendar when the team has none) instead of calendar hours.",
    )
    at_risk_ratio = fields.Float(
        string="At Risk After (%)",
        default=75.0,
        help="Share of the time standard after which a lead is shown at risk.",
    )
    responsible_role = fields.Selection(
        [
            ("salesperson", "Salesperson of the lead"),
            ("team_leader", "Team leader"),
            ("user", "Specific user"),
        ],
        string="Responsible Role",
        required=True,
        default="salesperson",
    )
    responsible_user_id = fields.Many2one(
        "res.users", string="Responsible User", ondelete="set null"
    )
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        string="Activity Plan on Entry",
        domain="[('res_model', '=', 'crm.lead')]",
        help="Plan launched when a lead enters the stage: use it to dispatch work "
        "to other departments (feasibility review, delivery preparation...).",
        ondelete="set null",
    )
    is_won = fields.Boolean(string="Is Won Stage")
    fold = fields.Boolean(string="Folded in Pipeline")
    crm_stage_ids = fields.One2many(
        "crm.stage",
        "process_stage_id",
        string="Pipeline Stages",
    )

    _time_standard_positive = models.Constraint(
        "CHECK (time_standard_hours >= 0)",
        "The time standard of a stage cannot be negative.",
    )
    _min_attachment_positive = models.Constraint(
        "CHECK (min_attachment_count >= 0)",
        "The number of required documents cannot be negative.",
    )

    @api.constrains("responsible_role", "responsible_user_id")
    def _check_responsible_user(self):
        for stage in self:
            if stage.responsible_role == "user" and not stage.responsible_user_id:
                raise ValidationError(
                    self.env._(
                        "Stage \u201c%(stage)s\u201d: the field \u201cResponsible User\u201d is "
                        "required when the responsible role is \u201cSpecific user\u201d.",
                        stage=stage.name,
                    )
                )

    @api.constrains("time_standard_hours")
    def _check_time_standard(self):
        for stage in self:
            hours = stage.time_standard_hours
            if not 0 <= hours <= MAX_TIME_STANDARD_HOURS:
                raise ValidationError(
                    self.env._(
                        "Stage \u201c%(stage)s\u201d: \u201cTime Standard (hours)\u201d must be "
                        "between 0 and %(max)s hours (one year), got %(value)s.",
                        stage=stage.name,
                        max=MAX_TIME_STANDARD_HOURS,
                        value=hours,
                    )
                )

    @api.constrains("required_field_ids")
    def _check_required_fields(self):
        for stage in self:
            wrong = stage.required_field_ids.filtered(
                lambda field: (
                    field.model != "crm.lead"
                    or not field.store
                    or field.ttype in ("one2many", "binary", "json", "properties")
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        "Stage \u201c%(stage)s\u201d: \u201cRequired Lead Fields\u201d must be "
                        "stored fields of leads; %(fields)s is not.",
                        stage=stage.name,
                        fields=", ".join(f"{f.model}.{f.name}" for f in wrong),
                    )
                )

    @api.constrains("at_risk_ratio")
    def _check_at_risk_ratio(self):
        for stage in self:
            if not 0 < stage.at_risk_ratio <= 100:
                raise ValidationError(
                    self.env._(
                        "Stage \u201c%(stage)s\u201d: \u201cAt Risk After (%%)\u201d must be "
                        "between 1 and 100, got %(value)s.",
                        stage=stage.name,
                        value=stage.at_risk_ratio,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if GATE_FIELDS & set(vals):
            self.env["crm.stage"]._clear_gate_config()
        synced = {"name", "sequence", "is_won", "fold", "purpose"}
        if synced & set(vals) and self.crm_stage_ids:
            for tstage in self:
                tstage.crm_stage_ids.write(tstage._prepare_crm_stage_values())
            if "name" in vals:
                self._sync_crm_stage_translations()
        return res

    def update_field_translations(self, field_name, translations, source_lang=""):
        res = super().update_field_translations(field_name, translations, source_lang=source_lang)
        if field_name == "name":
            self._sync_crm_stage_translations()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["crm.stage"]._clear_gate_config()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _prepare_crm_stage_values(self, team=None):
        self.ensure_one()
        vals = {
            "name": self.name,
            "sequence": self.sequence,
            "is_won": self.is_won,
            "fold": self.fold,
            "requirements": self.purpose,
            "process_stage_id": self.id,
        }
        if team:
            vals["team_ids"] = [fields.Command.link(team.id)]
        return vals

    def _sync_crm_stage_translations(self):
        """Give the pipeline stages created from these template stages every
        translation of the template stage's name (the whole translated value,
        not only the current language's)."""
        if not self:
            return
        self.flush_recordset(["name"])
        self.env["crm.stage"].flush_model(["name", "process_stage_id"])
        self.env.cr.execute(
            SQL(
                """UPDATE crm_stage s SET name = t.name
                     FROM crm_process_template_stage t
                    WHERE s.process_stage_id = t.id AND t.id IN %s
                      AND s.name IS DISTINCT FROM t.name""",
                tuple(self.ids),
            )
        )
        self.env["crm.stage"].invalidate_model(["name"])

    def _get_responsible_user(self, lead):
        """The user who answers for ``lead`` while it is in this stage."""
        self.ensure_one()
        if self.responsible_role == "user":
            return self.responsible_user_id
        if self.responsible_role == "team_leader":
            return lead.team_id.user_id or lead.user_id
        return lead.user_id or lead.team_id.user_id

    def _get_missing_items(self, lead, done_type_ids, attachment_count):
        """Return the list of human-readable items ``lead`` lacks to leave
        this stage forward. ``done_type_ids`` and ``attachment_count`` are
        prefetched by the caller so that a batch costs a constant number of
        queries."""
        self.ensure_one()
        missing = []
        for field in self.required_field_ids:
            if not lead[field.name]:
                missing.append(
                    self.env._("field \u201c%(field)s\u201d", field=field.field_description)
                )
        for activity_type in self.required_activity_type_ids:
            if activity_type.id not in done_type_ids:
                missing.append(
                    self.env._(
                        "activity \u201c%(activity)s\u201d marked as done",
                        activity=activity_type.name,
                    )
                )
        if attachment_count < self.min_attachment_count:
            missing.append(
                self.env._(
                    "%(count)s attached document(s) (%(current)s attached)",
                    count=self.min_attachment_count,
                    current=attachment_count,
                )
            )
        return missing
