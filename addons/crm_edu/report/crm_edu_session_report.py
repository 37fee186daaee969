# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class CrmEduSessionReport(models.Model):
    """Teaching KPIs, one row per session that was not cancelled: hours
    taught, teacher utilization, seat fill rate and attendance rate.

    Rates are never added up: every group (a teacher, a week, a term, the
    total) reads sum(numerator) / sum(denominator) (``_read_group_select``).
    The teacher's weekly availability is spread over the week's sessions in
    proportion to their hours (``available_hours``), so a teacher's
    utilization in a week is the hours taught that week over the hours
    available that week (at most 100% unless overbooked), and over a term the
    hours taught over the hours available in the weeks taught."""

    _name = "crm.edu.session.report"
    _description = "Education Teaching KPIs"
    _auto = False
    _order = "date desc"

    session_id = fields.Many2one("crm.edu.session", readonly=True)
    date = fields.Date(readonly=True)
    teacher_id = fields.Many2one("crm.edu.teacher", readonly=True)
    campus_id = fields.Many2one("crm.team", string="Campus", readonly=True)
    course_id = fields.Many2one("crm.edu.course", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection([("planned", "Planned"), ("done", "Done")], readonly=True)
    hours = fields.Float(readonly=True)
    capacity = fields.Integer(readonly=True)
    seats_taken = fields.Integer(string="Seats Booked", readonly=True)
    attended_count = fields.Integer(string="Attended", readonly=True)
    marked_count = fields.Integer(string="Attendance Marked", readonly=True)
    available_hours = fields.Float(
        string="Available Hours",
        readonly=True,
        help="The teacher's weekly availability, spread over the week's sessions in "
        "proportion to their hours.",
    )
    teacher_load = fields.Float(
        string="Teacher Utilization (%)",
        aggregator="avg",
        readonly=True,
        help="Hours taught over the teacher's available hours, per teacher and week "
        "(at most 100% unless overbooked); for several weeks or teachers, all their hours "
        "taught over all their available hours.",
    )
    utilization = fields.Float(string="Seat Utilization (%)", aggregator="avg", readonly=True)
    attendance_rate = fields.Float(string="Attendance Rate (%)", aggregator="avg", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT s.id, s.id AS session_id, s.start_datetime::date AS date, s.teacher_id,
                       s.campus_id, s.course_id, s.company_id, s.state,
                       s.duration AS hours, s.capacity, s.seats_taken,
                       COALESCE(a.attended, 0) AS attended_count,
                       COALESCE(a.marked, 0) AS marked_count,
                       av.weekly_hours * s.duration / NULLIF(SUM(s.duration) OVER (
                           PARTITION BY s.teacher_id, date_trunc('week', s.start_datetime)
                       ), 0) AS available_hours,
                       SUM(s.duration) OVER (
                           PARTITION BY s.teacher_id, date_trunc('week', s.start_datetime)
                       ) * 100.0 / NULLIF(av.weekly_hours, 0) AS teacher_load,
                       CASE WHEN s.capacity > 0 THEN s.seats_taken * 100.0 / s.capacity END
                           AS utilization,
                       CASE WHEN a.marked > 0 THEN a.attended * 100.0 / a.marked END
                           AS attendance_rate
                  FROM crm_edu_session s
                  LEFT JOIN (
                      SELECT session_id,
                             COUNT(*) FILTER (WHERE state IN ('present', 'late')) AS attended,
                             COUNT(*) FILTER (WHERE state IN ('present', 'late', 'absent'))
                                 AS marked
                        FROM crm_edu_attendee GROUP BY session_id
                  ) a ON a.session_id = s.id
                  LEFT JOIN (
                      SELECT teacher_id, SUM(hour_to - hour_from) AS weekly_hours
                        FROM crm_edu_teacher_availability GROUP BY teacher_id
                  ) av ON av.teacher_id = s.teacher_id
                 WHERE s.state <> 'cancelled'
                )""",
                SQL.identifier(self._table),
            )
        )

    # rates of a group: sum(numerator) / sum(denominator), never a sum of rates
    _RATES = {
        "teacher_load": ("hours", "available_hours"),
        "utilization": ("seats_taken", "capacity"),
        "attendance_rate": ("attended_count", "marked_count"),
    }

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if fname not in self._RATES or func not in ("avg", "sum"):
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = self._RATES[fname]
        return SQL(
            "SUM(%s) * 100.0 / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            self._field_to_sql(self._table, denominator, query),
        )
