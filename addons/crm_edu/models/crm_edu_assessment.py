# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduAssessment(models.Model):
    _name = "crm.edu.assessment"
    _description = "Student Assessment"
    _inherit = ["crm.personal.data.mixin", "crm.input.guard.mixin"]
    _order = "date desc, id desc"

    student_id = fields.Many2one("crm.edu.student", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    subject_id = fields.Many2one("crm.edu.subject", required=True, ondelete="restrict")
    score = fields.Float()
    tag_ids = fields.Many2many("crm.tag", string="Tags")
    note = fields.Text()

    _score_range = models.Constraint(
        "CHECK (score >= 0 AND score <= 100)", "An assessment score is between 0 and 100."
    )
