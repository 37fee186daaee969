# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmCalendarWorkday(models.Model):
    """A rest day worked by decree: a make-up working day (调休), e.g. the
    Saturday worked in China to bridge a public holiday. Public holidays
    themselves are the calendar's global leaves."""

    _name = "crm.calendar.workday"
    _description = "Make-up Working Day"
    _order = "date"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True)
    name = fields.Char(string="Reason", translate=True)

    _calendar_date_uniq = models.Constraint(
        "UNIQUE(calendar_id, date)", "A make-up working day is listed once per calendar."
    )
