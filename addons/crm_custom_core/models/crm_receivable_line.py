# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, format_date


class CrmReceivableLine(models.Model):
    """One planned instalment (回款计划) of a won opportunity's contract."""

    _name = "crm.receivable.line"
    _description = "Receivable Instalment"
    _inherit = ["crm.input.guard.mixin"]
    _order = "due_date, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Instalment", required=True, translate=False)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True)
    user_id = fields.Many2one(related="lead_id.user_id", string="Salesperson", store=True)
    team_id = fields.Many2one(related="lead_id.team_id", store=True)
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    # Stored, from the company: grouping with amounts in a pivot or a list
    # aggregates per currency in SQL, which a currency related to the lead's
    # computed company_currency cannot give (invalid FROM-clause reference).
    currency_id = fields.Many2one(
        "res.currency", string="Currency", compute="_compute_currency_id", store=True
    )
    due_date = fields.Date(required=True)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    receipt_ids = fields.One2many("crm.receivable.receipt", "line_id", string="Receipts")
    amount_received = fields.Monetary(
        compute="_compute_amount_received", store=True, currency_field="currency_id"
    )
    amount_due = fields.Monetary(
        compute="_compute_amount_received", store=True, currency_field="currency_id"
    )
    state = fields.Selection(
        [("open", "Open"), ("partial", "Partially Received"), ("paid", "Received")],
        compute="_compute_amount_received",
        store=True,
        default="open",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    overdue_alerted = fields.Boolean(
        copy=False, readonly=True, help="The salesperson was given an activity for this delay."
    )

    # The overdue job reads only open instalments not alerted yet, by due date.
    _overdue_idx = models.Index("(due_date) WHERE state != 'paid' AND overdue_alerted IS NOT TRUE")

    @api.depends("company_id")
    def _compute_currency_id(self):
        for record in self:
            record.currency_id = record.company_id.currency_id or self.env.company.currency_id

    @api.depends("amount", "receipt_ids.amount")
    def _compute_amount_received(self):
        for line in self:
            received = sum(line.receipt_ids.mapped("amount"))
            line.amount_received = received
            line.amount_due = max(line.amount - received, 0.0)
            if line.currency_id.compare_amounts(received, line.amount or 0.0) >= 0 and received:
                line.state = "paid"
            elif received:
                line.state = "partial"
            else:
                line.state = "open"

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.is_overdue = line.state != "paid" and line.due_date and line.due_date < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [("state", "!=", "paid"), ("due_date", "<", today)]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    def write(self, vals):
        if "due_date" in vals:
            vals = dict(vals, overdue_alerted=False)
        res = super().write(vals)
        if "amount" in vals:
            self.lead_id._check_receivable_balance()
        return res

    def unlink(self):
        received = self.filtered("receipt_ids")
        if received:
            raise UserError(
                self.env._(
                    "Instalment \u201c%(name)s\u201d has receipts recorded against it and "
                    "cannot be deleted.",
                    name=received[0].name,
                )
            )
        leads = self.lead_id
        res = super().unlink()
        leads.exists()._check_receivable_balance()
        return res

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "Instalment \u201c%(name)s\u201d: Amount must be positive.", name=line.name
                    )
                )

    @api.constrains("lead_id")
    def _check_lead_won(self):
        for line in self:
            if line.lead_id.won_status != "won":
                raise ValidationError(
                    self.env._(
                        "Instalment \u201c%(name)s\u201d: a receivable plan belongs to a won "
                        "opportunity, and \u201c%(lead)s\u201d is not won.",
                        name=line.name,
                        lead=line.lead_id.name,
                    )
                )

    @api.model
    def _cron_alert_overdue(self, today=None):
        """Give the salesperson an activity for each instalment that fell due
        unpaid, once; reads only candidate rows through the partial index."""
        today = today or fields.Date.context_today(self)
        lines = self._crm_due_records(
            SQL("state != 'paid' AND overdue_alerted IS NOT TRUE AND due_date < %s", today)
        )
        if not lines:
            return lines
        activities = []
        for line in lines:
            user = line.lead_id.user_id or line.lead_id.team_id.user_id or self.env.user
            # in the salesperson's language, the amount in the line's currency
            env = line._crm_for(user).env
            summary = env._(
                "Overdue instalment: %(name)s (%(amount)s due on %(date)s)",
                name=line.name,
                amount=format_amount(env, line.amount_due, line.currency_id),
                date=format_date(env, line.due_date),
            )
            activities.append(line.lead_id._crm_todo_values(user, summary, today))
        self.env["mail.activity"].sudo().create(activities)
        lines.write({"overdue_alerted": True})
        return lines
