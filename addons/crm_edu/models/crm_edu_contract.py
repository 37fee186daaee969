# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

MANAGER_GROUP = "crm_edu.group_edu_manager"


class CrmEduContract(models.Model):
    """Enrollment contract: a prepaid package of lessons of one course."""

    _name = "crm.edu.contract"
    _description = "Enrollment Contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    @api.constrains("lesson_count", "date_start", "date_end", "course_id")
    def _check_prepaid_limit(self):
        for contract in self:
            category = contract.course_id.category_id
            if (
                category.max_prepaid_lessons
                and contract.lesson_count > category.max_prepaid_lessons
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: %(count)s lessons exceed the prepaid limit of "
                        "%(limit)s lessons for %(category)s courses.",
                        contract=contract.name,
                        count=contract.lesson_count,
                        limit=category.max_prepaid_lessons,
                        category=category.name,
                    )
                )
            if category.max_prepaid_months and contract.date_end > contract.date_start + (
                relativedelta(months=category.max_prepaid_months)
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s: prepaid until %(end)s, beyond the limit of "
                        "%(limit)s months in advance for %(category)s courses.",
                        contract=contract.name,
                        end=contract.date_end,
                        limit=category.max_prepaid_months,
                        category=category.name,
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
                        contract=contract.name,
                        partner=contract.partner_id.display_name,
                        student=contract.student_id.name,
                    )
                )

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.edu.contract") or "/"
        return super().create(vals_list)

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
        self.write({"state": "active", "date_signed": fields.Date.context_today(self)})
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
        self.write({"state": "closed"})
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
            contract.write(
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
                    price=contract.unit_price,
                    amount=amount,
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
                self.env._("After-class feedback to the family of %s", lead.edu_student_id.name),
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
            vals = {
                "name": self.env._(
                    "Renewal: %(student)s - %(course)s",
                    student=contract.student_id.name,
                    course=contract.course_id.name,
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
