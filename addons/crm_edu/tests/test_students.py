# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestStudents(EduCommon):
    def test_age_and_guardians(self):
        today = fields.Date.today()
        student = (
            self.env["crm.edu.student"]
            .with_user(self.advisor)
            .create(
                {
                    "name": "Test Age",
                    "birth_date": today - relativedelta(years=9, days=1),
                    "campus_id": self.campus.id,
                    "guardian_ids": [
                        (0, 0, {"partner_id": self.guardian.id, "relationship": "mother"}),
                        (0, 0, {"partner_id": self.guardian_2.id, "relationship": "father"}),
                    ],
                    "assessment_ids": [
                        (
                            0,
                            0,
                            {"subject_id": self.math.id, "score": 85, "note": "Good at fractions"},
                        )
                    ],
                }
            )
        )
        self.assertEqual(student.age, 9)
        self.assertTrue(student.is_minor_under_14)
        self.assertEqual(student.guardian_ids.mapped("relationship"), ["mother", "father"])
        guardian = self.guardian_2.with_user(self.advisor)
        self.assertEqual(guardian.edu_student_count, 2)
        domain = guardian.action_edu_view_students()["domain"]
        found = self.env["crm.edu.student"].with_user(self.advisor).search(domain)
        self.assertEqual(found, student | self.student_2)
        Student = self.env["crm.edu.student"].with_user(self.advisor)
        self.assertIn(student, Student.search([("age", "=", 9)]))
        self.assertNotIn(student, Student.search([("age", ">", 9)]))
        self.assertIn(student, Student.search([("age", "<", 10)]))

    def test_advisor_sees_own_campus(self):
        other = self._create_student(
            "Test West Kid", self.guardian, campus_id=self.campus_2.id, user_id=self.advisor_2.id
        )
        Student = self.env["crm.edu.student"]
        self.assertNotIn(other, Student.with_user(self.advisor).search([]))
        self.assertIn(other, Student.with_user(self.advisor_2).search([]))
        self.assertIn(other, Student.with_user(self.manager).search([]))
        # the advisors of a campus see its students, whoever follows them
        colleague = self._create_student(
            "Test West Kid 2", self.guardian, campus_id=self.campus_2.id, user_id=self.advisor.id
        )
        self.assertIn(colleague, Student.with_user(self.advisor_2).search([]))

    def test_teacher_sees_students_of_own_classes(self):
        self.env["crm.edu.attendee"].create(
            {"session_id": self.first_session.id, "student_id": self.student.id}
        )
        Student = self.env["crm.edu.student"]
        self.assertIn(self.student, Student.with_user(self.teacher_user).search([]))
        self.assertNotIn(self.student_2, Student.with_user(self.teacher_user).search([]))
        self.assertFalse(
            Student.with_user(self.teacher_user_2).search([("id", "=", self.student.id)])
        )
        with self.assertRefused(AccessError, r"not allowed"):
            self.student.with_user(self.teacher_user).write({"level": "advanced"})
        # a teacher records an assessment of their student
        assessment = (
            self.env["crm.edu.assessment"]
            .with_user(self.teacher_user)
            .create({"student_id": self.student.id, "subject_id": self.math.id, "score": 70})
        )
        self.assertEqual(assessment.student_id, self.student)

    def test_erasure_of_guardian(self):
        self.student.write({"notes": "<p>Shy, allergic to peanuts</p>"})
        self.env["crm.edu.assessment"].create(
            {"student_id": self.student.id, "subject_id": self.math.id, "note": "Weak"}
        )
        records = self.env["crm.edu.student"]._crm_privacy_records(self.guardian)
        self.assertIn(self.student, records)
        self.guardian._crm_privacy_erase()
        self.assertTrue(self.student.name.startswith("[erased]"))
        self.assertFalse(self.student.birth_date)
        self.assertFalse(self.student.notes)
        self.assertFalse(self.student.assessment_ids.note)
        self.assertEqual(self.student_2.name, "Test Xiaohong", "other families untouched")
        fields_registered = self.env["crm.personal.field"]._get_fields_for("crm.edu.student")
        self.assertIn("birth_date", fields_registered)


@tagged("post_install", "-at_install")
class TestTrials(EduCommon):
    def _lead_ready_for_trial(self):
        lead = self._edu_lead()
        lead.with_user(self.advisor).action_edu_log_callback()
        lead.with_user(self.advisor).action_edu_create_student()
        return lead

    def test_enquiry_to_trial_attended(self):
        lead = self._edu_lead()
        stage = {
            s.process_stage_id.get_external_id()[s.process_stage_id.id]: s for s in self.edu_stages
        }
        self.assertEqual(lead.stage_id, stage["crm_edu.edu_stage_form"])
        lead.with_user(self.advisor).action_edu_log_callback()
        self.assertEqual(lead.stage_id, stage["crm_edu.edu_stage_callback"])
        lead.with_user(self.advisor).action_edu_create_student()
        student = lead.edu_student_id
        self.assertEqual(student.name, "Test Xiaohu")
        self.assertEqual(student.guardian_ids.partner_id, lead.partner_id)
        self.assertEqual(student.campus_id, self.campus)
        trial = (
            self.env["crm.edu.attendee"]
            .with_user(self.advisor)
            .create(
                {
                    "session_id": self.first_session.id,
                    "student_id": student.id,
                    "kind": "trial",
                    "lead_id": lead.id,
                }
            )
        )
        self.assertEqual(lead.stage_id, stage["crm_edu.edu_stage_trial_booked"])
        # the teacher marks the trial attended: the lead moves on
        trial.with_user(self.teacher_user).action_present()
        self.assertEqual(lead.stage_id, stage["crm_edu.edu_stage_trial_attended"])
        self.assertEqual(lead.edu_trial_attended_date, fields.Date.today())
        self.assertFalse(trial.consumption_id, "a trial consumes no lesson")

    def test_gate_holds_lead_without_callback(self):
        lead = self._edu_lead()
        lead.with_user(self.advisor).action_edu_create_student()
        self.env["crm.edu.attendee"].with_user(self.advisor).create(
            {
                "session_id": self.first_session.id,
                "student_id": lead.edu_student_id.id,
                "kind": "trial",
                "lead_id": lead.id,
            }
        )
        self.assertEqual(lead.stage_id, self.edu_stages[0], "no callback logged: the lead stays")
        self.assertIn("Not moved", lead.message_ids[0].body)

    def test_no_show_creates_callback(self):
        lead = self._lead_ready_for_trial()
        trial = self.env["crm.edu.attendee"].create(
            {
                "session_id": self.first_session.id,
                "student_id": lead.edu_student_id.id,
                "kind": "trial",
                "lead_id": lead.id,
            }
        )
        trial.with_user(self.teacher_user).action_absent()
        activity = lead.activity_ids.filtered(lambda a: "missed" in (a.summary or ""))
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.advisor)
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertFalse(lead.edu_trial_attended_date)
        # a correction back and forth does not call the family twice
        trial.with_user(self.teacher_user).action_excused()
        trial.with_user(self.teacher_user).action_absent()
        self.assertEqual(
            len(lead.activity_ids.filtered(lambda a: "missed" in (a.summary or ""))), 1
        )
