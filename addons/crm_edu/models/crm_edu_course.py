# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [
    ("beginner", "Beginner"),
    ("elementary", "Elementary"),
    ("intermediate", "Intermediate"),
    ("advanced", "Advanced"),
]


class CrmEduCourse(models.Model):
    _name = "crm.edu.course"
    _description = "Course"
    _inherit = ["crm.input.guard.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    subject_id = fields.Many2one("crm.edu.subject", required=True, index=True, ondelete="restrict")
    category_id = fields.Many2one(
        "crm.edu.course.category", required=True, index=True, ondelete="restrict"
    )
    level = fields.Selection(LEVELS, required=True, default="beginner")
    age_min = fields.Integer(string="Minimum Age", default=4)
    age_max = fields.Integer(string="Maximum Age", default=18)
    lesson_count = fields.Integer(string="Lessons", required=True, default=20)
    lesson_duration = fields.Float(string="Lesson Duration (hours)", default=1.5)
    lesson_price = fields.Monetary(string="Price per Lesson", currency_field="currency_id")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    class_ids = fields.One2many("crm.edu.class", "course_id", string="Classes")
    active = fields.Boolean(default=True)

    _positive = models.Constraint(
        "CHECK (lesson_count > 0 AND lesson_price >= 0 AND age_min >= 0)",
        "A course has at least one lesson and a price that is not negative.",
    )

    @api.constrains("age_min", "age_max")
    def _check_ages(self):
        for course in self:
            if course.age_max < course.age_min:
                raise ValidationError(
                    self.env._(
                        "Course \u201c%(course)s\u201d: the maximum age (%(max)s) is below "
                        "the minimum age (%(min)s).",
                        course=course.name,
                        max=course.age_max,
                        min=course.age_min,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_contracts(self):
        guard = self.env["crm.delete.guard"]
        guard._refuse_if_holding(
            self, self.env["crm.edu.contract"].sudo().search([("course_id", "in", self.ids)])
        )
        guard._refuse_if_holding(
            self, self.env["crm.edu.class"].sudo().search([("course_id", "in", self.ids)])
        )
