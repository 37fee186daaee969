# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmEduTeacher(models.Model):
    _name = "crm.edu.teacher"
    _description = "Teacher"
    _inherit = ["crm.input.guard.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="User",
        index="btree_not_null",
        help="The teacher's login: lets the teacher see their classes and mark attendance.",
        ondelete="set null",
    )
    subject_ids = fields.Many2many("crm.edu.subject", string="Subjects")
    campus_ids = fields.Many2many(
        "crm.team", string="Campuses", domain="[('is_campus', '=', True)]"
    )
    availability_ids = fields.One2many(
        "crm.edu.teacher.availability", "teacher_id", string="Weekly Availability"
    )
    weekly_hours = fields.Float(
        compute="_compute_weekly_hours", string="Available Hours per Week", store=True
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    active = fields.Boolean(default=True)

    _user_uniq = models.UniqueIndex(
        "(user_id) WHERE user_id IS NOT NULL", "This user is already linked to a teacher."
    )

    @api.depends("availability_ids.hour_from", "availability_ids.hour_to")
    def _compute_weekly_hours(self):
        for teacher in self:
            teacher.weekly_hours = sum(
                slot.hour_to - slot.hour_from for slot in teacher.availability_ids
            )
