# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduCourseCategory(models.Model):
    """Kind of course (K-12 subject tutoring, arts...): carries the prepaid
    limits the law sets for the kind and the thresholds of the follow-ups."""

    _name = "crm.edu.course.category"
    _description = "Course Category"
    _inherit = ["crm.input.guard.mixin"]
    _order = "name"

    name = fields.Char(required=True, translate=True)
    max_prepaid_lessons = fields.Integer(
        string="Max Prepaid Lessons",
        help="A contract of a course of this category may not prepay more lessons. 0: no limit.",
    )
    max_prepaid_months = fields.Integer(
        string="Max Prepaid Months",
        help="A contract may not cover more months in advance. 0: no limit.",
    )
    renewal_threshold = fields.Integer(
        string="Renewal Below (lessons)",
        default=4,
        help="A renewal opportunity is created once when the remaining lessons of a "
        "contract fall below this number.",
    )
    absence_streak = fields.Integer(
        string="Absences Before At Risk",
        default=3,
        help="Consecutive absences after which a student is flagged at risk.",
    )
    active = fields.Boolean(default=True)

    _limits_positive = models.Constraint(
        "CHECK (max_prepaid_lessons >= 0 AND max_prepaid_months >= 0 "
        "AND renewal_threshold >= 0 AND absence_streak > 0)",
        "Prepaid limits and thresholds cannot be negative; the absence streak is at least 1.",
    )
