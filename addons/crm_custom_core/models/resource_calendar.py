# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from pytz import timezone

from odoo import fields, models
from odoo.tools.date_utils import float_to_time
from odoo.tools.intervals import Intervals


class ResourceCalendar(models.Model):
    """Working days with public holidays (global leaves, ``resource.calendar.leaves``
    without a resource) and make-up working days on rest days (调休). The time
    standards of the processes, the privacy deadlines and the editions' legal
    clocks all count days through :meth:`_crm_add_work_days` or ``plan_hours``."""

    _inherit = "resource.calendar"

    crm_workday_ids = fields.One2many(
        "crm.calendar.workday",
        "calendar_id",
        string="Make-up Working Days",
        help="Rest days worked by decree (e.g. a Saturday worked to bridge a public "
        "holiday): they count as working days with the hours of the first working "
        "day of the week.",
    )

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if self.flexible_hours:
            return result
        workdays = self.crm_workday_ids.filtered(
            lambda w: (
                start_dt.date() - timedelta(days=1) <= w.date <= end_dt.date() + timedelta(days=1)
            )
        )
        if not workdays:
            return result
        attendances = self.attendance_ids.filtered(
            lambda a: not a.display_type and (a.day_period == "lunch") == bool(lunch)
        )
        if not attendances:
            return result
        # the hours of the first working day of the week (week type 0 for two-week calendars)
        if self.two_weeks_calendar:
            attendances = attendances.filtered(lambda a: a.week_type == "0")
        first_day = min(attendances.mapped("dayofweek"), key=int)
        attendances = attendances.filtered(lambda a: a.dayofweek == first_day)
        resources_list = [*(resources or []), self.env["resource.resource"]]
        for resource in resources_list:
            rtz = tz or timezone((resource or self).tz)
            low, high = start_dt.astimezone(rtz), end_dt.astimezone(rtz)
            extra = []
            for workday in workdays:
                for attendance in attendances:
                    begin = rtz.localize(
                        datetime.combine(workday.date, float_to_time(attendance.hour_from))
                    )
                    end = rtz.localize(
                        datetime.combine(workday.date, float_to_time(attendance.hour_to))
                    )
                    begin, end = max(begin, low), min(end, high)
                    if begin < end:
                        extra.append((begin, end, attendance))
            if extra:
                result[resource.id] = result[resource.id] | Intervals(extra, keep_distinct=True)
        return result

    def _crm_add_work_days(self, start, days):
        """The date ``days`` working days after the date ``start`` (``start``
        itself not counted), in this calendar: its weekly attendances, minus its
        public holidays (global leaves), plus its make-up working days."""
        self.ensure_one()
        if days <= 0:
            return start
        rtz = timezone(self.tz or "UTC")
        day_after = rtz.localize(datetime.combine(start + timedelta(days=1), time.min))
        planned = self.plan_days(days, day_after, compute_leaves=True)
        return planned.astimezone(rtz).date() if planned else False
