# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmEduClass(models.Model):
    _name = "crm.edu.class"
    _description = "Class"
    _inherit = ["mail.thread"]
    _order = "date_start desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    course_id = fields.Many2one(
        "crm.edu.course", required=True, index=True, check_company=True, tracking=True
    )
    subject_id = fields.Many2one(related="course_id.subject_id", store=True, index=True)
    level = fields.Selection(related="course_id.level", store=True)
    teacher_id = fields.Many2one(
        "crm.edu.teacher", required=True, index=True, check_company=True, tracking=True
    )
    room_id = fields.Many2one(
        "crm.edu.room", required=True, index=True, check_company=True, tracking=True
    )
    campus_id = fields.Many2one(related="room_id.campus_id", store=True, index=True)
    capacity = fields.Integer(required=True, default=10, tracking=True)
    schedule_ids = fields.One2many(
        "crm.edu.class.schedule", "class_id", string="Weekly Schedule", copy=True
    )
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(string="End Date", required=True)
    session_ids = fields.One2many("crm.edu.session", "class_id", string="Sessions")
    session_count = fields.Integer(compute="_compute_session_count")
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("done", "Finished"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _capacity_positive = models.Constraint(
        "CHECK (capacity > 0)", "The capacity of a class must be at least one seat."
    )
    _dates_valid = models.Constraint(
        "CHECK (date_end >= date_start)", "A class ends on or after its start date."
    )

    @api.depends("session_ids")
    def _compute_session_count(self):
        self._crm_count("session_count", "crm.edu.session", "class_id")

    @api.constrains("capacity", "room_id")
    def _check_capacity(self):
        for klass in self:
            if klass.capacity > klass.room_id.capacity:
                raise ValidationError(
                    self.env._(
                        "Class \u201c%(klass)s\u201d: the capacity (%(capacity)s) exceeds the "
                        "%(seats)s seats of room %(room)s.",
                        klass=klass.name,
                        capacity=klass.capacity,
                        seats=klass.room_id.capacity,
                        room=klass.room_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate_sessions(self):
        """Create the planned sessions of the weekly pattern between the start
        and end dates (the ones already generated are kept)."""
        sessions = self._edu_generate_sessions()
        self.filtered(lambda k: k.state == "draft").state = "open"
        return sessions

    def action_view_sessions(self):
        return self._crm_related_action("crm_edu.crm_edu_session_action", "class_id")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _edu_slots(self):
        """[(start, stop)] in UTC (naive) of the weekly pattern of the class."""
        self.ensure_one()
        tz = pytz.timezone(self.campus_id.edu_tz or self.env.user.tz or "UTC")
        slots = []
        day = self.date_start
        while day <= self.date_end:
            for slot in self.schedule_ids:
                if int(slot.weekday) != day.weekday():
                    continue
                start = datetime.combine(day, time()) + timedelta(hours=slot.hour_from)
                stop = datetime.combine(day, time()) + timedelta(hours=slot.hour_to)
                slots.append(
                    (
                        tz.localize(start).astimezone(pytz.utc).replace(tzinfo=None),
                        tz.localize(stop).astimezone(pytz.utc).replace(tzinfo=None),
                    )
                )
            day += timedelta(days=1)
        return slots

    def _edu_generate_sessions(self):
        values = []
        for klass in self:
            if not klass.schedule_ids:
                raise UserError(
                    self.env._(
                        "Class \u201c%(klass)s\u201d has no weekly schedule: add its weekly "
                        "slots before generating the sessions.",
                        klass=klass.name,
                    )
                )
            existing = set(klass.session_ids.mapped("start_datetime"))
            values += [
                {
                    "class_id": klass.id,
                    "start_datetime": start,
                    "stop_datetime": stop,
                }
                for start, stop in klass._edu_slots()
                if start not in existing
            ]
        return self.env["crm.edu.session"].create(values)
