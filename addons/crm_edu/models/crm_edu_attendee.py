# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .crm_edu_session import ATTENDING_STATES

STATES = [
    ("booked", "Booked"),
    ("present", "Present"),
    ("late", "Late"),
    ("absent", "Absent"),
    ("excused", "Excused"),
    ("cancelled", "Cancelled"),
]


class CrmEduAttendee(models.Model):
    """A seat of a student in a session (regular lesson or trial lesson) and
    its attendance. The seat carries the session's time range so that the
    database refuses a student in two sessions at once."""

    _name = "crm.edu.attendee"
    _description = "Session Attendee"
    _inherit = ["crm.input.guard.mixin"]
    _order = "start_datetime desc, id"
    _check_company_auto = True

    session_id = fields.Many2one(
        "crm.edu.session", required=True, index=True, ondelete="cascade", check_company=True
    )
    student_id = fields.Many2one(
        "crm.edu.student", required=True, index=True, ondelete="cascade", check_company=True
    )
    kind = fields.Selection(
        [("regular", "Regular"), ("trial", "Trial Lesson")],
        required=True,
        default="regular",
    )
    state = fields.Selection(STATES, required=True, default="booked", index=True)
    start_datetime = fields.Datetime(related="session_id.start_datetime", store=True)
    stop_datetime = fields.Datetime(related="session_id.stop_datetime", store=True)
    session_state = fields.Selection(
        related="session_id.state", store=True, string="Session Status"
    )
    class_id = fields.Many2one(related="session_id.class_id", store=True, index=True)
    course_id = fields.Many2one(related="session_id.course_id", store=True)
    teacher_id = fields.Many2one(related="session_id.teacher_id", store=True, index=True)
    campus_id = fields.Many2one(related="session_id.campus_id", store=True)
    company_id = fields.Many2one(related="session_id.company_id", store=True, index=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead",
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
        ondelete="set null",
    )
    consumption_id = fields.Many2one(
        "crm.edu.consumption",
        string="Lesson Consumed",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman",
        ondelete="set null",
    )
    note = fields.Char()

    _student_overlap = models.Constraint(
        "EXCLUDE USING gist (student_id WITH =, tsrange(start_datetime, stop_datetime) WITH &&) "
        "WHERE (state <> 'cancelled' AND session_state <> 'cancelled') "
        "DEFERRABLE INITIALLY IMMEDIATE",
        "The student is already booked in a session at this time.",
    )

    def _auto_init(self):
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    def _compute_display_name(self):
        for attendee in self:
            attendee.display_name = (
                f"{attendee.student_id.name} @ {attendee.session_id.name}"
                if attendee.session_id
                else attendee.student_id.name
            )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        sessions = self.env["crm.edu.session"].browse(
            sorted({vals["session_id"] for vals in vals_list if vals.get("session_id")})
        )
        sessions._edu_lock()
        sessions._edu_defer_overlaps()
        attendees = super().create(vals_list)
        attendees.session_id._edu_check_capacity()
        attendees.session_id._edu_check_conflicts(attendees)
        attendees.sudo().filtered(lambda a: a.kind == "trial" and a.lead_id)._edu_trial_booked()
        attended = attendees.filtered(lambda a: a.state != "booked")
        if attended:
            attended.sudo()._edu_apply_attendance()
        return attendees

    def write(self, vals):
        if (
            not self.env.su
            and set(vals) - {"state", "note"}
            and not self.env.user.has_group("sales_team.group_sale_salesman")
        ):
            raise AccessError(
                self.env._("Teachers mark the attendance; advisors change the bookings.")
            )
        reseat = "session_id" in vals or vals.get("state") == "booked"
        if reseat:
            sessions = self.session_id
            if vals.get("session_id"):
                sessions |= sessions.browse(vals["session_id"])
            sessions.sorted("id")._edu_lock()
        checked = {"session_id", "student_id", "state"} & set(vals)
        if checked:
            self.env["crm.edu.session"]._edu_defer_overlaps()
        res = super().write(vals)
        if reseat:
            self.session_id._edu_check_capacity()
        if checked:
            self.session_id._edu_check_conflicts(self)
        if "state" in vals:
            # rights were checked by the write: the bookkeeping behind it is
            # not the teacher's (contracts, leads)
            self.sudo()._edu_apply_attendance()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_present(self):
        self.state = "present"

    def action_late(self):
        self.state = "late"

    def action_absent(self):
        self.state = "absent"

    def action_excused(self):
        self.state = "excused"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _edu_trial_booked(self):
        self.lead_id.sudo()._edu_advance("crm_edu.edu_stage_trial_booked")

    def _edu_apply_attendance(self):
        """Consume or release lessons, advance trial leads, follow absences.
        A constant number of queries for a whole session."""
        regular = self.filtered(lambda a: a.kind == "regular")
        attending = regular.filtered(lambda a: a.state in ATTENDING_STATES)
        released = (regular - attending).filtered("consumption_id")
        contracts = self.env["crm.edu.contract"].sudo()
        if released:
            consumptions = released.consumption_id.sudo()
            contracts |= consumptions.contract_id
            released.sudo().consumption_id = False
            consumptions.unlink()
        to_consume = attending.filtered(lambda a: not a.consumption_id)
        if to_consume:
            contracts |= to_consume._edu_consume()
        if contracts:
            contracts._edu_check_renewal()
            contracts.filtered(lambda c: c.consumed_lessons == 1)._edu_first_lesson()
        trials = self.filtered(lambda a: a.kind == "trial" and a.lead_id)
        trials.filtered(lambda a: a.state in ATTENDING_STATES)._edu_trial_attended()
        trials.filtered(lambda a: a.state == "absent")._edu_trial_no_show()
        regular.filtered(
            lambda a: a.state in (*ATTENDING_STATES, "absent")
        ).student_id.sudo()._edu_update_absence_streak()

    def _edu_consume(self):
        """One lesson of the oldest active contract with lessons left for
        each attendee; refuse the students without one."""
        Contract = self.env["crm.edu.contract"].sudo()
        contracts = Contract.search(
            [
                ("student_id", "in", self.student_id.ids),
                ("course_id", "in", self.course_id.ids),
                ("state", "=", "active"),
                ("remaining_lessons", ">", 0),
            ],
            order="date_signed, id",
        )
        left = {contract: contract.remaining_lessons for contract in contracts}
        by_key = defaultdict(list)
        for contract in contracts:
            by_key[contract.student_id, contract.course_id].append(contract)
        values, missing = [], []
        for attendee in self:
            contract = next(
                (c for c in by_key[attendee.student_id, attendee.course_id] if left[c] > 0), None
            )
            if not contract:
                missing.append(attendee)
                continue
            left[contract] -= 1
            values.append(
                {
                    "contract_id": contract.id,
                    "attendee_id": attendee.id,
                    "date": attendee.start_datetime.date(),
                    "lessons": 1,
                }
            )
        if missing:
            raise ValidationError(
                self.env._(
                    "No active contract with lessons left for course %(course)s: %(students)s. "
                    "Sign or renew a contract first, or mark them excused.",
                    course=missing[0].course_id.name,
                    students=", ".join(a.student_id.name for a in missing),
                )
            )
        consumptions = self.env["crm.edu.consumption"].sudo().create(values)
        for consumption, attendee in zip(consumptions, self, strict=True):
            attendee.sudo().consumption_id = consumption
        return consumptions.contract_id

    def _edu_trial_attended(self):
        leads = self.lead_id.sudo()
        leads.filtered(lambda lead: not lead.edu_trial_attended_date).write(
            {"edu_trial_attended_date": fields.Date.context_today(self)}
        )
        leads._edu_advance("crm_edu.edu_stage_trial_attended")

    def _edu_trial_no_show(self):
        """A missed trial: the lead's advisor calls the family back (once:
        a lead with a callback still open gets no second one)."""
        Activity = self.env["mail.activity"].sudo()
        call = self.env.ref("mail.mail_activity_data_call")
        pending = set(
            Activity.search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", self.lead_id.ids),
                    ("activity_type_id", "=", call.id),
                ]
            ).mapped("res_id")
        )
        values = []
        for attendee in self:
            lead = attendee.lead_id.sudo()
            user = lead.user_id or lead.team_id.user_id
            if not user or lead.id in pending:
                continue
            pending.add(lead.id)
            vals = lead._crm_todo_values(
                user,
                attendee._crm_for(user).env._(
                    "Trial lesson missed by %(student)s: call the family back",
                    student=attendee.student_id.name,
                ),
                fields.Date.context_today(self) + timedelta(days=1),
            )
            vals["activity_type_id"] = call.id
            values.append(vals)
        Activity.create(values)
