# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import fields

from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class EduCommon(CrmCustomCommon):
    """Two campuses applying the enrollment process, one room each, two
    teachers with logins, a K-12 math course and an arts course, a Saturday
    math class of 4 seats for 4 weeks (sessions generated), two students
    with guardians; an advisor per campus, a teacher, a campus manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        advisor_groups = "sales_team.group_sale_salesman,base.group_partner_manager"
        cls.advisor = mail_new_test_user(
            env, login="edu_advisor", name="Edu Advisor", groups=advisor_groups
        )
        cls.advisor_2 = mail_new_test_user(
            env, login="edu_advisor_2", name="Edu Advisor 2", groups=advisor_groups
        )
        cls.teacher_user = mail_new_test_user(
            env, login="edu_teacher", name="Edu Teacher", groups="crm_edu.group_edu_teacher"
        )
        cls.teacher_user_2 = mail_new_test_user(
            env, login="edu_teacher_2", name="Edu Teacher 2", groups="crm_edu.group_edu_teacher"
        )
        cls.manager = mail_new_test_user(
            env, login="edu_manager", name="Edu Manager", groups="crm_edu.group_edu_manager"
        )
        Team = env["crm.team"]
        cls.campus = Team.create(
            {
                "name": "Test Campus East",
                "is_campus": True,
                "edu_tz": "UTC",
                "member_ids": [(4, cls.advisor.id)],
            }
        )
        cls.campus_2 = Team.create(
            {
                "name": "Test Campus West",
                "is_campus": True,
                "edu_tz": "UTC",
                "member_ids": [(4, cls.advisor_2.id)],
            }
        )
        template = env.ref("crm_edu.crm_process_template_edu")
        cls.edu_stages = template._apply_to_teams(cls.campus).sorted(lambda s: s._order_key())
        template._apply_to_teams(cls.campus_2)
        cls.room = env["crm.edu.room"].create(
            {"name": "R1", "campus_id": cls.campus.id, "capacity": 30}
        )
        cls.room_2 = env["crm.edu.room"].create(
            {"name": "R2", "campus_id": cls.campus.id, "capacity": 30}
        )
        cls.math = env.ref("crm_edu.edu_subject_math")
        cls.piano = env.ref("crm_edu.edu_subject_piano")
        cls.k12 = env.ref("crm_edu.edu_category_k12")
        cls.arts = env.ref("crm_edu.edu_category_arts")
        cls.course = env["crm.edu.course"].create(
            {
                "name": "Test Math G3",
                "subject_id": cls.math.id,
                "category_id": cls.k12.id,
                "level": "elementary",
                "age_min": 7,
                "age_max": 10,
                "lesson_count": 20,
                "lesson_price": 200,
            }
        )
        cls.course_piano = env["crm.edu.course"].create(
            {
                "name": "Test Piano",
                "subject_id": cls.piano.id,
                "category_id": cls.arts.id,
                "level": "beginner",
                "age_min": 5,
                "age_max": 12,
                "lesson_count": 40,
                "lesson_price": 300,
            }
        )
        cls.teacher = env["crm.edu.teacher"].create(
            {
                "name": "Teacher Wang",
                "user_id": cls.teacher_user.id,
                "subject_ids": [(4, cls.math.id)],
                "availability_ids": [(0, 0, {"weekday": "5", "hour_from": 8, "hour_to": 18})],
            }
        )
        cls.teacher_2 = env["crm.edu.teacher"].create(
            {"name": "Teacher Li", "user_id": cls.teacher_user_2.id}
        )
        today = fields.Date.today()
        # the Saturday of next week
        cls.first_saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
        cls.klass = cls._create_class("Math Sat AM", seats=4, weeks=4)
        cls.sessions = cls.klass.action_generate_sessions().sorted("start_datetime")
        cls.first_session = cls.sessions[0]
        cls.guardian = env["res.partner"].create({"name": "Test Mother Zhang", "phone": "139"})
        cls.guardian_2 = env["res.partner"].create({"name": "Test Father Liu", "phone": "138"})
        cls.student = cls._create_student("Test Xiaoming", cls.guardian)
        cls.student_2 = cls._create_student("Test Xiaohong", cls.guardian_2)

    @classmethod
    def _create_class(cls, name, seats=4, weeks=4, teacher=None, room=None, hour=9.0, course=None):
        start = cls.first_saturday
        return cls.env["crm.edu.class"].create(
            {
                "name": name,
                "course_id": (course or cls.course).id,
                "teacher_id": (teacher or cls.teacher).id,
                "room_id": (room or cls.room).id,
                "capacity": seats,
                "date_start": start,
                "date_end": start + timedelta(weeks=weeks) - timedelta(days=1),
                "schedule_ids": [
                    (0, 0, {"weekday": "5", "hour_from": hour, "hour_to": hour + 1.5})
                ],
            }
        )

    @classmethod
    def _create_student(cls, name, guardian, **vals):
        values = {
            "name": name,
            "birth_date": fields.Date.today().replace(year=fields.Date.today().year - 8, day=1),
            "level": "elementary",
            "campus_id": cls.campus.id,
            "user_id": cls.advisor.id,
            "goal_ids": [(4, cls.math.id)],
            "guardian_ids": [(0, 0, {"partner_id": guardian.id, "relationship": "mother"})],
        }
        values.update(vals)
        return cls.env["crm.edu.student"].create(values)

    @classmethod
    def _at(cls, day, hour):
        return datetime.combine(day, time()) + timedelta(hours=hour)

    @classmethod
    def _contract(cls, student=None, lessons=20, sign=True, **vals):
        student = student or cls.student
        values = {
            "student_id": student.id,
            "partner_id": student.guardian_ids[:1].partner_id.id,
            "course_id": cls.course.id,
            "campus_id": cls.campus.id,
            "user_id": cls.advisor.id,
            "lesson_count": lessons,
        }
        values.update(vals)
        contract = cls.env["crm.edu.contract"].create(values)
        if sign:
            contract.action_sign()
        return contract

    @classmethod
    def _edu_lead(cls, **vals):
        values = {
            "name": "Test enquiry",
            "type": "opportunity",
            "team_id": cls.campus.id,
            "user_id": cls.advisor.id,
            "phone": "13900000009",
            "contact_name": "Test Mother Chen",
            "edu_student_name": "Test Xiaohu",
            "stage_id": cls.edu_stages[0].id,
        }
        values.update(vals)
        return cls.env["crm.lead"].create(values)
