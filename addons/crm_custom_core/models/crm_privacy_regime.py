# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models


class CrmPrivacyRegime(models.Model):
    """A data-protection regime (PIPL, GDPR, CCPA...) and its deadlines for
    answering data-subject requests. Shipped as data citing their source; an
    administrator corrects them when the law or its reading changes."""

    _name = "crm.privacy.regime"
    _description = "Data-Protection Regime"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    response_days = fields.Integer(
        string="Answer Within (days)",
        required=True,
        help="Deadline to answer a data-subject request, from its receipt.",
    )
    day_type = fields.Selection(
        [("calendar", "Calendar days"), ("business", "Working days")],
        required=True,
        default="calendar",
        help="Working days follow the company's working calendar (public holidays included "
        "as its leaves).",
    )
    extension_days = fields.Integer(help="Extension the regime allows, with notice.")
    confirm_days = fields.Integer(
        string="Confirm Receipt Within (days)",
        help="Deadline to confirm receipt of the request, in the same kind of days.",
    )
    source = fields.Char(help="Article and where the rule was read.")
    note = fields.Text(help="How sure the rule is; what to check.")

    _code_unique = models.Constraint("UNIQUE(code)", "The code of a regime is unique.")

    def _add_days(self, start, days, company):
        """``start`` (a date) plus ``days`` of this regime's kind."""
        self.ensure_one()
        if self.day_type == "calendar" or not days:
            return start + timedelta(days=days)
        calendar = company.resource_calendar_id
        if calendar:
            # counted from the day after receipt, public holidays excluded
            planned = calendar._crm_add_work_days(start, days)
            if planned:
                return planned
        result, left = start, days
        while left:
            result += timedelta(days=1)
            if result.weekday() < 5:
                left -= 1
        return result
