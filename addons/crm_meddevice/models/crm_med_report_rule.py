# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

EVENT_CLASSES = [
    ("death", "Death"),
    ("public_health_threat", "Serious Public Health Threat"),
    ("serious_deterioration", "Unanticipated Serious Deterioration in Health"),
    ("serious_injury", "Serious Injury"),
    ("malfunction", "Malfunction"),
]


class CrmMedReportRule(models.Model):
    """How long a regulator allows to report an adverse event of a kind,
    kept as data with its legal basis."""

    _name = "crm.med.report.rule"
    _description = "Adverse Event Reporting Rule"
    _inherit = ["crm.input.guard.mixin"]
    _order = "regulator_id, days, id"

    name = fields.Char(required=True, translate=True)
    regulator_id = fields.Many2one("crm.med.regulator", required=True, ondelete="cascade")
    event_class = fields.Selection(
        EVENT_CLASSES + [("any", "Any Reportable Event")],
        required=True,
        default="any",
    )
    remedial_action_only = fields.Boolean(
        string="Only When Remedial Action Is Needed",
        help="Applies only to events that need remedial action to prevent an "
        "unreasonable risk of substantial harm (e.g. the FDA 5-day report).",
    )
    days = fields.Integer(required=True)
    day_type = fields.Selection(
        [("calendar", "Calendar Days"), ("work", "Work Days")],
        required=True,
        default="calendar",
        help="Work days follow the regulator's working calendar: its public holidays "
        "are skipped and its make-up working days count (Saturdays and Sundays are "
        "skipped when the regulator has no calendar).",
    )
    rule_reference = fields.Text(string="Legal Basis", translate=True)
    active = fields.Boolean(default=True)

    @api.constrains("days")
    def _check_days(self):
        for rule in self:
            if rule.days <= 0:
                raise ValidationError(
                    self.env._(
                        "Reporting rule %(rule)s: the number of days must be positive.",
                        rule=rule.name,
                    )
                )

    def _applies_to(self, event_class, remedial_action):
        self.ensure_one()
        if self.remedial_action_only and not remedial_action:
            return False
        return self.event_class in ("any", event_class)

    def _deadline(self, awareness_date):
        """Last day to report an event the maker became aware of on ``awareness_date``."""
        self.ensure_one()
        if self.day_type == "calendar":
            return awareness_date + timedelta(days=self.days)
        calendar = self.regulator_id.resource_calendar_id
        if calendar:
            deadline = calendar._crm_add_work_days(awareness_date, self.days)
            if deadline:
                return deadline
        day, left = awareness_date, self.days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day
