# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmSalesRanking(models.Model):
    """Ranking (业绩排行) of the salespeople of a team for a period, from
    their targets and the live achievement of each; computed at query time."""

    _name = "crm.sales.ranking"
    _description = "Sales Ranking"
    _auto = False
    _order = "date_from desc, team_id, rank, id"
    _rec_name = "user_id"

    target_id = fields.Many2one("crm.sales.target", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        string="Period",
        readonly=True,
    )
    date_from = fields.Date(string="Period Start", readonly=True)
    rank = fields.Integer(readonly=True, aggregator=False)
    target_revenue = fields.Monetary(string="Won Revenue Target", readonly=True)
    achieved_revenue = fields.Monetary(string="Won Revenue", readonly=True)
    rate_revenue = fields.Float(string="Revenue Achieved (%)", readonly=True, aggregator="avg")
    achieved_new_customers = fields.Integer(string="New Customers", readonly=True)
    achieved_receipts = fields.Monetary(string="Receipts", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT t.id, t.id AS target_id, t.team_id, t.user_id, t.company_id,
                   t.currency_id, t.period_type, t.date_from, t.target_revenue,
                   a.revenue AS achieved_revenue,
                   a.customers AS achieved_new_customers,
                   a.receipts AS achieved_receipts,
                   CASE WHEN t.target_revenue > 0
                        THEN 100.0 * a.revenue / t.target_revenue ELSE 0 END AS rate_revenue,
                   RANK() OVER (PARTITION BY t.team_id, t.period_type, t.date_from
                                ORDER BY a.revenue DESC, a.receipts DESC) AS rank
              FROM crm_sales_target t
              JOIN (%s) a ON a.target_id = t.id
             WHERE t.user_id IS NOT NULL
            """,
            self.env["crm.sales.target"]._achievement_query(),
        )

    def _read_group_select(self, aggregate_spec, query):
        # the rate of a group is its revenue over its target, not an average of rates
        if aggregate_spec in ("rate_revenue:avg", "rate_revenue:sum"):
            return SQL(
                "COALESCE(SUM(%s) * 100.0 / NULLIF(SUM(%s), 0), 0)",
                self._field_to_sql(self._table, "achieved_revenue", query),
                self._field_to_sql(self._table, "target_revenue", query),
            )
        return super()._read_group_select(aggregate_spec, query)
