# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestRecommendation(EduCommon):
    def test_ranked_classes_with_reasons(self):
        self.student.write({"slot_ids": [(0, 0, {"weekday": "5", "hour_from": 8, "hour_to": 12})]})
        # a piano class (not a goal, other level) and a full math class
        piano = self._create_class(
            "Piano Sat", teacher=self.teacher_2, room=self.room_2, course=self.course_piano
        )
        piano.action_generate_sessions()
        full = self._create_class("Math full", seats=1, hour=14.0, room=self.room_2)
        full_sessions = full.action_generate_sessions()
        self.env["crm.edu.attendee"].create(
            [{"session_id": s.id, "student_id": self.student_2.id} for s in full_sessions]
        )
        lead = self._edu_lead(edu_student_id=self.student.id)
        action = lead.with_user(self.advisor).action_edu_recommend()
        wizard = self.env["crm.edu.recommend"].with_user(self.advisor).browse(action["res_id"])
        lines = wizard.line_ids.sorted("rank")
        self.assertNotIn(full, lines.class_id, "no free seat: not proposed")
        self.assertEqual(lines[0].class_id, self.klass)
        self.assertIn(piano, lines.class_id)
        reasons = lines[0].reasons
        for reason in (
            "goal Mathematics",
            "level Elementary",
            "preferred campus",
            "fits preferred slot",
        ):
            self.assertIn(reason, reasons)
        self.assertGreater(lines[0].score, lines.filtered(lambda l: l.class_id == piano).score)
        # book the trial from the line
        lines[0].action_book_trial()
        trial = lead.edu_trial_ids
        self.assertEqual(trial.session_id, self.first_session)
        self.assertEqual(trial.kind, "trial")
        lines[0].action_choose()
        self.assertEqual(lead.edu_recommended_course_id, self.course)

    def test_age_out_of_range_not_proposed(self):
        self.student.birth_date = self.student.birth_date.replace(
            year=self.student.birth_date.year - 6
        )  # 14: above the 7-10 of the math course
        action = self.student.with_user(self.advisor).action_recommend()
        wizard = self.env["crm.edu.recommend"].browse(action["res_id"])
        self.assertNotIn(self.klass, wizard.line_ids.class_id)

    def test_teacher_cannot_recommend(self):
        with self.assertRefused(AccessError, r"not allowed"):
            self.env["crm.edu.recommend"].with_user(self.teacher_user)._edu_open(self.student)


@tagged("post_install", "-at_install")
class TestKpi(EduCommon):
    def test_conversion_and_teaching_kpis(self):
        enrolled = self._edu_lead(name="KPI enrolled")
        enrolled.action_edu_log_callback()
        enrolled.action_edu_create_student()
        self.env["crm.edu.attendee"].create(
            {
                "session_id": self.first_session.id,
                "student_id": enrolled.edu_student_id.id,
                "kind": "trial",
                "lead_id": enrolled.id,
            }
        ).action_present()
        enrolled.edu_recommended_course_id = self.course
        contract = self._contract(student=enrolled.edu_student_id, lead_id=enrolled.id)
        self._edu_lead(name="KPI lost")
        self.assertTrue(enrolled.stage_id.is_won)
        self.env.flush_all()
        Report = self.env["crm.edu.lead.report"].with_user(self.advisor)
        rows = Report._read_group(
            [("team_id", "=", self.campus.id)],
            [],
            [
                "lead_count:sum",
                "enrolled_count:sum",
                "conversion_rate:avg",
                "trial_conversion_rate:avg",
            ],
        )
        leads, enrolled_count, conversion, trial_conversion = rows[0]
        self.assertEqual(leads, 2)
        self.assertEqual(enrolled_count, 1)
        self.assertAlmostEqual(conversion, 50.0)
        self.assertAlmostEqual(trial_conversion, 100.0)
        # teaching: 1 seat of 4 booked, attended
        attendee = self.env["crm.edu.attendee"].create(
            {"session_id": self.sessions[1].id, "student_id": contract.student_id.id}
        )
        attendee.action_absent()
        self.env.flush_all()
        Teaching = self.env["crm.edu.session.report"].with_user(self.advisor)
        row = Teaching.search([("session_id", "=", self.first_session.id)])
        self.assertEqual(row.utilization, 25.0)
        self.assertEqual(row.attendance_rate, 100.0)
        row = Teaching.search([("session_id", "=", self.sessions[1].id)])
        self.assertEqual(row.attendance_rate, 0.0)
        self.assertEqual(row.teacher_id, self.teacher)
        # teacher utilization: the session's hours over the 10 available hours a week
        self.assertAlmostEqual(row.teacher_load, self.sessions[1].duration * 10.0)
        week = Teaching._read_group(
            [("teacher_id", "=", self.teacher.id), ("session_id", "in", self.sessions[:2].ids)],
            ["date:week"],
            ["teacher_load:avg"],
        )
        self.assertEqual(len(week), 2, "one session a week")
        self.assertAlmostEqual(week[0][1], self.first_session.duration * 10.0)
