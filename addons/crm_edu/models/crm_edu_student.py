# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_edu_course import LEVELS

ERASED = "[erased]"


class CrmEduStudent(models.Model):
    """A learner (often a minor: PIPL treats data of children under 14 as
    sensitive), with the guardians who decide and pay."""

    _name = "crm.edu.student"
    _description = "Student"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.personal.data.mixin",
        "crm.input.guard.mixin",
    ]
    _order = "name, id"
    _check_company_auto = True

    # the student's own contact, when there is one: a data subject
    _crm_privacy_partner_field = "partner_id"

    name = fields.Char(required=True, tracking=True, index="trigram")
    partner_id = fields.Many2one(
        "res.partner",
        string="Student Contact",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
    birth_date = fields.Date()
    age = fields.Integer(compute="_compute_age", search="_search_age")
    is_minor_under_14 = fields.Boolean(compute="_compute_age", string="Under 14")
    level = fields.Selection(LEVELS, default="beginner", tracking=True)
    goal_ids = fields.Many2many(
        "crm.edu.subject", string="Learning Goals", help="Subjects the student wants to learn."
    )
    slot_ids = fields.One2many(
        "crm.edu.student.slot",
        "student_id",
        string="Preferred Time Slots",
        groups="sales_team.group_sale_salesman",
    )
    campus_id = fields.Many2one(
        "crm.team",
        string="Preferred Campus",
        index=True,
        check_company=True,
        domain="[('is_campus', '=', True)]",
        ondelete="set null",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Advisor",
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        ondelete="set null",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead",
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
        ondelete="set null",
    )
    guardian_ids = fields.One2many(
        "crm.edu.guardian",
        "student_id",
        string="Guardians",
        groups="sales_team.group_sale_salesman",
    )
    assessment_ids = fields.One2many("crm.edu.assessment", "student_id", string="Assessments")
    attendee_ids = fields.One2many("crm.edu.attendee", "student_id", string="Sessions")
    contract_ids = fields.One2many(
        "crm.edu.contract",
        "student_id",
        string="Contracts",
        groups="sales_team.group_sale_salesman",
    )
    contract_count = fields.Integer(
        compute="_compute_contract_count", groups="sales_team.group_sale_salesman"
    )
    remaining_lessons = fields.Integer(
        compute="_compute_contract_count", groups="sales_team.group_sale_salesman"
    )
    notes = fields.Html()
    absence_streak = fields.Integer(readonly=True, copy=False)
    at_risk = fields.Boolean(string="At Risk", readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )
    active = fields.Boolean(default=True)

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for student in self:
            age = relativedelta(today, student.birth_date).years if student.birth_date else 0
            student.age = age
            student.is_minor_under_14 = bool(student.birth_date) and age < 14

    def _search_age(self, operator, value):
        if operator not in ("=", "<", "<=", ">", ">=") or not isinstance(value, int):
            return NotImplemented
        today = fields.Date.context_today(self)
        youngest = today - relativedelta(years=value)  # born on/after => younger than value
        oldest = today - relativedelta(years=value + 1) + timedelta(days=1)
        if operator == "=":
            return [("birth_date", ">=", oldest), ("birth_date", "<=", youngest)]
        if operator == ">=":
            return [("birth_date", "<=", youngest)]
        if operator == ">":
            return [("birth_date", "<", oldest)]
        if operator == "<":
            return [("birth_date", ">", youngest)]
        return [("birth_date", ">=", oldest)]

    @api.depends("contract_ids.remaining_lessons", "contract_ids.state")
    def _compute_contract_count(self):
        groups = self.env["crm.edu.contract"]._read_group(
            [("student_id", "in", self.ids)],
            ["student_id", "state"],
            ["__count", "remaining_lessons:sum"],
        )
        counts, remaining = {}, {}
        for student, state, count, left in groups:
            counts[student] = counts.get(student, 0) + count
            if state == "active":
                remaining[student] = remaining.get(student, 0) + left
        for student in self:
            student.contract_count = counts.get(student, 0)
            student.remaining_lessons = remaining.get(student, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_contracts(self):
        return self._crm_related_action("crm_edu.crm_edu_contract_action", "student_id")

    def action_view_sessions(self):
        return self._crm_related_action("crm_edu.crm_edu_attendee_action", "student_id")

    def action_recommend(self):
        self.ensure_one()
        return self.env["crm.edu.recommend"]._edu_open(self, self.lead_id)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _edu_update_absence_streak(self):
        """Count the latest consecutive absences of the students (excused
        lessons neither count nor break a streak): one query. A student
        reaching the category's streak is flagged at risk and their advisor
        gets one follow-up activity per streak."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT a.student_id,
                          COALESCE(MIN(a.rn) FILTER (WHERE a.state <> 'absent') - 1, COUNT(*)),
                          (ARRAY_AGG(cat.absence_streak ORDER BY a.rn))[1]
                     FROM (SELECT student_id, state, course_id,
                                  row_number() OVER (PARTITION BY student_id
                                                     ORDER BY start_datetime DESC, id DESC) AS rn
                             FROM crm_edu_attendee
                            WHERE student_id IN %s AND kind = 'regular'
                              AND state IN ('present', 'late', 'absent')) a
                     JOIN crm_edu_course c ON c.id = a.course_id
                     JOIN crm_edu_course_category cat ON cat.id = c.category_id
                    GROUP BY a.student_id""",
                tuple(self.ids),
            )
        )
        rows = {row[0]: (row[1], row[2] or 3) for row in self.env.cr.fetchall()}
        newly_at_risk = self.browse()
        for student in self:
            streak, limit = rows.get(student.id, (0, 3))
            at_risk = streak >= limit
            if at_risk and not student.at_risk:
                newly_at_risk |= student
            if student.absence_streak != streak or student.at_risk != at_risk:
                student.write({"absence_streak": streak, "at_risk": at_risk})
        values = []
        deadline = fields.Date.context_today(self) + timedelta(days=1)
        for student in newly_at_risk:
            user = student.user_id or student.lead_id.user_id
            if user:
                values.append(
                    student._crm_todo_values(
                        user,
                        student._crm_for(user).env._(
                            "%(student)s missed %(count)s lessons in a row: follow up with "
                            "the family",
                            student=student.name,
                            count=rows[student.id][0],
                        ),
                        deadline,
                    )
                )
        if values:
            self.env["mail.activity"].sudo().create(values)

    # ------------------------------------------------------------
    # PRIVACY HOOKS (crm_custom_core governance)
    # ------------------------------------------------------------

    @api.model
    def _crm_privacy_records(self, partners):
        """Students who are the partners, or whose guardians they are."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "in", partners.ids),
                    ("guardian_ids.partner_id", "in", partners.ids),
                ]
            )
        )

    def _crm_privacy_strings(self):
        strings = super()._crm_privacy_strings()
        for student in self.sudo():
            if student.name and len(student.name) >= 4 and not student.name.startswith(ERASED):
                strings.add(student.name)
        return strings

    def _crm_privacy_anonymize(self):
        """Erase who the child is (name, birth date, notes, preferences,
        assessment notes); keep lessons and contracts for anonymous figures."""
        students = self.sudo().with_context(tracking_disable=True)
        for student in students:
            student.write(
                {
                    "name": f"{ERASED} #{student.id}",
                    "birth_date": False,
                    "notes": False,
                    "goal_ids": [fields.Command.clear()],
                }
            )
        students.slot_ids.unlink()
        students.assessment_ids.write({"note": False})
        students.guardian_ids.write({"note": False})
        students.message_ids.unlink()
        return True
