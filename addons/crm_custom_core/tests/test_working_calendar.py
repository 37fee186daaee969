# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import TransactionCase


class TestWorkingCalendar(TransactionCase):
    """One working-day computation: weekly attendances, minus public holidays
    (global leaves), plus make-up working days (调休)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Shanghai office", "tz": "Asia/Shanghai", "company_id": False}
        )
        # Thursday 2026-10-01 holiday, Saturday 2026-10-10 worked
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 9, 30, 16, 0),  # 10-01 00:00 in Shanghai
                "date_to": datetime(2026, 10, 1, 15, 59, 59),
            }
        )
        cls.env["crm.calendar.workday"].create(
            {"calendar_id": cls.calendar.id, "date": date(2026, 10, 10), "name": "调休上班"}
        )

    def test_add_work_days_skips_holidays_counts_makeup_days(self):
        add = self.calendar._crm_add_work_days
        # Wed 09-30 + 1: Thursday is a holiday, Friday 10-02
        self.assertEqual(add(date(2026, 9, 30), 1), date(2026, 10, 2))
        # Fri 10-09 + 1: the make-up Saturday 10-10
        self.assertEqual(add(date(2026, 10, 9), 1), date(2026, 10, 10))
        # Fri 10-09 + 2: Sunday is not worked, Monday 10-12
        self.assertEqual(add(date(2026, 10, 9), 2), date(2026, 10, 12))

    def test_time_standard_hours_skip_holidays(self):
        # 8 working hours from Wed 09-30 17:00 Shanghai (09:00 UTC): the holiday is
        # skipped, the hours end on Friday 10-02 17:00 Shanghai (09:00 UTC)
        end = self.calendar.plan_hours(8, datetime(2026, 9, 30, 9, 0), compute_leaves=True)
        self.assertEqual(end.replace(tzinfo=None), datetime(2026, 10, 2, 9, 0))
        # and on the make-up Saturday they are counted
        end = self.calendar.plan_hours(8, datetime(2026, 10, 9, 9, 0), compute_leaves=True)
        self.assertEqual(end.replace(tzinfo=None), datetime(2026, 10, 10, 9, 0))
