# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduRecommendLine(models.TransientModel):
    _name = "crm.edu.recommend.line"
    _description = "Recommended Class"
    _inherit = ["crm.input.guard.mixin"]
    _order = "rank"

    wizard_id = fields.Many2one("crm.edu.recommend", required=True, ondelete="cascade")
    rank = fields.Integer()
    class_id = fields.Many2one("crm.edu.class", required=True, readonly=True)
    course_id = fields.Many2one(related="class_id.course_id")
    campus_id = fields.Many2one(related="class_id.campus_id")
    teacher_id = fields.Many2one(related="class_id.teacher_id")
    session_id = fields.Many2one("crm.edu.session", string="Next Session", readonly=True)
    seats_free = fields.Integer(related="session_id.seats_free")
    next_session = fields.Char(string="Next Lesson", readonly=True)
    score = fields.Integer(readonly=True)
    reasons = fields.Char(readonly=True)

    def action_book_trial(self):
        """Book the student into the class's next session as a trial."""
        self.ensure_one()
        wizard = self.wizard_id
        self.env["crm.edu.attendee"].create(
            {
                "session_id": self.session_id.id,
                "student_id": wizard.student_id.id,
                "kind": "trial",
                "lead_id": wizard.lead_id.id,
            }
        )
        return {"type": "ir.actions.act_window_close"}

    def action_choose(self):
        """Recommend this class's course to the family."""
        self.ensure_one()
        self._edu_choose()
        lead = self.wizard_id.lead_id
        if lead and lead.edu_trial_attended_date:
            lead._edu_advance("crm_edu.edu_stage_recommended")
        return {"type": "ir.actions.act_window_close"}

    def _edu_choose(self):
        lead = self.wizard_id.lead_id
        if lead:
            lead.edu_recommended_course_id = self.class_id.course_id
