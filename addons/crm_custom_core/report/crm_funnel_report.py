# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Ratio measures: computed from the sums of the group, never averaged twice.
RATIO_MEASURES = {
    "conversion_rate": ("advanced_count", "entered_count", 100.0),
    "breach_rate": ("breached_count", "timed_count", 100.0),
    "customer_rate": ("customer_count", "new_count", 100.0),
    "avg_hours": ("duration_total", "closed_count", 1.0),
}


class CrmFunnelReport(models.Model):
    """Funnel per team, stage, salesperson, source and month.

    Backed by a materialized view of pre-aggregated stage-history rows so the
    pivot answers in milliseconds on millions of history rows; refreshed by a
    scheduled job and on demand. Ratio measures are computed from the sums of
    each pivot cell (see ``_read_group_select``), so they stay exact at every
    grouping level.
    """

    _name = "crm.funnel.report"
    _description = "CRM Funnel Analysis"
    _auto = False
    _order = "date_month desc"
    _rec_name = "stage_id"

    date_month = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    source_id = fields.Many2one("utm.source", string="Source", readonly=True)
    entered_count = fields.Integer(string="Entered", readonly=True)
    advanced_count = fields.Integer(string="Advanced", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    closed_count = fields.Integer(string="Left Stage", readonly=True)
    duration_total = fields.Float(string="Total Hours in Stage", readonly=True)
    timed_count = fields.Integer(string="With Time Standard", readonly=True)
    breached_count = fields.Integer(string="Time Standard Breached", readonly=True)
    new_count = fields.Integer(string="New Leads", readonly=True)
    customer_count = fields.Integer(string="Converted to Customer", readonly=True)
    conversion_rate = fields.Float(string="Stage Conversion (%)", readonly=True, aggregator="avg")
    breach_rate = fields.Float(string="Breach Rate (%)", readonly=True, aggregator="avg")
    customer_rate = fields.Float(string="Lead to Customer (%)", readonly=True, aggregator="avg")
    avg_hours = fields.Float(string="Average Hours in Stage", readonly=True, aggregator="avg")

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, func = aggregate_spec.partition(":")
        if fname in RATIO_MEASURES and func == "avg":
            num, den, factor = RATIO_MEASURES[fname]
            return SQL(
                "COALESCE(SUM(%s)::float / NULLIF(SUM(%s), 0), 0) * %s",
                self._field_to_sql(self._table, num, query),
                self._field_to_sql(self._table, den, query),
                factor,
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _query(self):
        return SQL("""
            SELECT row_number() OVER (ORDER BY 1) AS id, g.*,
                   g.advanced_count * 100.0 / NULLIF(g.entered_count, 0) AS conversion_rate,
                   g.breached_count * 100.0 / NULLIF(g.timed_count, 0) AS breach_rate,
                   g.customer_count * 100.0 / NULLIF(g.new_count, 0) AS customer_rate,
                   g.duration_total / NULLIF(g.closed_count, 0) AS avg_hours
              FROM (
                SELECT date_trunc('month', h.date_in)::date AS date_month,
                       h.company_id, h.team_id, h.stage_id,
                       h.salesperson_id AS user_id, h.source_id,
                       COUNT(*) AS entered_count,
                       COUNT(*) FILTER (WHERE h.is_advanced) AS advanced_count,
                       COUNT(*) FILTER (WHERE ls.is_won) AS won_count,
                       COUNT(*) FILTER (WHERE h.date_out IS NULL AND NOT l.active
                                        AND NOT COALESCE(ls.is_won, FALSE)) AS lost_count,
                       COUNT(*) FILTER (WHERE h.date_out IS NOT NULL) AS closed_count,
                       COALESCE(SUM(h.duration_hours)
                                FILTER (WHERE h.date_out IS NOT NULL), 0) AS duration_total,
                       COUNT(*) FILTER (WHERE h.date_deadline IS NOT NULL) AS timed_count,
                       COUNT(*) FILTER (WHERE h.is_breached
                                        OR (h.date_out IS NULL
                                            AND h.date_deadline < now() at time zone 'UTC')
                                       ) AS breached_count,
                       COUNT(*) FILTER (WHERE h.stage_from_id IS NULL) AS new_count,
                       COUNT(*) FILTER (WHERE h.stage_from_id IS NULL AND ls.is_won)
                           AS customer_count
                  FROM crm_lead_stage_history h
                  JOIN crm_lead l ON l.id = h.lead_id
             LEFT JOIN crm_stage ls ON ls.id = l.stage_id
              GROUP BY 1, 2, 3, 4, 5, 6
              ) g
        """)

    def init(self):
        cr = self.env.cr
        # DROP VIEW fails on a materialized view and vice versa: ask first.
        cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", [self._table])
        kind = cr.fetchone()
        if kind and kind[0] == "m":
            cr.execute(SQL("DROP MATERIALIZED VIEW %s CASCADE", SQL.identifier(self._table)))
        elif kind:
            cr.execute(SQL("DROP VIEW %s CASCADE", SQL.identifier(self._table)))
        cr.execute(
            SQL("CREATE MATERIALIZED VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON %s (id)",
                SQL.identifier(f"{self._table}_id_uniq"),
                SQL.identifier(self._table),
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (team_id, stage_id)",
                SQL.identifier(f"{self._table}_team_stage_idx"),
                SQL.identifier(self._table),
            )
        )

    @api.model
    def refresh(self):
        """Recompute the report now (the dashboard's button): for those who
        read the whole funnel of their teams, not for every user."""
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            raise AccessError(
                self.env._("Only team leaders and sales managers may refresh the funnel.")
            )
        return self.sudo()._refresh()

    @api.model
    def _refresh(self):
        """Recompute the report from the stage history (scheduled job)."""
        self.env["crm.lead.stage.history"].flush_model()
        self.env["crm.lead"].flush_model(["active", "stage_id"])
        self.env.cr.execute(SQL("REFRESH MATERIALIZED VIEW %s", SQL.identifier(self._table)))
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_custom_core.funnel_refreshed_at", fields.Datetime.to_string(fields.Datetime.now())
        )
        self.env.invalidate_all()
        return True

    def action_refresh(self):
        self.refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # ------------------------------------------------------------
    # DASHBOARD
    # ------------------------------------------------------------

    @api.model
    def get_dashboard_data(self, team_id=False, months=12):
        """Data for the funnel dashboard: per stage of a team, the counts and
        rates of the report plus the median time in stage, computed live from
        the stage history of the period (through its team/stage/date index).

        For all teams, the stages that teams got from the same process stage
        are one line (each team has its own copy of the process's stages);
        rates are computed from the summed counts of the line."""
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            raise ValidationError(
                self.env._(
                    "Months: a whole number from 1 to 120 expected, got %(value)r.",
                    value=str(months)[:40],
                )
            )
        if team_id is not False and (isinstance(team_id, bool) or not isinstance(team_id, int)):
            raise ValidationError(
                self.env._("Team: a team id expected, got %(value)r.", value=str(team_id)[:40])
            )
        date_from = fields.Date.today().replace(day=1) - relativedelta(months=months - 1)
        domain = [("date_month", ">=", date_from)]
        if team_id:
            domain.append(("team_id", "=", team_id))
        sums = [
            "entered_count",
            "advanced_count",
            "won_count",
            "lost_count",
            "closed_count",
            "duration_total",
            "timed_count",
            "breached_count",
            "new_count",
            "customer_count",
        ]
        rows = self._read_group(domain, ["stage_id"], [f"{name}:sum" for name in sums])

        def line_key(stage):
            # a process stage shared by several teams' stages: one line
            if not team_id and stage.process_stage_id:
                return -stage.process_stage_id.id
            return stage.id or 0

        lines = {}
        for stage, *values in rows:
            line = lines.setdefault(line_key(stage), {"stage": stage, **dict.fromkeys(sums, 0)})
            if stage and line["stage"] and stage._order_key() < line["stage"]._order_key():
                line["stage"] = stage
            for name, value in zip(sums, values, strict=True):
                line[name] += value or 0
        History = self.env["crm.lead.stage.history"]
        hdomain = [("date_in", ">=", date_from), ("date_out", "!=", False)]
        if team_id:
            hdomain.append(("team_id", "=", team_id))
        History.check_access("read")
        query = History._search(hdomain)
        stage_alias = query.make_alias(History._table, "stage_id")
        query.add_join(
            "LEFT JOIN",
            stage_alias,
            "crm_stage",
            SQL(
                "%s = %s",
                SQL.identifier(stage_alias, "id"),
                SQL.identifier(History._table, "stage_id"),
            ),
        )
        key_sql = (
            SQL(
                "COALESCE(-%s, %s)",
                SQL.identifier(stage_alias, "process_stage_id"),
                SQL.identifier(History._table, "stage_id"),
            )
            if not team_id
            else SQL.identifier(History._table, "stage_id")
        )
        self.env.cr.execute(
            SQL(
                "SELECT %s, percentile_cont(0.5) WITHIN GROUP (ORDER BY %s) FROM %s WHERE %s "
                "GROUP BY 1",
                key_sql,
                SQL.identifier(History._table, "duration_hours"),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )
        medians = dict(self.env.cr.fetchall())

        def ratio(numerator, denominator, factor=100.0):
            return round(numerator * factor / denominator, 1) if denominator else 0.0

        stages = []
        totals = {"new": 0, "customers": 0}
        for key, line in sorted(
            lines.items(),
            key=lambda item: item[1]["stage"]._order_key() if item[1]["stage"] else (0, 0),
        ):
            stage = line["stage"]
            label = (
                stage.process_stage_id.name
                if not team_id and stage.process_stage_id
                else stage.display_name
            )
            stages.append(
                {
                    "stage": label,
                    "entered": line["entered_count"],
                    "advanced": line["advanced_count"],
                    "won": line["won_count"],
                    "lost": line["lost_count"],
                    "conversion_rate": ratio(line["advanced_count"], line["entered_count"]),
                    "avg_hours": ratio(line["duration_total"], line["closed_count"], 1.0),
                    "median_hours": round(medians.get(key) or 0.0, 1),
                    "breach_rate": ratio(line["breached_count"], line["timed_count"]),
                }
            )
            totals["new"] += line["new_count"]
            totals["customers"] += line["customer_count"]
        leads = self.env["crm.lead"]
        ldomain = [("create_date", ">=", date_from), ("date_first_action", "!=", False)]
        if team_id:
            ldomain.append(("team_id", "=", team_id))
        [[response]] = leads._read_group(ldomain, [], ["response_hours:avg"])
        return {
            "stages": stages,
            "new_leads": totals["new"],
            "customers": totals["customers"],
            "customer_rate": round(totals["customers"] * 100.0 / totals["new"], 1)
            if totals["new"]
            else 0.0,
            "avg_response_hours": round(response or 0.0, 1),
            "refreshed_at": self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_custom_core.funnel_refreshed_at"),
        }
