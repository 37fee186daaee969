# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
import uuid
from datetime import datetime, timedelta

from odoo import api
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmConcurrencyCase

CONTENDERS = 2


@tagged("post_install", "-at_install")
class TestSchedulingConcurrency(CrmConcurrencyCase):
    """Two users save at the same moment, each in their own transaction:
    exactly one wins the last seat of a session, exactly one books a teacher
    for a time slot; the other is refused with a clear message."""

    def _setup(self, env, tag):
        manager_group = env.ref("crm_edu.group_edu_manager")
        users = env["res.users"].create(
            [
                {
                    "name": f"Race Manager {i}",
                    "login": f"edu_race_{tag}_{i}",
                    "group_ids": [(4, manager_group.id)],
                }
                for i in range(CONTENDERS)
            ]
        )
        campus = env["crm.team"].create(
            {"name": f"Race Campus {tag}", "is_campus": True, "edu_tz": "UTC"}
        )
        rooms = env["crm.edu.room"].create(
            [{"name": f"Race Room {i}", "campus_id": campus.id, "capacity": 10} for i in range(3)]
        )
        teacher = env["crm.edu.teacher"].create({"name": f"Race Teacher {tag}"})
        course = env["crm.edu.course"].create(
            {
                "name": f"Race Course {tag}",
                "subject_id": env.ref("crm_edu.edu_subject_math").id,
                "category_id": env.ref("crm_edu.edu_category_arts").id,
            }
        )
        day = datetime.now().date() + timedelta(days=3650)
        klass = env["crm.edu.class"].create(
            {
                "name": f"Race Class {tag}",
                "course_id": course.id,
                "teacher_id": teacher.id,
                "room_id": rooms[0].id,
                "capacity": 1,
                "date_start": day,
                "date_end": day,
            }
        )
        session = env["crm.edu.session"].create(
            {
                "class_id": klass.id,
                "start_datetime": datetime.combine(day, datetime.min.time()),
                "stop_datetime": datetime.combine(day, datetime.min.time()) + timedelta(hours=1),
            }
        )
        students = env["crm.edu.student"].create(
            [{"name": f"Race Student {tag} {i}"} for i in range(CONTENDERS)]
        )
        return {
            "user_ids": users.ids,
            "campus_id": campus.id,
            "room_ids": rooms.ids,
            "teacher_id": teacher.id,
            "course_id": course.id,
            "class_id": klass.id,
            "session_id": session.id,
            "student_ids": students.ids,
            "day": day,
        }

    def _race(self, data, attempt):
        barrier = threading.Barrier(CONTENDERS)
        outcomes = [None] * CONTENDERS

        def contend(index):
            with self._cursor() as cr:
                env = api.Environment(cr, data["user_ids"][index], {})
                barrier.wait(timeout=30)
                try:
                    attempt(env, index)
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes[index] = "won"
                except ValidationError as error:
                    cr.rollback()
                    outcomes[index] = f"refused: {error}"
                except Exception as error:  # noqa: BLE001 - reported by the assertion
                    cr.rollback()
                    outcomes[index] = f"crashed: {error!r}"

        threads = [threading.Thread(target=contend, args=(i,)) for i in range(CONTENDERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return outcomes

    def _cleanup(self, data):
        def cleanup(env):
            env["crm.edu.attendee"].search(
                [("session_id.class_id", "=", data["class_id"])]
            ).unlink()
            env["crm.edu.session"].search([("teacher_id", "=", data["teacher_id"])]).unlink()
            env["crm.edu.class"].browse(data["class_id"]).unlink()
            env["crm.edu.student"].browse(data["student_ids"]).unlink()
            env["crm.edu.course"].browse(data["course_id"]).unlink()
            env["crm.edu.teacher"].browse(data["teacher_id"]).unlink()
            env["crm.edu.room"].browse(data["room_ids"]).unlink()
            env["crm.team"].browse(data["campus_id"]).unlink()
            env["res.users"].browse(data["user_ids"]).write({"active": False})

        self._committed(cleanup)

    def test_last_seat(self):
        tag = uuid.uuid4().hex[:8]
        data = self._committed(lambda env: self._setup(env, tag))
        try:

            def book(env, index):
                env["crm.edu.attendee"].create(
                    {"session_id": data["session_id"], "student_id": data["student_ids"][index]}
                )

            outcomes = self._race(data, book)
            self.assertEqual(outcomes.count("won"), 1, outcomes)
            loser = next(o for o in outcomes if o != "won")
            self.assertRegex(loser, r"^refused: .*(is full|was just booked)", outcomes)

            def seats(env):
                return env["crm.edu.attendee"].search_count(
                    [("session_id", "=", data["session_id"])]
                )

            self.assertEqual(self._committed(seats), 1)
        finally:
            self._cleanup(data)

    def test_same_teacher_slot(self):
        tag = uuid.uuid4().hex[:8]
        data = self._committed(lambda env: self._setup(env, tag))
        try:
            start = datetime.combine(data["day"], datetime.min.time()) + timedelta(hours=10)

            def schedule(env, index):
                env["crm.edu.session"].create(
                    {
                        "class_id": data["class_id"],
                        "room_id": data["room_ids"][index + 1],
                        "start_datetime": start,
                        "stop_datetime": start + timedelta(hours=1),
                    }
                )

            outcomes = self._race(data, schedule)
            self.assertEqual(outcomes.count("won"), 1, outcomes)
            loser = next(o for o in outcomes if o != "won")
            self.assertRegex(loser, rf"^refused: Teacher Race Teacher {tag}", outcomes)

            def sessions(env):
                return env["crm.edu.session"].search_count(
                    [("teacher_id", "=", data["teacher_id"]), ("start_datetime", "=", start)]
                )

            self.assertEqual(self._committed(sessions), 1)
        finally:
            self._cleanup(data)


@tagged("post_install", "-at_install")
class TestContractConcurrency(CrmConcurrencyCase):
    """Two advisors sell the same student 60 K-12 lessons at the same moment:
    one contract is accepted, the other refused (the limit is 60 in all)."""

    def test_prepaid_limit_race(self):
        tag = uuid.uuid4().hex[:8]

        def setup(env):
            group = env.ref("sales_team.group_sale_salesman")
            users = env["res.users"].create(
                [
                    {
                        "name": f"Race Advisor {i}",
                        "login": f"edu_adv_{tag}_{i}",
                        "group_ids": [(4, group.id)],
                    }
                    for i in range(CONTENDERS)
                ]
            )
            guardian = env["res.partner"].create({"name": f"Race Guardian {tag}"})
            student = env["crm.edu.student"].create(
                {"name": f"Race Pupil {tag}", "guardian_ids": [(0, 0, {"partner_id": guardian.id})]}
            )
            course = env["crm.edu.course"].create(
                {
                    "name": f"Race K12 {tag}",
                    "subject_id": env.ref("crm_edu.edu_subject_math").id,
                    "category_id": env.ref("crm_edu.edu_category_k12").id,
                }
            )
            return {
                "user_ids": users.ids,
                "guardian_id": guardian.id,
                "student_id": student.id,
                "course_id": course.id,
            }

        data = self._committed(setup)
        barrier = threading.Barrier(CONTENDERS)
        outcomes = [None] * CONTENDERS

        def contend(index):
            with self._cursor() as cr:
                env = api.Environment(cr, data["user_ids"][index], {})
                barrier.wait(timeout=30)
                try:
                    env["crm.edu.contract"].create(
                        {
                            "student_id": data["student_id"],
                            "partner_id": data["guardian_id"],
                            "course_id": data["course_id"],
                            "lesson_count": 60,
                        }
                    ).action_sign()
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes[index] = "won"
                except ValidationError as error:
                    cr.rollback()
                    outcomes[index] = f"refused: {error}"
                except Exception as error:  # noqa: BLE001 - reported by the assertion
                    cr.rollback()
                    outcomes[index] = f"crashed: {error!r}"

        try:
            threads = [threading.Thread(target=contend, args=(i,)) for i in range(CONTENDERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            self.assertEqual(outcomes.count("won"), 1, outcomes)
            loser = next(o for o in outcomes if o != "won")
            self.assertRegex(
                loser,
                r"^refused: (Student Race Pupil .* was just given another contract|"
                r".*exceed the prepaid limit)",
                outcomes,
            )
        finally:

            def cleanup(env):
                contracts = env["crm.edu.contract"].search(
                    [("student_id", "=", data["student_id"])]
                )
                env.cr.execute(
                    "DELETE FROM crm_edu_contract WHERE id IN %s", [tuple(contracts.ids) or (0,)]
                )
                env["crm.edu.course"].browse(data["course_id"]).unlink()
                env["crm.edu.student"].browse(data["student_id"]).unlink()
                env["res.users"].browse(data["user_ids"]).write({"active": False})

            self._committed(cleanup)
