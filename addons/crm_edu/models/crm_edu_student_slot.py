# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_edu_teacher_availability import WEEKDAYS


class CrmEduStudentSlot(models.Model):
    _name = "crm.edu.student.slot"
    _description = "Student Preferred Time Slot"
    _inherit = ["crm.input.guard.mixin"]
    _order = "student_id, weekday, hour_from"

    student_id = fields.Many2one("crm.edu.student", required=True, ondelete="cascade", index=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="5")
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="To", required=True, default=12.0)

    _hours_valid = models.Constraint(
        "CHECK (hour_from >= 0 AND hour_to <= 24 AND hour_to > hour_from)",
        "A preferred slot ends after it starts, within the day.",
    )
