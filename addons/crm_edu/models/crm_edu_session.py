# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import DeadlockDetected, ExclusionViolation, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

# The overlap constraints are deferrable: the ORM's flush queues the rows,
# then one ``SET CONSTRAINTS ... IMMEDIATE`` checks them, so a conflict is an
# expected refusal turned into a clear message, not a failed query.
OVERLAP_CONSTRAINTS = (
    "crm_edu_session_teacher_overlap",
    "crm_edu_session_room_overlap",
    "crm_edu_attendee_student_overlap",
)
ATTENDING_STATES = ("present", "late")
MANAGER_GROUP = "crm_edu.group_edu_manager"
# what a teacher may change on their own sessions: the attendance
TEACHER_SESSION_FIELDS = {"state", "attendee_ids"}


class CrmEduSession(models.Model):
    """One lesson of a class. A teacher, a room and a student can never be in
    two sessions at the same time: PostgreSQL exclusion constraints enforce it,
    so two users saving at once cannot both succeed."""

    _name = "crm.edu.session"
    _description = "Lesson Session"
    _inherit = ["crm.input.guard.mixin"]
    _order = "start_datetime, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    class_id = fields.Many2one(
        "crm.edu.class", required=True, index=True, ondelete="cascade", check_company=True
    )
    course_id = fields.Many2one(related="class_id.course_id", store=True, index=True)
    teacher_id = fields.Many2one(
        "crm.edu.teacher",
        compute="_compute_from_class",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    room_id = fields.Many2one(
        "crm.edu.room",
        compute="_compute_from_class",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    capacity = fields.Integer(
        compute="_compute_from_class", store=True, readonly=False, precompute=True
    )
    campus_id = fields.Many2one(related="room_id.campus_id", store=True, index=True)
    start_datetime = fields.Datetime(string="Start", required=True, index=True)
    stop_datetime = fields.Datetime(string="End", required=True)
    duration = fields.Float(compute="_compute_duration", store=True, string="Hours")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        index=True,
    )
    attendee_ids = fields.One2many("crm.edu.attendee", "session_id", string="Attendance")
    seats_taken = fields.Integer(compute="_compute_seats", store=True)
    seats_free = fields.Integer(compute="_compute_seats", store=True)
    company_id = fields.Many2one(related="class_id.company_id", store=True, index=True)

    _dates_valid = models.Constraint(
        "CHECK (stop_datetime > start_datetime)", "A session ends after it starts."
    )
    _teacher_overlap = models.Constraint(
        "EXCLUDE USING gist (teacher_id WITH =, tsrange(start_datetime, stop_datetime) WITH &&) "
        "WHERE (state <> 'cancelled') DEFERRABLE INITIALLY IMMEDIATE",
        "The teacher already has a session at this time.",
    )
    _room_overlap = models.Constraint(
        "EXCLUDE USING gist (room_id WITH =, tsrange(start_datetime, stop_datetime) WITH &&) "
        "WHERE (state <> 'cancelled') DEFERRABLE INITIALLY IMMEDIATE",
        "The room is already used by a session at this time.",
    )

    def _auto_init(self):
        # the extension must exist before the constraints (also on update)
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.depends("class_id.name", "start_datetime", "room_id")
    def _compute_name(self):
        for session in self:
            when = format_datetime(
                self.env,
                session.start_datetime,
                tz=session.room_id.campus_id.edu_tz or None,
                dt_format="yyyy-MM-dd HH:mm",
            )
            session.name = f"{session.class_id.name} \u2013 {when}" if session.class_id else when

    @api.depends("class_id")
    def _compute_from_class(self):
        for session in self:
            session.teacher_id = session.class_id.teacher_id
            session.room_id = session.class_id.room_id
            session.capacity = session.class_id.capacity

    @api.depends("start_datetime", "stop_datetime")
    def _compute_duration(self):
        for session in self:
            if session.start_datetime and session.stop_datetime:
                delta = session.stop_datetime - session.start_datetime
                session.duration = delta.total_seconds() / 3600
            else:
                session.duration = 0.0

    @api.depends("capacity", "attendee_ids.state")
    def _compute_seats(self):
        taken = dict(
            self.env["crm.edu.attendee"]._read_group(
                [("session_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["session_id"],
                ["__count"],
            )
        )
        for session in self:
            session.seats_taken = taken.get(session, 0)
            session.seats_free = session.capacity - session.seats_taken

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._edu_defer_overlaps()
        sessions = super().create(vals_list)
        sessions._edu_check_conflicts()
        return sessions

    def write(self, vals):
        if (
            not self.env.su
            and set(vals) - TEACHER_SESSION_FIELDS
            and not self.env.user.has_group(MANAGER_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only campus managers may reschedule or change a session; teachers mark "
                    "the attendance."
                )
            )
        checked = {"teacher_id", "room_id", "start_datetime", "stop_datetime", "state"} & set(vals)
        if checked:
            self._edu_defer_overlaps()
        res = super().write(vals)
        if checked:
            self._edu_check_conflicts()
        if "capacity" in vals:
            self._edu_check_capacity()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_all_present(self):
        """Mark every booked student of the sessions present."""
        self.attendee_ids.filtered(lambda a: a.state == "booked").write({"state": "present"})
        return True

    def action_done(self):
        booked = self.attendee_ids.filtered(lambda a: a.state == "booked")
        if booked:
            raise UserError(
                self.env._(
                    "Mark the attendance of every student before closing the session: %(students)s",
                    students=", ".join(booked.mapped("student_id.name")),
                )
            )
        self.state = "done"
        return True

    def action_cancel(self):
        self.attendee_ids.filtered(lambda a: a.state in ATTENDING_STATES).write(
            {"state": "excused"}
        )
        self.state = "cancelled"
        return True

    # ------------------------------------------------------------
    # CONCURRENCY
    # ------------------------------------------------------------

    def _edu_lock(self):
        """Lock the rows of the sessions (in id order) before counting their
        seats, so that two bookings of the last seat are serialized."""
        self._crm_lock_rows(
            self.env._(
                "Session %(session)s was just booked or changed by another user: "
                "refresh and try again.",
                session=", ".join(self.sudo().mapped("name")),
            ),
            wait=True,
            error=ValidationError,
        )

    def _edu_check_capacity(self):
        for session in self:
            if session.seats_taken > session.capacity:
                raise ValidationError(
                    self.env._(
                        "Session \u201c%(session)s\u201d is full: %(capacity)s seats, "
                        "%(taken)s students booked.",
                        session=session.name,
                        capacity=session.capacity,
                        taken=session.seats_taken,
                    )
                )

    @api.model
    def _edu_defer_overlaps(self):
        """Queue the overlap checks of the rows about to be written until
        ``_edu_check_conflicts`` (or the commit, at the latest)."""
        names = SQL(", ").join(SQL.identifier(name) for name in OVERLAP_CONSTRAINTS)
        self.env.cr.execute(SQL("SET CONSTRAINTS %s DEFERRED", names))

    def _edu_check_conflicts(self, attendees=None):
        """Check the overlap constraints now; turn a violation into a message
        naming the conflicting session, teacher, room or student."""
        cr = self.env.cr
        names = SQL(", ").join(SQL.identifier(name) for name in OVERLAP_CONSTRAINTS)
        self.env.flush_all()
        try:
            with cr.savepoint(flush=False):
                cr.execute(SQL("SET CONSTRAINTS %s IMMEDIATE", names), log_exceptions=False)
        except (ExclusionViolation, SerializationFailure, DeadlockDetected) as error:
            constraint = getattr(error.diag, "constraint_name", None)
            message = self._edu_conflict_message(constraint, attendees)
            raise ValidationError(message) from None

    def _edu_tz(self):
        """The session's timezone: its campus's (the one its name is written in)."""
        self.ensure_one()
        campus = self.room_id.campus_id or self.class_id.campus_id
        return campus.edu_tz or self.env.user.tz or "UTC"

    def _edu_when(self):
        """Start and end of the session for a message, in the campus's
        timezone, named: ``2026-11-27 09:00`` - ``10:00 (Asia/Shanghai)``."""
        self.ensure_one()
        tz = self._edu_tz()
        return {
            "start": format_datetime(
                self.env, self.start_datetime, tz=tz, dt_format="yyyy-MM-dd HH:mm"
            ),
            "stop": f"{format_datetime(self.env, self.stop_datetime, tz=tz, dt_format='HH:mm')}"
            f" ({tz})",
        }

    def _edu_conflict_message(self, constraint, attendees=None):
        sessions = self.exists()
        attendees = (attendees or sessions.attendee_ids).exists()
        cr = self.env.cr
        if constraint == "crm_edu_attendee_student_overlap" and attendees:
            cr.execute(
                SQL(
                    """SELECT a.id, o.id FROM crm_edu_attendee a
                       JOIN crm_edu_attendee o ON o.student_id = a.student_id AND o.id <> a.id
                        AND o.state <> 'cancelled' AND o.session_state <> 'cancelled'
                        AND tsrange(o.start_datetime, o.stop_datetime)
                            && tsrange(a.start_datetime, a.stop_datetime)
                      WHERE a.id IN %s AND a.state <> 'cancelled' ORDER BY a.id, o.id LIMIT 1""",
                    tuple(attendees.ids),
                )
            )
            row = cr.fetchone()
            Attendee = self.env["crm.edu.attendee"].sudo()
            if row:
                mine, other = Attendee.browse(row)
                return self.env._(
                    "Student %(student)s is already booked in session \u201c%(other)s\u201d "
                    "(%(start)s - %(stop)s): cannot also attend \u201c%(session)s\u201d.",
                    student=mine.student_id.name,
                    other=other.session_id.name,
                    **other.session_id._edu_when(),
                    session=mine.session_id.name,
                )
            return self.env._(
                "Student %(student)s was just booked at the same time by another user: "
                "refresh and choose another session.",
                student=", ".join(attendees.mapped("student_id.name")),
            )
        if not sessions:
            sessions = attendees.session_id
        column = "room_id" if constraint == "crm_edu_session_room_overlap" else "teacher_id"
        cr.execute(
            SQL(
                """SELECT s.id, o.id FROM crm_edu_session s
                   JOIN crm_edu_session o ON o.%(col)s = s.%(col)s AND o.id <> s.id
                    AND o.state <> 'cancelled'
                    AND tsrange(o.start_datetime, o.stop_datetime)
                        && tsrange(s.start_datetime, s.stop_datetime)
                  WHERE s.id IN %(ids)s AND s.state <> 'cancelled' ORDER BY s.id, o.id LIMIT 1""",
                col=SQL.identifier(column),
                ids=tuple(sessions.ids) or (0,),
            )
        )
        row = cr.fetchone()
        Session = self.sudo()
        if row:
            mine, other = Session.browse(row)
            values = {
                "session": mine.name,
                "other": other.name,
                **other._edu_when(),
            }
            if column == "room_id":
                return self.env._(
                    "Room %(room)s is already used by session \u201c%(other)s\u201d "
                    "(%(start)s - %(stop)s): \u201c%(session)s\u201d cannot take it at the "
                    "same time.",
                    room=mine.room_id.display_name,
                    **values,
                )
            return self.env._(
                "Teacher %(teacher)s is already teaching session \u201c%(other)s\u201d "
                "(%(start)s - %(stop)s): \u201c%(session)s\u201d cannot be at the same time.",
                teacher=mine.teacher_id.name,
                **values,
            )
        if column == "room_id":
            return self.env._(
                "Room %(room)s was just booked at the same time by another user: refresh and "
                "choose another time or room.",
                room=", ".join(sessions.mapped("room_id.display_name")),
            )
        return self.env._(
            "Teacher %(teacher)s was just booked at the same time by another user: refresh "
            "and choose another time or teacher.",
            teacher=", ".join(sessions.mapped("teacher_id.name")),
        )
