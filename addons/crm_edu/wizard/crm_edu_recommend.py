# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_datetime


class CrmEduRecommend(models.TransientModel):
    """Classes with free seats that fit a student, best first, each with the
    reasons of its rank."""

    _name = "crm.edu.recommend"
    _description = "Course Recommendation"
    _inherit = ["crm.input.guard.mixin"]

    student_id = fields.Many2one("crm.edu.student", required=True)
    lead_id = fields.Many2one("crm.lead")
    line_ids = fields.One2many("crm.edu.recommend.line", "wizard_id", string="Classes")

    @api.model
    def _edu_open(self, student, lead=None):
        wizard = self.create({"student_id": student.id, "lead_id": lead.id if lead else False})
        wizard._edu_fill()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recommended Classes"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def _edu_fill(self):
        self.ensure_one()
        self.line_ids = [fields.Command.create(vals) for vals in self._edu_rank()]

    def _edu_rank(self):
        """Values of the lines: the classes of the student's company that
        still run, with a future session with a free seat, in the student's
        age range, scored on goals, level, campus and preferred slots."""
        student = self.student_id
        now = fields.Datetime.now()
        # classes the student already follows (trial lessons do not count)
        booked = student.attendee_ids.filtered(
            lambda a: a.kind == "regular" and a.state != "cancelled"
        ).class_id
        Session = self.env["crm.edu.session"]
        query = Session._search(
            [
                ("class_id.state", "in", ("draft", "open")),
                ("class_id", "not in", booked.ids),
                ("company_id", "=", student.company_id.id),
                ("state", "=", "planned"),
                ("start_datetime", ">", now),
                ("seats_free", ">", 0),
            ]
        )
        # the next session of each class, not every future session of the term
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (class_id) id FROM crm_edu_session
                    WHERE id IN %s ORDER BY class_id, start_datetime, id""",
                query.subselect(),
            )
        )
        sessions = Session.browse([row[0] for row in self.env.cr.fetchall()]).sorted(
            lambda s: (s.start_datetime, s.id)
        )
        first = {session.class_id: session for session in sessions}
        levels = [key for key, _label in self.env["crm.edu.course"]._fields["level"].selection]
        weekdays = dict(self.env["crm.edu.class.schedule"]._fields["weekday"].selection)
        lines = []
        for klass, session in first.items():
            course = klass.course_id
            if student.birth_date and not course.age_min <= student.age <= course.age_max:
                continue
            score, reasons = 0, []
            if course.subject_id in student.goal_ids:
                score += 40
                reasons.append(self.env._("goal %s", course.subject_id.name))
            if student.level and course.level == student.level:
                score += 20
                reasons.append(
                    self.env._("level %s", dict(course._fields["level"].selection)[course.level])
                )
            elif (
                student.level and abs(levels.index(course.level) - levels.index(student.level)) == 1
            ):
                score += 5
            if student.birth_date:
                score += 10
                reasons.append(
                    self.env._(
                        "age %(age)s in %(min)s-%(max)s",
                        age=student.age,
                        min=course.age_min,
                        max=course.age_max,
                    )
                )
            if student.campus_id and klass.campus_id == student.campus_id:
                score += 15
                reasons.append(self.env._("preferred campus"))
            matching = [
                slot
                for slot in klass.schedule_ids
                for pref in student.slot_ids
                if slot.weekday == pref.weekday
                and slot.hour_from >= pref.hour_from
                and slot.hour_to <= pref.hour_to
            ]
            if matching:
                score += 15
                reasons.append(
                    self.env._("fits preferred slot (%s)", weekdays[matching[0].weekday])
                )
            reasons.append(self.env._("%s seats free", session.seats_free))
            lines.append(
                {
                    "class_id": klass.id,
                    "session_id": session.id,
                    "score": score,
                    "reasons": ", ".join(reasons),
                    "next_session": format_datetime(self.env, session.start_datetime),
                }
            )
        lines.sort(key=lambda vals: (-vals["score"], vals["next_session"]))
        for rank, vals in enumerate(lines, start=1):
            vals["rank"] = rank
        return lines
