# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class CrmEduTeacherAvailability(models.Model):
    _name = "crm.edu.teacher.availability"
    _description = "Teacher Weekly Availability"
    _inherit = ["crm.input.guard.mixin"]
    _order = "teacher_id, weekday, hour_from"

    teacher_id = fields.Many2one("crm.edu.teacher", required=True, ondelete="cascade", index=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="0")
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="To", required=True, default=17.0)

    _hours_valid = models.Constraint(
        "CHECK (hour_from >= 0 AND hour_to <= 24 AND hour_to > hour_from)",
        "An availability slot ends after it starts, within the day.",
    )
