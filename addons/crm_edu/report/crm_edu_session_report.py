# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class CrmEduSessionReport(models.Model):
    """Teaching KPIs, one row per session that was not cancelled: hours
    taught, the share of the teacher's weekly availability it takes (summed
    per teacher and week: the teacher's utilization), seat fill rate and
    attendance rate."""

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
    teacher_load = fields.Float(
        string="Teacher Utilization (%)",
        aggregator="sum",
        readonly=True,
        help="Hours of the session as a share of the teacher's weekly availability; summed "
        "per teacher and week, the share of the week's available hours spent teaching.",
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
                       s.duration * 100.0 / NULLIF(av.weekly_hours, 0) AS teacher_load,
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
