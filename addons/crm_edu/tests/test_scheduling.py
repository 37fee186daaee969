# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestScheduling(EduCommon):
    def test_sessions_from_weekly_pattern(self):
        self.assertEqual(len(self.sessions), 4)
        self.assertEqual(self.klass.state, "open")
        first = self.sessions[0]
        self.assertEqual(first.start_datetime, self._at(self.first_saturday, 9))
        self.assertEqual(first.stop_datetime, self._at(self.first_saturday, 10.5))
        self.assertEqual(first.teacher_id, self.teacher)
        self.assertEqual(first.room_id, self.room)
        self.assertEqual(first.capacity, 4)
        self.assertEqual(self.sessions[1].start_datetime - first.start_datetime, timedelta(days=7))
        # generating again keeps the existing sessions
        self.assertFalse(self.klass._edu_generate_sessions())

    def test_teacher_availability(self):
        sunday = self._create_class("Math Sunday", room=self.room_2)
        sunday.schedule_ids.weekday = "6"
        with self.assertRefused(
            ValidationError, r"Teacher Wang is not available on Sunday from 09:00 to 10:30"
        ):
            sunday.with_user(self.manager).action_generate_sessions()
        self.assertFalse(sunday.session_ids)

    def test_teacher_conflict_refused(self):
        other = self._create_class("Math Sat overlap", room=self.room_2, hour=10.0)
        with self.assertRefused(
            ValidationError, r"Teacher Wang is already teaching session .*Math Sat AM"
        ):
            other.with_user(self.manager).action_generate_sessions()
        self.assertFalse(other.session_ids)

    def test_conflict_message_in_campus_timezone(self):
        """The times of a conflict are the campus's, as in the session's name,
        and say so, whatever the viewer's own timezone."""
        self.manager.tz = "America/New_York"
        campus = self.env["crm.team"].create(
            {"name": "Test Campus Pudong", "is_campus": True, "edu_tz": "Asia/Shanghai"}
        )
        rooms = self.env["crm.edu.room"].create(
            [{"name": f"P{i}", "campus_id": campus.id, "capacity": 10} for i in (1, 2)]
        )
        teacher = self.env["crm.edu.teacher"].create({"name": "Teacher Zhou"})
        first = self._create_class("Pudong AM", teacher=teacher, room=rooms[0], hour=9.0)
        first.action_generate_sessions()
        other = self._create_class("Pudong late", teacher=teacher, room=rooms[1], hour=10.0)
        with self.assertRefused(
            ValidationError,
            r"Pudong AM \u2013 \d{4}-\d\d-\d\d 09:00\u201d "
            r"\(\d{4}-\d\d-\d\d 09:00 - 10:30 \(Asia/Shanghai\)\)",
        ):
            other.with_user(self.manager).action_generate_sessions()

    def test_room_conflict_refused(self):
        other = self._create_class("Piano Sat", teacher=self.teacher_2, hour=10.0)
        with self.assertRefused(ValidationError, r"Room Test Campus East / R1 is already used"):
            other.with_user(self.manager).action_generate_sessions()

    def test_move_session_into_conflict(self):
        other = self._create_class("Math Sat PM", hour=14.0)
        late = other.action_generate_sessions()[0]
        with self.assertRefused(ValidationError, r"Teacher Wang .*Math Sat AM.*Math Sat PM"):
            late.with_user(self.manager).write(
                {
                    "start_datetime": self._at(self.first_saturday, 10),
                    "stop_datetime": self._at(self.first_saturday, 11),
                }
            )
        # back to back is fine
        late.with_user(self.manager).write(
            {
                "start_datetime": self._at(self.first_saturday, 10.5),
                "stop_datetime": self._at(self.first_saturday, 12),
            }
        )
        # a cancelled session frees its teacher and room
        self.first_session.with_user(self.manager).action_cancel()
        late.with_user(self.manager).write({"start_datetime": self._at(self.first_saturday, 9)})
        self.assertEqual(late.start_datetime, self._at(self.first_saturday, 9))

    def test_student_conflict_refused(self):
        other = self._create_class("Math Sat twin", teacher=self.teacher_2, room=self.room_2)
        twin = other.action_generate_sessions()[0]
        Attendee = self.env["crm.edu.attendee"].with_user(self.advisor)
        Attendee.create({"session_id": self.first_session.id, "student_id": self.student.id})
        with self.assertRefused(
            ValidationError, r"Student Test Xiaoming is already booked in session .*Math Sat AM"
        ):
            Attendee.create({"session_id": twin.id, "student_id": self.student.id})
        # moving a session onto a student's other lesson is refused too
        twin.action_cancel()
        later = other.session_ids.sorted("start_datetime")[1]
        Attendee.create({"session_id": later.id, "student_id": self.student.id})
        with self.assertRefused(ValidationError, r"Student Test Xiaoming is already booked"):
            later.with_user(self.manager).write(
                {
                    "start_datetime": self.first_session.start_datetime,
                    "stop_datetime": self.first_session.stop_datetime,
                }
            )

    def test_capacity_last_seat(self):
        Attendee = self.env["crm.edu.attendee"].with_user(self.advisor)
        students = self.student | self.student_2
        students |= self._create_student("Test Third", self.guardian)
        students |= self._create_student("Test Fourth", self.guardian)
        Attendee.create(
            [{"session_id": self.first_session.id, "student_id": s.id} for s in students]
        )
        self.assertEqual(self.first_session.seats_taken, 4)
        self.assertEqual(self.first_session.seats_free, 0)
        fifth = self._create_student("Test Fifth", self.guardian)
        with self.assertRefused(ValidationError, r"is full: 4 seats, 5 students booked"):
            Attendee.create({"session_id": self.first_session.id, "student_id": fifth.id})
        with self.assertRefused(ValidationError, r"is full"):
            self.first_session.with_user(self.manager).capacity = 3

    def test_class_bigger_than_room_refused(self):
        with self.assertRefused(ValidationError, r"exceeds the 30 seats of room"):
            self.klass.with_user(self.manager).capacity = 31

    def test_teacher_rights(self):
        session = self.first_session.with_user(self.teacher_user)
        self.assertEqual(session.teacher_id, self.teacher)
        with self.assertRefused(AccessError, r"not allowed"):
            self.env["crm.edu.session"].with_user(self.teacher_user).create(
                {
                    "class_id": self.klass.id,
                    "start_datetime": self._at(self.first_saturday, 18),
                    "stop_datetime": self._at(self.first_saturday, 19),
                }
            )
        others = (
            self.env["crm.edu.session"]
            .with_user(self.teacher_user_2)
            .search([("class_id", "=", self.klass.id)])
        )
        self.assertFalse(others, "a teacher sees only their own sessions")
        with self.assertRefused(AccessError, r"not allowed"):
            self.klass.with_user(self.advisor).write({"capacity": 5})
        # a teacher marks attendance but does not reschedule
        with self.assertRefused(AccessError, r"Only campus managers may reschedule"):
            session.write({"start_datetime": self._at(self.first_saturday, 11)})
        attendee = self.env["crm.edu.attendee"].create(
            {"session_id": self.first_session.id, "student_id": self.student_2.id}
        )
        with self.assertRefused(AccessError, r"Teachers mark the attendance"):
            attendee.with_user(self.teacher_user).write({"student_id": self.student.id})
        attendee.with_user(self.teacher_user).write({"state": "excused", "note": "sick"})
        self.assertEqual(attendee.state, "excused")

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Test Other School"})
        student = self._create_student(
            "Test Other Kid", self.guardian, company_id=other_company.id, campus_id=False
        )
        course = self.course.copy({"company_id": other_company.id})
        Student = self.env["crm.edu.student"].with_user(self.manager)
        self.assertNotIn(student, Student.search([]))
        self.assertIn(self.student, Student.search([]))
        self.assertNotIn(course, self.env["crm.edu.course"].with_user(self.advisor).search([]))
        with self.assertRefused(UserError, r"(?i)compan"):
            self.env["crm.edu.contract"].create(
                {
                    "student_id": self.student.id,
                    "partner_id": self.guardian.id,
                    "course_id": course.id,
                    "lesson_count": 10,
                }
            )
