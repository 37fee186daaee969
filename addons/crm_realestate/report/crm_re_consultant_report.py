# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmReConsultantReport(models.Model):
    """Per consultant: buyers, viewings, deposits, contracts, deal cycle and
    referrals, computed at query time.

    The deal cycle runs from the first contact (the buyer's creation, or an
    earlier viewing) to the contract. Rates and averages of a group (several
    consultants, the total) are sum(numerator) / sum(denominator): the deal
    cycle is averaged over contracts, and a consultant without a contract
    has no deal cycle (not 0)."""

    _name = "crm.re.consultant.report"
    _description = "Consultant Performance"
    _auto = False
    _order = "active_buyers desc"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", string="Consultant", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    buyer_count = fields.Integer(string="Buyers", readonly=True)
    active_buyers = fields.Integer(string="Active Buyers", readonly=True)
    referred_count = fields.Integer(string="Referred Buyers", readonly=True)
    viewed_count = fields.Integer(string="Buyers Who Viewed", readonly=True)
    deposit_count = fields.Integer(string="Buyers With Deposit", readonly=True)
    contract_count = fields.Integer(string="Contracts", readonly=True)
    cycle_days_total = fields.Float(
        string="Deal Cycle Total (days)",
        readonly=True,
        help="Days from first contact to contract, added up over the contracts.",
    )
    referral_rate = fields.Float(string="Referral Rate (%)", readonly=True, aggregator="avg")
    viewing_to_deposit = fields.Float(
        string="Viewing to Deposit (%)", readonly=True, aggregator="avg"
    )
    avg_cycle_days = fields.Float(
        string="Deal Cycle (days)",
        readonly=True,
        aggregator="avg",
        help="Average days from first contact to contract, over the contracts.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY s.user_id, s.company_id) AS id, s.*,
                   CASE WHEN s.buyer_count > 0
                        THEN 100.0 * s.referred_count / s.buyer_count END AS referral_rate,
                   CASE WHEN s.viewed_count > 0
                        THEN 100.0 * s.deposit_count / s.viewed_count END AS viewing_to_deposit,
                   CASE WHEN s.contract_count > 0
                        THEN s.cycle_days_total::float / s.contract_count END AS avg_cycle_days
              FROM (
                SELECT l.user_id, l.company_id,
                       COUNT(*) AS buyer_count,
                       COUNT(*) FILTER (WHERE l.won_status = 'pending' AND l.active)
                           AS active_buyers,
                       COUNT(*) FILTER (WHERE l.re_referrer_id IS NOT NULL) AS referred_count,
                       COUNT(*) FILTER (WHERE l.re_last_viewing_date IS NOT NULL)
                           AS viewed_count,
                       COUNT(*) FILTER (WHERE l.re_deposit_paid_date IS NOT NULL)
                           AS deposit_count,
                       COUNT(r.id) AS contract_count,
                       COALESCE(SUM(r.contract_date - LEAST(
                           l.create_date::date, v.first_viewing::date
                       )), 0) AS cycle_days_total
                  FROM crm_lead l
                  LEFT JOIN LATERAL (
                        SELECT id, contract_date FROM crm_re_reservation
                         WHERE lead_id = l.id AND state = 'contracted'
                         ORDER BY contract_date LIMIT 1
                  ) r ON TRUE
                  LEFT JOIN LATERAL (
                        SELECT MIN(start) AS first_viewing FROM crm_re_viewing
                         WHERE lead_id = l.id AND state <> 'cancelled'
                  ) v ON r.id IS NOT NULL
                 WHERE l.re_project_id IS NOT NULL AND l.user_id IS NOT NULL
                 GROUP BY l.user_id, l.company_id
              ) s
            """
        )

    # rates and averages of a group: sum(numerator) / sum(denominator)
    _RATES = {
        "referral_rate": ("referred_count", "buyer_count", 100.0),
        "viewing_to_deposit": ("deposit_count", "viewed_count", 100.0),
        "avg_cycle_days": ("cycle_days_total", "contract_count", 1.0),
    }

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if fname not in self._RATES or func not in ("avg", "sum"):
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = self._RATES[fname]
        return SQL(
            "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            factor,
            self._field_to_sql(self._table, denominator, query),
        )
