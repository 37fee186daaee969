# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from dateutil.relativedelta import relativedelta
from psycopg2.errors import DeadlockDetected, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount

MANAGER_GROUP = "crm_edu.group_edu_manager"
# Set by the flow (numbering, signing, refund, renewal) only.
FLOW_FIELDS = {
    "name",
    "state",
    "date_signed",
    "refunded_lessons",
    "refund_amount",
    "refund_date",
    "renewal_lead_id",
}
# What the family bought: frozen once the contract is signed.
TERM_FIELDS = {
    "student_id",
    "partner_id",
    "course_id",
    "lesson_count",
    "unit_price",
    "date_start",
    "date_end",
    "company_id",
    "lead_id",
}


class CrmEduContract(models.Model):
    """Enrollment contract: a prepaid package of lessons of one course."""

    _name = "crm.edu.contract"
    _description = "Enrollment Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "date_signed desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    student_id = fields.Many2one(
        "crm.edu.student",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Guardian (Payer)",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", ondelete="set null"
    )
    course_id = fields.Many2one(
        "crm.edu.course",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    category_id = fields.Many2one(related="course_id.category_id", store=True, index=True)
    campus_id = fields.Many2one(
        "crm.team",
        string="Campus",
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
        ondelete="set null",
    )
    lesson_count = fields.Integer(string="Lessons Bought", required=True, tracking=True)
    unit_price = fields.Monetary(
        string="Price per Lesson",
        compute="_compute_unit_price",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount = fields.Monetary(compute="_compute_amount", store=True, tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_signed = fields.Date(readonly=True, copy=False, tracking=True)
    date_start = fields.Date(required=True, default=fields.Date.context_today)
    date_end = fields.Date(
        string="Prepaid Until",
        required=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=3),
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("closed", "Closed"),
            ("refunded", "Refunded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
    )
    consumption_ids = fields.One2many("crm.edu.consumption", "contract_id", string="Consumption")
    consumed_lessons = fields.Integer(compute="_compute_lessons", store=True)
    refunded_lessons = fields.Integer(readonly=True, copy=False)
    remaining_lessons = fields.Integer(compute="_compute_lessons", store=True, index=True)
    refund_amount = fields.Monetary(readonly=True, copy=False, tracking=True)
    refund_date = fields.Date(readonly=True, copy=False)
    renewal_lead_id = fields.Many2one(
        "crm.lead",
        string="Renewal Opportunity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="restrict",
    )

    _lessons_positive = models.Constraint(
        "CHECK (lesson_count > 0)", "A contract buys at least one lesson."
    )
    _remaining_positive = models.Constraint(
        "CHECK (remaining_lessons >= 0)", "A contract cannot consume more lessons than it holds."
    )
    _dates_valid = models.Constraint(
        "CHECK (date_end >= date_start)", "A contract ends on or after its start date."
    )

    @api.depends("course_id")
    def _compute_unit_price(self):
        for contract in self:
            contract.unit_price = contract.course_id.lesson_price

    @api.depends("lesson_count", "unit_price")
    def _compute_amount(self):
        for contract in self:
            contract.amount = contract.lesson_count * contract.unit_price

    @api.depends("lesson_count", "refunded_lessons", "consumption_ids.lessons")
    def _compute_lessons(self):
        consumed = dict(
            self.env["crm.edu.consumption"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["lessons:sum"]
            )
        )
        for contract in self:
            used = consumed.get(contract, 0) if contract.id else 0
            contract.consumed_lessons = used
            contract.remaining_lessons = contract.lesson_count - used - contract.refunded_lessons

    def _edu_label(self):
        """The contract's number, or its student and course before it has one."""
        self.ensure_one()
        if self.name and self.name != "/":
            return self.name
        return f"{self.student_id.name} \u2013 {self.course_id.name}"

    @api.constrains("lesson_count", "date_start", "date_end", "course_id", "student_id", "state")
    def _check_prepaid_limit(self):
        """The prepaid limits of a course category apply to the student's whole
        prepaid balance in that category: the unconsumed lessons of all the
        student's active contracts, this one included (a draft counts with all
        its lessons), and the date they are prepaid until, at most the limit in
        months from today. The student is locked first, so two
        contracts saved at the same moment are checked one after the other."""
        checked = self.filtered(
            lambda c: (
                c.state in ("draft", "active")
                and (c.category_id.max_prepaid_lessons or c.category_id.max_prepaid_months)
            )
        )
        if not checked:
            return
        checked._edu_lock_students()
        today = fields.Date.context_today(self)
        for contract in checked:
            category = contract.category_id
            # all of the student's contracts count, whoever sold them
            others = self.sudo().search(
                [
                    ("student_id", "=", contract.student_id.id),
                    ("category_id", "=", category.id),
                    ("state", "=", "active"),
                    ("id", "!=", contract.id),
                ]
            )
            own = (
                contract.remaining_lessons if contract.state == "active" else contract.lesson_count
            )
            prepaid = sum(others.mapped("remaining_lessons"))
            if category.max_prepaid_lessons and own + prepaid > category.max_prepaid_lessons:
                if not prepaid:
                    raise ValidationError(
                        self.env._(
                            "Contract %(contract)s: %(count)s lessons exceed the prepaid "
                            "limit of %(limit)s lessons for %(category)s courses.",
                            contract=contract._edu_label(),
                            count=own,
                            limit=category.max_prepaid_lessons,
                            category=category.name,
                        )
                    )
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(count)s lessons, with the %(prepaid)s "
                        "unconsumed lessons of %(student)s's other active contracts "
                        "(%(others)s), exceed the prepaid limit of %(limit)s lessons for "
                        "%(category)s courses.",
                        contract=contract._edu_label(),
                        count=own,
                        prepaid=prepaid,
                        student=contract.student_id.name,
                        others=", ".join(others.mapped("name")),
                        limit=category.max_prepaid_lessons,
                        category=category.name,
                    )
                )
            if not category.max_prepaid_months:
                continue
            if contract.date_end > contract.date_start + relativedelta(
                months=category.max_prepaid_months
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: prepaid until %(end)s, beyond the limit of "
                        "%(limit)s months in advance for %(category)s courses.",
                        contract=contract._edu_label(),
                        end=contract.date_end,
                        limit=category.max_prepaid_months,
                        category=category.name,
                    )
                )
            if not others:
                continue
            involved = others | contract.sudo()
            start = max(today, min(involved.mapped("date_start")))
            horizon = max(involved.mapped("date_end"))
            if horizon > start + relativedelta(months=category.max_prepaid_months):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: with the other active contracts of "
                        "%(student)s (%(others)s), the student would be prepaid until "
                        "%(end)s, beyond the limit of %(limit)s months in advance for "
                        "%(category)s courses.",
                        contract=contract._edu_label(),
                        student=contract.student_id.name,
                        others=", ".join(others.mapped("name")),
                        end=horizon,
                        limit=category.max_prepaid_months,
                        category=category.name,
                    )
                )

    @api.constrains("unit_price")
    def _check_unit_price(self):
        for contract in self:
            if not math.isfinite(contract.unit_price) or contract.unit_price < 0:
                raise ValidationError(
                    self.env._(
                        "Price per Lesson: contract %(contract)s needs a finite price of zero "
                        "or more.",
                        contract=contract.name,
                    )
                )

    @api.constrains("student_id", "partner_id")
    def _check_guardian(self):
        for contract in self:
            guardians = contract.student_id.guardian_ids.partner_id | contract.student_id.partner_id
            if contract.partner_id not in guardians:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(partner)s is not a guardian of %(student)s.",
                        contract=contract._edu_label(),
                        partner=contract.partner_id.display_name,
                        student=contract.student_id.name,
                    )
                )

    def _edu_lock_students(self):
        """Serialize the contracts of a student: mark the students' rows
        updated (a no-key update, which the contracts' foreign keys do not
        block), so a concurrent transaction checking the same student waits for
        this one and is then refused (its snapshot could not see this contract)
        instead of passing the check as well."""
        students = self.student_id.sorted("id")
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """UPDATE crm_edu_student SET write_date = write_date
                            WHERE id IN (SELECT id FROM crm_edu_student WHERE id IN %s
                                          ORDER BY id FOR NO KEY UPDATE)""",
                        tuple(students.ids),
                    ),
                    log_exceptions=False,
                )
        except (SerializationFailure, DeadlockDetected):
            raise ValidationError(
                self.env._(
                    "Student %(student)s was just given another contract by another user: "
                    "refresh and try again.",
                    student=", ".join(students.mapped("name")),
                )
            ) from None

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_unit_price_value(vals)
            # the number is the flow's: a caller may leave it to "/" only
            numbered = {"name"} if vals.get("name", "/") == "/" else set()
            self._check_flow_fields(set(vals) - numbered)
        # the number is drawn once the contract passed its checks: a refused
        # contract leaves no gap in the sequence
        contracts = super().create(vals_list)
        Sequence = self.env["ir.sequence"].sudo()
        for contract in contracts.filtered(lambda c: c.name == "/"):
            contract.sudo().name = (
                Sequence.with_company(contract.company_id).next_by_code("crm.edu.contract") or "/"
            )
        return contracts

    def write(self, vals):
        self._check_unit_price_value(vals)
        if not self.env.su:
            # the user's rights first: their message stays the same
            self.check_access("write")
            self._check_flow_fields(set(vals))
            terms = TERM_FIELDS.intersection(vals)
            signed = self.filtered(lambda c: c.state != "draft")
            if terms and signed:
                raise UserError(
                    self.env._(
                        "%(fields)s: contract %(contract)s is signed, what the family bought "
                        "no longer changes. Refund it or sign a new contract.",
                        fields=self._crm_field_labels(terms),
                        contract=signed[0].name,
                    )
                )
        return super().write(vals)

    def _check_unit_price_value(self, vals):
        """Refuse a NaN, infinite or non-numeric price before the ORM rounds
        it (which would fail with a raw Python error)."""
        value = vals.get("unit_price")
        if value is None or value is False:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise ValidationError(
                self.env._(
                    "Price per Lesson: %(value)s is not a finite number.", value=repr(value)[:40]
                )
            )

    def _check_flow_fields(self, names):
        forced = FLOW_FIELDS & names
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by signing, refunding or renewing the contract, never "
                    "written directly.",
                    fields=self._crm_field_labels(forced),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        if any(contract.state != "draft" for contract in self):
            raise UserError(self.env._("Signed contracts cannot be deleted; close or refund them."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_sign(self):
        """Sign and collect: the contract becomes active, the guardian a
        customer, the opportunity is won (enrolled)."""
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._("Contract %(contract)s is already signed.", contract=contract.name)
                )
        # the status is the flow's: written as superuser once the user's
        # right to change these contracts is checked
        self.check_access("write")
        self.sudo().write({"state": "active", "date_signed": fields.Date.context_today(self)})
        customer = self.env.ref("crm_edu.res_partner_category_edu_customer")
        self.partner_id.sudo().write({"category_id": [fields.Command.link(customer.id)]})
        for contract in self.filtered("lead_id"):
            lead = contract.lead_id
            values = {"edu_contract_id": contract.id, "partner_id": contract.partner_id.id}
            if not lead.edu_student_id:
                values["edu_student_id"] = contract.student_id.id
            if not lead.edu_recommended_course_id:
                values["edu_recommended_course_id"] = contract.course_id.id
            if not lead.edu_trial_attended_date and lead.edu_is_renewal:
                values["edu_trial_attended_date"] = fields.Date.context_today(self)
            lead.write(values)
            if lead._edu_team_stage(lead.team_id, "crm_edu.edu_stage_enrolled"):
                lead._edu_advance("crm_edu.edu_stage_enrolled")
            elif not lead.stage_id.is_won:
                lead.action_set_won()
        return True

    def action_close(self):
        self.check_access("write")
        for contract in self:
            if contract.state != "active":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is not active: only active contracts are closed.",
                        contract=contract.name,
                    )
                )
        self.sudo().write({"state": "closed"})
        return True

    def action_refund(self):
        """Refund the unconsumed lessons at the contract's unit price, log it
        and close the contract. Campus managers only."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only campus managers may refund a contract."))
        for contract in self:
            if contract.state != "active":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is not active: only active contracts are refunded.",
                        contract=contract.name,
                    )
                )
            lessons = contract.remaining_lessons
            amount = lessons * contract.unit_price
            contract.check_access("write")
            contract.sudo().write(
                {
                    "refunded_lessons": lessons,
                    "refund_amount": amount,
                    "refund_date": fields.Date.context_today(self),
                    "state": "refunded",
                }
            )
            contract.message_post(
                body=self.env._(
                    "Refund of %(lessons)s unconsumed lessons x %(price)s = %(amount)s.",
                    lessons=lessons,
                    price=format_amount(self.env, contract.unit_price, contract.currency_id),
                    amount=format_amount(self.env, amount, contract.currency_id),
                )
            )
        return True

    def action_view_renewal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.renewal_lead_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _edu_first_lesson(self):
        """After the first lesson of a new student: the lead moves to the
        after-class follow-up and the advisor gives the family feedback."""
        leads = self.lead_id.filtered(lambda lead: lead.stage_id.is_won).sudo()
        if not leads:
            return
        leads._edu_advance("crm_edu.edu_stage_follow_up")
        deadline = fields.Date.context_today(self) + relativedelta(days=2)
        values = [
            lead._crm_todo_values(
                lead.user_id,
                lead._crm_for(lead.user_id).env._(
                    "After-class feedback to the family of %s", lead.edu_student_id.name
                ),
                deadline,
            )
            for lead in leads
            if lead.user_id
        ]
        self.env["mail.activity"].sudo().create(values)

    def _edu_check_renewal(self):
        """Create the renewal opportunity, once, of the active contracts whose
        remaining lessons fell below their category's threshold."""
        due = self.filtered(
            lambda c: (
                c.state == "active"
                and not c.renewal_lead_id
                and c.remaining_lessons < c.category_id.renewal_threshold
            )
        )
        if not due:
            return
        Lead = self.env["crm.lead"].sudo()
        values = []
        for contract in due:
            team = contract.campus_id or contract.lead_id.team_id
            # the advisor's opportunity: named in the advisor's language
            theirs = contract._crm_for(contract.user_id)
            vals = {
                "name": theirs.env._(
                    "Renewal: %(student)s - %(course)s",
                    student=contract.student_id.name,
                    course=theirs.course_id.name,
                ),
                "type": "opportunity",
                "partner_id": contract.partner_id.id,
                "user_id": contract.user_id.id,
                "team_id": team.id,
                "company_id": contract.company_id.id,
                "expected_revenue": contract.amount,
                "edu_student_id": contract.student_id.id,
                "edu_is_renewal": True,
                "edu_renewed_contract_id": contract.id,
                "edu_recommended_course_id": contract.course_id.id,
                "phone": contract.partner_id.phone,
            }
            stage = Lead._edu_team_stage(team, "crm_edu.edu_stage_recommended")
            if stage:
                vals["stage_id"] = stage.id
            values.append(vals)
        leads = Lead.create(values)
        for contract, lead in zip(due, leads, strict=True):
            contract.sudo().renewal_lead_id = lead
