# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestContracts(EduCommon):
    def _book(self, sessions, students):
        return self.env["crm.edu.attendee"].create(
            [{"session_id": s.id, "student_id": st.id} for s in sessions for st in students]
        )

    def test_sign_wins_lead_and_makes_customer(self):
        lead = self._edu_lead()
        lead.action_edu_log_callback()
        lead.action_edu_create_student()
        lead.write(
            {
                "edu_trial_attended_date": fields.Date.today(),
                "edu_recommended_course_id": self.course.id,
            }
        )
        student = lead.edu_student_id
        contract = (
            self.env["crm.edu.contract"]
            .with_user(self.advisor)
            .create(
                {
                    "student_id": student.id,
                    "partner_id": lead.partner_id.id,
                    "course_id": self.course.id,
                    "campus_id": self.campus.id,
                    "lead_id": lead.id,
                    "lesson_count": 20,
                }
            )
        )
        self.assertEqual(contract.amount, 4000)
        self.assertEqual(contract.unit_price, 200)
        contract.with_user(self.advisor).action_sign()
        self.assertEqual(contract.state, "active")
        self.assertEqual(lead.edu_contract_id, contract)
        self.assertTrue(lead.stage_id.is_won)
        self.assertEqual(lead.won_status, "won")
        self.assertIn(
            self.env.ref("crm_edu.res_partner_category_edu_customer"), lead.partner_id.category_id
        )

    def test_prepaid_limits(self):
        Contract = self.env["crm.edu.contract"].with_user(self.advisor)
        values = {
            "student_id": self.student.id,
            "partner_id": self.guardian.id,
            "course_id": self.course.id,
            "campus_id": self.campus.id,
        }
        with self.assertRefused(
            ValidationError, r"61 lessons exceed the prepaid limit of 60 lessons for K-12"
        ):
            Contract.create(dict(values, lesson_count=61))
        today = fields.Date.today()
        with self.assertRefused(ValidationError, r"beyond the limit of 3 months in advance"):
            Contract.create(
                dict(
                    values,
                    lesson_count=20,
                    date_start=today,
                    date_end=today + relativedelta(months=4),
                )
            )
        with self.assertRefused(ValidationError, r"is not a guardian of Test Xiaoming"):
            Contract.create(dict(values, lesson_count=20, partner_id=self.guardian_2.id))
        self.assertTrue(Contract.create(dict(values, lesson_count=60)))
        # arts have no limit
        self.assertTrue(
            Contract.create(dict(values, course_id=self.course_piano.id, lesson_count=100))
        )

    def test_prepaid_limit_across_contracts(self):
        """The K-12 limit (60 lessons, 3 months) holds for the student's whole
        unconsumed balance in the category, not contract by contract."""
        Contract = self.env["crm.edu.contract"].with_user(self.advisor)
        values = {
            "student_id": self.student.id,
            "partner_id": self.guardian.id,
            "course_id": self.course.id,
            "campus_id": self.campus.id,
        }
        first = Contract.create(dict(values, lesson_count=60))
        first.action_sign()
        with self.assertRefused(
            ValidationError,
            r"60 lessons, with the 60 unconsumed lessons of Test Xiaoming's other active "
            r"contracts \(" + first.name + r"\), exceed the prepaid limit of 60 lessons",
        ):
            Contract.create(dict(values, lesson_count=60))
        with self.assertRefused(ValidationError, r"1 lessons, with the 60 unconsumed"):
            Contract.create(dict(values, lesson_count=1))
        # two drafts cannot both be signed past the limit either
        first.sudo().refunded_lessons = 30
        draft_a = Contract.create(dict(values, lesson_count=30))
        draft_b = Contract.create(dict(values, lesson_count=30))
        draft_a.action_sign()
        with self.assertRefused(ValidationError, r"30 lessons, with the 60 unconsumed"):
            draft_b.action_sign()
        # another student, or a category without limit, is not concerned
        self.assertTrue(
            Contract.create(
                dict(
                    values,
                    lesson_count=60,
                    student_id=self.student_2.id,
                    partner_id=self.guardian_2.id,
                )
            )
        )
        self.assertTrue(
            Contract.create(dict(values, course_id=self.course_piano.id, lesson_count=100))
        )

    def test_prepaid_months_across_contracts(self):
        """A second K-12 contract may run beside the first, but not extend the
        prepaid period beyond 3 months from now."""
        Contract = self.env["crm.edu.contract"].with_user(self.advisor)
        today = fields.Date.context_today(Contract)
        values = {
            "student_id": self.student.id,
            "partner_id": self.guardian.id,
            "course_id": self.course.id,
            "campus_id": self.campus.id,
            "lesson_count": 10,
            "date_start": today,
            "date_end": today + relativedelta(months=2),
        }
        first = Contract.create(values)
        first.action_sign()
        self.assertTrue(Contract.create(values))
        with self.assertRefused(
            ValidationError,
            r"with the other active contracts of Test Xiaoming \(" + first.name + r"\), the "
            r"student would be prepaid until .*beyond the limit of 3 months in advance",
        ):
            Contract.create(
                dict(
                    values,
                    date_start=today + relativedelta(months=2),
                    date_end=today + relativedelta(months=4),
                )
            )

    def test_refused_contract_keeps_no_number(self):
        """A refused contract draws no number: the next one takes the next number."""
        Contract = self.env["crm.edu.contract"].with_user(self.advisor)
        values = {
            "student_id": self.student.id,
            "partner_id": self.guardian.id,
            "course_id": self.course.id,
            "campus_id": self.campus.id,
        }
        first = Contract.create(dict(values, lesson_count=10))
        with self.assertRefused(ValidationError, r"exceed the prepaid limit of 60 lessons"):
            Contract.create(dict(values, lesson_count=61))
        with self.assertRefused(ValidationError, r"is not a guardian of Test Xiaoming"):
            Contract.create(dict(values, lesson_count=10, partner_id=self.guardian_2.id))
        second = Contract.create(dict(values, lesson_count=10))
        prefix, number = first.name.rsplit("/", 1)
        self.assertEqual(second.name, f"{prefix}/{int(number) + 1:0{len(number)}d}")

    def test_contract_visibility(self):
        contract = self._contract()
        Contract = self.env["crm.edu.contract"]
        self.assertIn(contract, Contract.with_user(self.advisor).search([]))
        self.assertNotIn(contract, Contract.with_user(self.advisor_2).search([]))
        self.assertIn(contract, Contract.with_user(self.manager).search([]))
        with self.assertRefused(AccessError, r"doesn't have 'write' access"):
            contract.with_user(self.advisor_2).write({"lesson_count": 30})
        with self.assertRefused(UserError, r"Signed contracts cannot be deleted"):
            contract.with_user(self.manager).unlink()

    def test_teacher_cannot_touch_contracts(self):
        contract = self._contract()
        Contract = self.env["crm.edu.contract"].with_user(self.teacher_user)
        with self.assertRefused(AccessError, r"not allowed"):
            Contract.create(
                {
                    "student_id": self.student.id,
                    "partner_id": self.guardian.id,
                    "course_id": self.course.id,
                    "lesson_count": 10,
                }
            )
        with self.assertRefused(AccessError, r"not allowed"):
            contract.with_user(self.teacher_user).write({"lesson_count": 30})

    def test_attendance_consumes_and_renewal_once(self):
        contract = self._contract(lessons=6)
        attendees = self._book(self.sessions, self.student)
        self.assertEqual(contract.remaining_lessons, 6)
        attendees[0].with_user(self.teacher_user).action_present()
        attendees[1].with_user(self.teacher_user).action_late()
        self.assertEqual(contract.consumed_lessons, 2)
        self.assertEqual(contract.remaining_lessons, 4)
        self.assertFalse(contract.renewal_lead_id, "4 left is not below the threshold of 4")
        attendees[2].with_user(self.teacher_user).action_present()
        self.assertEqual(contract.remaining_lessons, 3)
        renewal = contract.renewal_lead_id
        self.assertTrue(renewal)
        self.assertTrue(renewal.edu_is_renewal)
        self.assertEqual(renewal.partner_id, self.guardian)
        self.assertEqual(renewal.user_id, self.advisor)
        # corrections give the lesson back, and never create a second renewal
        attendees[2].with_user(self.teacher_user).action_excused()
        self.assertEqual(contract.remaining_lessons, 4)
        attendees[2].with_user(self.teacher_user).action_present()
        attendees[3].with_user(self.teacher_user).action_present()
        self.assertEqual(contract.remaining_lessons, 2)
        self.assertEqual(
            self.env["crm.lead"].search_count([("edu_renewed_contract_id", "=", contract.id)]), 1
        )
        self.assertEqual(contract.consumed_lessons, len(contract.consumption_ids))

    def test_attendance_without_contract_refused(self):
        attendee = self._book(self.first_session, self.student_2)
        with self.assertRefused(
            ValidationError, r"No active contract with lessons left.*Test Xiaohong"
        ):
            attendee.with_user(self.teacher_user).action_present()
        attendee.with_user(self.teacher_user).action_excused()
        self.assertEqual(attendee.state, "excused")

    def test_refund(self):
        contract = self._contract(lessons=10)
        attendees = self._book(self.sessions[:3], self.student)
        attendees.with_user(self.teacher_user).write({"state": "present"})
        self.assertEqual(contract.remaining_lessons, 7)
        with self.assertRefused(AccessError, r"Only campus managers may refund"):
            contract.with_user(self.advisor).action_refund()
        contract.with_user(self.manager).action_refund()
        self.assertEqual(contract.state, "refunded")
        self.assertEqual(contract.refunded_lessons, 7)
        self.assertEqual(contract.refund_amount, 1400)
        self.assertEqual(contract.remaining_lessons, 0)
        self.assertIn("Refund of 7 unconsumed lessons", contract.message_ids[0].body)

    def test_absence_streak_flags_once(self):
        self._contract(lessons=20)
        attendees = self._book(self.sessions, self.student)
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "crm.edu.student"), ("res_id", "=", self.student.id)]
        attendees[0].with_user(self.teacher_user).action_absent()
        attendees[1].with_user(self.teacher_user).action_absent()
        self.assertEqual(self.student.absence_streak, 2)
        self.assertFalse(self.student.at_risk)
        attendees[2].with_user(self.teacher_user).action_absent()
        self.assertTrue(self.student.at_risk)
        self.assertEqual(Activity.search_count(domain), 1)
        self.assertEqual(Activity.search(domain).user_id, self.advisor)
        attendees[3].with_user(self.teacher_user).action_absent()
        self.assertEqual(self.student.absence_streak, 4)
        self.assertEqual(Activity.search_count(domain), 1, "one activity per streak")
        attendees[3].with_user(self.teacher_user).action_present()
        self.assertFalse(self.student.at_risk)
        self.assertEqual(self.student.absence_streak, 0)

    def test_absence_follow_up_in_advisor_language(self):
        """The follow-up the teacher's marking creates for the advisor reads in
        the advisor's language, not the teacher's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.advisor.lang = "zh_CN"
        self.teacher_user.lang = "en_US"
        self._contract(lessons=20)
        attendees = self._book(self.sessions[:3], self.student)
        for attendee in attendees:
            attendee.with_user(self.teacher_user).action_absent()
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "crm.edu.student"), ("res_id", "=", self.student.id)]
        )
        self.assertEqual(activity.summary, "Test Xiaoming 已连续缺课 3 次：请跟进家长")

    def test_mark_whole_session_query_count(self):
        self.klass.capacity = 30
        self.sessions.capacity = 30
        students = self.env["crm.edu.student"].create(
            [
                {
                    "name": f"Test Pupil {i}",
                    "campus_id": self.campus.id,
                    "user_id": self.advisor.id,
                    "guardian_ids": [(0, 0, {"partner_id": self.guardian.id})],
                }
                for i in range(30)
            ]
        )
        self.env["crm.edu.contract"].create(
            [
                {
                    "student_id": s.id,
                    "partner_id": self.guardian.id,
                    "course_id": self.course.id,
                    "campus_id": self.campus.id,
                    "lesson_count": 10,
                }
                for s in students
            ]
        ).action_sign()
        self._book(self.sessions[:2], students)
        warm, measured = self.sessions[0], self.sessions[1]
        warm.with_user(self.teacher_user).action_mark_all_present()
        self.env.invalidate_all()
        # measured: 35 queries, the same for 10 students (no renewal due)
        with self.assertQueryCount(__system__=40, edu_teacher=40):
            measured.with_user(self.teacher_user).action_mark_all_present()
        self.assertEqual(set(measured.attendee_ids.mapped("state")), {"present"})
        self.assertEqual(set(students.contract_ids.mapped("remaining_lessons")), {8})
        self.assertEqual(len(measured.attendee_ids.consumption_id), 30)
