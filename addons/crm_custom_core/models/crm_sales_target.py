# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class CrmSalesTarget(models.Model):
    """A sales target (业绩目标) of a salesperson or a whole team for a month,
    quarter or year. Achievement is read from real data: won revenue and new
    customers from the opportunities, receipts from the receivable plans."""

    _name = "crm.sales.target"
    _description = "Sales Target"
    _inherit = ["crm.input.guard.mixin"]
    _order = "date_from desc, team_id, user_id"

    name = fields.Char(compute="_compute_name", store=True)
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        help="Leave empty for the target of the whole team.",
        ondelete="cascade",
    )
    target_type = fields.Selection(
        [("user", "Salesperson"), ("team", "Team")],
        compute="_compute_target_type",
        store=True,
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        required=True,
        ondelete="restrict",
    )
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Period",
        required=True,
        default="month",
    )
    date_from = fields.Date(
        string="Period Start",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(string="Period End", compute="_compute_date_to", store=True)
    target_revenue = fields.Monetary(string="Won Revenue Target")
    target_new_customers = fields.Integer(string="New Customers Target")
    target_receipts = fields.Monetary(string="Receipts Target")
    achieved_revenue = fields.Monetary(compute="_compute_achievement", string="Won Revenue")
    achieved_new_customers = fields.Integer(compute="_compute_achievement", string="New Customers")
    achieved_receipts = fields.Monetary(compute="_compute_achievement", string="Receipts")
    rate_revenue = fields.Float(compute="_compute_achievement", string="Revenue Achieved (%)")
    rate_new_customers = fields.Float(
        compute="_compute_achievement", string="New Customers Achieved (%)"
    )
    rate_receipts = fields.Float(compute="_compute_achievement", string="Receipts Achieved (%)")

    _target_unique = models.UniqueIndex(
        "(team_id, COALESCE(user_id, 0), period_type, date_from)",
        "A target already exists for this salesperson or team and period.",
    )

    @api.depends("team_id.name", "user_id.name", "period_type", "date_from")
    def _compute_name(self):
        labels = dict(self._fields["period_type"]._description_selection(self.env))
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            start = target.date_from.strftime("%Y-%m") if target.date_from else ""
            target.name = f"{who} {labels.get(target.period_type, '')} {start}"

    @api.depends("user_id")
    def _compute_target_type(self):
        for target in self:
            target.target_type = "user" if target.user_id else "team"

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for target in self:
            if target.date_from and target.period_type:
                months = PERIOD_MONTHS[target.period_type]
                target.date_to = target.date_from + relativedelta(months=months, days=-1)
            else:
                target.date_to = False

    @api.constrains("period_type", "date_from")
    def _check_period_start(self):
        for target in self:
            start = target.date_from
            if (
                start.day != 1
                or (target.period_type == "quarter" and start.month not in (1, 4, 7, 10))
                or (target.period_type == "year" and start.month != 1)
            ):
                raise ValidationError(
                    self.env._(
                        "Period Start: a %(period)s target starts on the first day of its "
                        "%(period)s, not on %(date)s.",
                        period=dict(self._fields["period_type"]._description_selection(self.env))[
                            target.period_type
                        ].lower(),
                        date=fields.Date.to_string(start),
                    )
                )

    @api.constrains("target_revenue", "target_new_customers", "target_receipts")
    def _check_amounts(self):
        for target in self:
            if min(target.target_revenue, target.target_new_customers, target.target_receipts) < 0:
                raise ValidationError(
                    self.env._("Target %(name)s: targets cannot be negative.", name=target.name)
                )

    def _compute_achievement(self):
        values = self._read_achievement()
        for target in self:
            revenue, customers, receipts = values.get(target.id, (0.0, 0, 0.0))
            target.achieved_revenue = revenue
            target.achieved_new_customers = customers
            target.achieved_receipts = receipts
            target.rate_revenue = target.target_revenue and 100.0 * revenue / target.target_revenue
            target.rate_new_customers = (
                target.target_new_customers and 100.0 * customers / target.target_new_customers
            )
            target.rate_receipts = (
                target.target_receipts and 100.0 * receipts / target.target_receipts
            )

    def _read_achievement(self):
        """{target id: (won revenue, new customers, receipts)} in one query.

        Won revenue: expected revenue of the opportunities won in the period
        (by date_closed). New customers: partners whose first won opportunity
        falls in the period. Receipts: receivable receipts dated in the period.
        A salesperson's target counts their own records; a team target the
        team's."""
        ids = [target_id for target_id in self.ids if isinstance(target_id, int)]
        if not ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT target_id, revenue, customers, receipts FROM (%s) a "
                "WHERE target_id = ANY(%s)",
                self._achievement_query(),
                ids,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.model
    def _achievement_query(self):
        """SELECT target_id, revenue, customers, receipts for every target;
        the ranking report builds on it."""
        return SQL(
            """
            SELECT t.id AS target_id,
                   COALESCE(won.revenue, 0) AS revenue,
                   COALESCE(won.customers, 0) AS customers,
                   COALESCE(rec.amount, 0) AS receipts
              FROM crm_sales_target t
              LEFT JOIN LATERAL (
                    SELECT SUM(l.expected_revenue) AS revenue,
                           COUNT(DISTINCT l.partner_id) FILTER (
                               WHERE l.partner_id IS NOT NULL AND NOT EXISTS (
                                   SELECT 1 FROM crm_lead p
                                    WHERE p.partner_id = l.partner_id
                                      AND p.won_status = 'won'
                                      AND p.date_closed < t.date_from)
                           ) AS customers
                      FROM crm_lead l
                     WHERE l.won_status = 'won'
                       AND l.active
                       AND l.date_closed >= t.date_from
                       AND l.date_closed < t.date_to + 1
                       AND CASE WHEN t.user_id IS NULL THEN l.team_id = t.team_id
                                ELSE l.user_id = t.user_id END
              ) won ON TRUE
              LEFT JOIN LATERAL (
                    SELECT SUM(r.amount) AS amount
                      FROM crm_receivable_receipt r
                     WHERE r.date BETWEEN t.date_from AND t.date_to
                       AND CASE WHEN t.user_id IS NULL THEN r.team_id = t.team_id
                                ELSE r.user_id = t.user_id END
              ) rec ON TRUE
            """
        )
