# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmEduClass(models.Model):
    _name = "crm.edu.class"
    _description = "Class"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "date_start desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    course_id = fields.Many2one(
        "crm.edu.course",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    subject_id = fields.Many2one(related="course_id.subject_id", store=True, index=True)
    level = fields.Selection(related="course_id.level", store=True)
    teacher_id = fields.Many2one(
        "crm.edu.teacher",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    room_id = fields.Many2one(
        "crm.edu.room",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
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
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
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

    @api.model
    def _edu_demo_generate(self, class_ids):
        """Demo: a running term. Sessions of the classes; families at every
        step of the enrollment process; enrolled students with contracts and
        the attendance of the past weeks (one student at risk, one contract
        due for renewal)."""
        classes = self.browse(class_ids)
        classes.action_generate_sessions()
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        Partner = self.env["res.partner"]
        Student = self.env["crm.edu.student"]
        Lead = self.env["crm.lead"].with_context(mail_create_nolog=True)
        Attendee = self.env["crm.edu.attendee"]
        Contract = self.env["crm.edu.contract"]
        family_names = [
            ("Li Na", "Li Xiaoyu"),
            ("Zhang Wei", "Zhang Haoran"),
            ("Wang Min", "Wang Zihan"),
            ("Liu Yang", "Liu Yichen"),
            ("Chen Hong", "Chen Ruoxi"),
            ("Yang Jie", "Yang Muchen"),
            ("Zhao Li", "Zhao Xinyi"),
            ("Huang Lei", "Huang Zimo"),
            ("Zhou Ting", "Zhou Yutong"),
            ("Wu Qiang", "Wu Jiaxuan"),
            ("Xu Jing", "Xu Haoyu"),
            ("Sun Tao", "Sun Yuxi"),
            ("Ma Lin", "Ma Tianyou"),
            ("Zhu Yan", "Zhu Keran"),
            ("Hu Jun", "Hu Yiran"),
            ("Guo Xia", "Guo Zixuan"),
            ("He Bin", "He Mengqi"),
            ("Lin Fang", "Lin Junhao"),
        ]
        sources = [
            self.env.ref("utm.utm_source_search_engine", raise_if_not_found=False),
            self.env.ref("utm.utm_source_facebook", raise_if_not_found=False),
            self.env.ref("utm.utm_source_newsletter", raise_if_not_found=False),
        ]
        admin = self.env.ref("base.user_admin")
        for index, (parent, child) in enumerate(family_names):
            klass = classes[index % len(classes)]
            course = klass.course_id
            campus = klass.campus_id
            age = (course.age_min + course.age_max) // 2
            guardian = Partner.create(
                {
                    "name": parent,
                    "phone": f"1380000{index:04d}",
                    "email": f"family{index}@example.com",
                }
            )
            source = sources[index % len(sources)]
            lead = Lead.create(
                {
                    "name": self.env._("%(child)s - %(course)s", child=child, course=course.name),
                    "type": "opportunity",
                    "team_id": campus.id,
                    "user_id": campus.user_id.id or admin.id,
                    "partner_id": guardian.id,
                    "contact_name": parent,
                    "phone": guardian.phone,
                    "source_id": source.id if source else False,
                    "edu_student_name": child,
                    "edu_student_birth_date": today.replace(year=today.year - age, month=3, day=1),
                    "stage_id": Lead._edu_team_stage(campus, "crm_edu.edu_stage_form").id,
                }
            )
            step = index % 6 if index < 12 else 5
            if step == 0:
                continue  # fresh online form
            lead.action_edu_log_callback()
            student = Student.create(
                {
                    "name": child,
                    "birth_date": lead.edu_student_birth_date,
                    "level": course.level,
                    "goal_ids": [fields.Command.link(course.subject_id.id)],
                    "campus_id": campus.id,
                    "user_id": lead.user_id.id,
                    "lead_id": lead.id,
                    "guardian_ids": [
                        fields.Command.create(
                            {
                                "partner_id": guardian.id,
                                "relationship": "mother" if index % 2 else "father",
                                "is_primary": True,
                            }
                        )
                    ],
                    "slot_ids": [
                        fields.Command.create({"weekday": "5", "hour_from": 8, "hour_to": 13})
                    ],
                }
            )
            lead.edu_student_id = student
            if step == 1:
                continue  # called back, student registered
            sessions = klass.session_ids.sorted("start_datetime")
            past = sessions.filtered(lambda s: s.stop_datetime < now)
            future = sessions - past
            if step == 2:
                # trial booked next week
                Attendee.create(
                    {
                        "session_id": future[1].id,
                        "student_id": student.id,
                        "kind": "trial",
                        "lead_id": lead.id,
                    }
                )
                continue
            trial = Attendee.create(
                {
                    "session_id": past[0].id,
                    "student_id": student.id,
                    "kind": "trial",
                    "lead_id": lead.id,
                }
            )
            if step == 3:
                trial.state = "absent"  # no-show: callback activity
                continue
            trial.state = "present"
            lead.edu_recommended_course_id = course
            if step == 4:
                lead._edu_advance("crm_edu.edu_stage_recommended")
                continue
            # enrolled at the second week of the term
            lessons = 10 if index % 4 == 1 else min(course.lesson_count, 16)
            contract = Contract.create(
                {
                    "student_id": student.id,
                    "partner_id": guardian.id,
                    "course_id": course.id,
                    "campus_id": campus.id,
                    "lead_id": lead.id,
                    "user_id": lead.user_id.id,
                    "lesson_count": lessons,
                    "date_start": past[1].start_datetime.date(),
                    "date_end": past[1].start_datetime.date() + relativedelta(months=3),
                }
            )
            contract.action_sign()
            regular = Attendee.create(
                [{"session_id": s.id, "student_id": student.id} for s in sessions[1:]]
            )
            marked = regular.filtered(lambda a: a.stop_datetime < now)
            absent_streak = index % 4 == 3
            for position, attendee in enumerate(marked):
                if absent_streak and position >= len(marked) - 3:
                    attendee.state = "absent"
                elif position % 5 == 4:
                    attendee.state = "late"
                else:
                    attendee.state = "present"
        # closing the past sessions: every seat is marked
        for session in classes.session_ids.filtered(lambda s: s.stop_datetime < now):
            session.attendee_ids.filtered(lambda a: a.state == "booked").write({"state": "excused"})
            session.state = "done"
        return True

    def _edu_check_teacher_availability(self):
        """Refuse a weekly slot outside the teacher's weekly availability
        (when the teacher has one)."""
        self.ensure_one()
        availability = self.teacher_id.availability_ids
        if not availability:
            return
        weekdays = dict(self.env["crm.edu.class.schedule"]._fields["weekday"].selection)
        for slot in self.schedule_ids:
            if not any(
                free.weekday == slot.weekday
                and free.hour_from <= slot.hour_from
                and slot.hour_to <= free.hour_to
                for free in availability
            ):
                raise ValidationError(
                    self.env._(
                        "Class “%(klass)s”: %(teacher)s is not available on %(day)s "
                        "from %(start)s to %(stop)s (see the teacher's weekly availability).",
                        klass=self.name,
                        teacher=self.teacher_id.name,
                        day=weekdays[slot.weekday],
                        start=f"{int(slot.hour_from):02d}:{round(slot.hour_from % 1 * 60):02d}",
                        stop=f"{int(slot.hour_to):02d}:{round(slot.hour_to % 1 * 60):02d}",
                    )
                )

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
            klass._edu_check_teacher_availability()
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
