# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestTeachingKpis(EduCommon):
    """Teaching KPIs computed by hand on a small fixture.

    Teacher Wang: available 10 h a week (Saturday 8-18), teaches two 1.5 h
    classes every Saturday for 4 weeks: 3 h / 10 h = 30% each week, 12 h / 40 h
    = 30% over the term. Teacher Zhao: available 20 h a week, teaches one 1.5 h
    class: 6 h / 80 h = 7.5%. All: 18 h / 120 h = 15%."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.klass_pm = cls._create_class("Math Sat PM", seats=4, weeks=4, hour=14.0)
        cls.klass_pm.action_generate_sessions()
        cls.teacher_zhao = cls.env["crm.edu.teacher"].create(
            {
                "name": "Teacher Zhao",
                "subject_ids": [(4, cls.math.id)],
                "availability_ids": [
                    (0, 0, {"weekday": "5", "hour_from": 8, "hour_to": 18}),
                    (0, 0, {"weekday": "6", "hour_from": 8, "hour_to": 18}),
                ],
            }
        )
        cls.klass_zhao = cls._create_class(
            "Math Sat Zhao", seats=2, weeks=4, teacher=cls.teacher_zhao, room=cls.room_2
        )
        cls.klass_zhao.action_generate_sessions()
        cls.teachers = cls.teacher | cls.teacher_zhao

    def _report(self, groupby, aggregates):
        self.env.flush_all()
        Report = self.env["crm.edu.session.report"].with_user(self.manager)
        return Report._read_group([("teacher_id", "in", self.teachers.ids)], groupby, aggregates)

    def test_teacher_utilization_per_teacher_and_week(self):
        rows = self._report(["teacher_id", "date:week"], ["hours:sum", "teacher_load:avg"])
        wang = [row for row in rows if row[0] == self.teacher]
        self.assertEqual(len(wang), 4)
        for _teacher, _week, hours, load in wang:
            self.assertAlmostEqual(hours, 3.0)
            self.assertAlmostEqual(load, 30.0)
        for _teacher, _week, _hours, load in rows:
            self.assertLessEqual(load, 100.0)

    def test_teacher_utilization_over_the_term_and_total(self):
        rows = dict(self._report(["teacher_id"], ["teacher_load:avg"]))
        self.assertAlmostEqual(rows[self.teacher], 30.0)
        self.assertAlmostEqual(rows[self.teacher_zhao], 7.5)
        # the total row: all hours taught over all hours available, not 30 + 7.5
        [(total,)] = self._report([], ["teacher_load:avg"])
        self.assertAlmostEqual(total, 15.0)
        # the pivot's default (the field's aggregator) is the same ratio
        field = self.env["crm.edu.session.report"]._fields["teacher_load"]
        self.assertEqual(field.aggregator, "avg")
        [(summed,)] = self._report([], ["teacher_load:sum"])
        self.assertAlmostEqual(summed, 15.0, msg="percentages are never added up")

    def test_seat_utilization_and_attendance_weighted(self):
        # one seat booked (and attended) of the first Math Sat AM session (4 seats);
        # seats offered: 4 x 4 + 4 x 4 + 2 x 4 = 40 -> 1 / 40 = 2.5% (not the
        # average of the sessions' rates, 25% / 12 = 2.08%)
        self._contract()
        attendee = self.env["crm.edu.attendee"].create(
            {"session_id": self.first_session.id, "student_id": self.student.id}
        )
        attendee.action_present()
        [(utilization, attendance)] = self._report([], ["utilization:avg", "attendance_rate:avg"])
        self.assertAlmostEqual(utilization, 2.5)
        self.assertAlmostEqual(attendance, 100.0)
