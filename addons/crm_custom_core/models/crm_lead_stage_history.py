# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class CrmLeadStageHistory(models.Model):
    """One row per stay of a lead in a stage: from, to, who, when, how long.

    Rows are written by ``crm.lead`` only (never edited by users) and carry
    the reporting dimensions themselves so that the funnel report reads one
    table, without joins, on millions of rows.
    """

    _name = "crm.lead.stage.history"
    _description = "Lead Stage History"
    _order = "date_in desc, id desc"
    # A row records its own who and when (user_id, date_in, date_out): no
    # create/write columns, which would add two foreign-key checks per row.
    _log_access = False
    _rec_name = "stage_id"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one("res.company", string="Company", ondelete="set null")
    team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="set null")
    user_id = fields.Many2one(
        "res.users",
        string="Changed By",
        help="User who moved the lead.",
        ondelete="set null",
    )
    salesperson_id = fields.Many2one("res.users", string="Salesperson", ondelete="set null")
    source_id = fields.Many2one("utm.source", string="Source", ondelete="set null")
    stage_from_id = fields.Many2one("crm.stage", string="From Stage", ondelete="set null")
    stage_id = fields.Many2one(
        "crm.stage", string="Stage", required=True, index=True, ondelete="restrict"
    )
    date_in = fields.Datetime(string="Entered", required=True)
    date_out = fields.Datetime(string="Left")
    date_deadline = fields.Datetime(
        string="Due",
        help="When the stage's time standard ran out for this stay.",
    )
    duration_hours = fields.Float(
        string="Hours in Stage",
        compute="_compute_duration",
        store=True,
        aggregator="avg",
    )
    is_forward = fields.Boolean(
        string="Entered Forward", help="The lead entered this stage moving forward."
    )
    is_advanced = fields.Boolean(string="Advanced", help="The lead left this stage moving forward.")
    is_breached = fields.Boolean(
        string="Time Standard Breached",
        compute="_compute_duration",
        store=True,
    )
    is_forced = fields.Boolean(string="Forced")
    reason = fields.Text(string="Reason for Forcing")

    # Few indexes on purpose: every stage change inserts a row and closes
    # another, and each index is written on both. The open stay of a lead is
    # found through lead_id (a handful of rows per lead); reporting goes
    # through (team, stage, date). Closing a stay touches no indexed column,
    # so with free room in the page PostgreSQL updates it in place (HOT).
    _report_idx = models.Index("(team_id, stage_id, date_in)")

    def init(self):
        res = super().init()
        self.env.cr.execute(
            """
            ALTER TABLE crm_lead_stage_history SET (fillfactor = 85);
            DROP INDEX IF EXISTS crm_lead_stage_history__company_id_index;
            DROP INDEX IF EXISTS crm_lead_stage_history__team_id_index;
            ALTER TABLE crm_lead_stage_history
                DROP COLUMN IF EXISTS create_uid, DROP COLUMN IF EXISTS create_date,
                DROP COLUMN IF EXISTS write_uid, DROP COLUMN IF EXISTS write_date;
            """
        )
        return res

    @api.depends("date_in", "date_out", "date_deadline")
    def _compute_duration(self):
        for row in self:
            if row.date_in and row.date_out:
                row.duration_hours = (row.date_out - row.date_in).total_seconds() / 3600.0
                row.is_breached = bool(row.date_deadline and row.date_out > row.date_deadline)
            else:
                row.duration_hours = 0.0
                row.is_breached = False

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _demo_spread_history(self, hours=6):
        """Demo data only: the stage moves of the demo leads all happen within
        the seconds of the installation, so every stay lasts 0 hours. Spread
        the history of the leads created in the last ``hours`` over the weeks
        before now (14 to 73 days a lead, from its creation when that is
        earlier), in their order, and make the leads' creation and last stage
        change agree with it: the funnel, the time standards and the deal
        cycles then tell a true story."""
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            """
            WITH fresh AS (
                SELECT lead_id FROM crm_lead_stage_history
                 GROUP BY lead_id HAVING MIN(date_in) > %(since)s
            ), span AS (
                SELECT l.id AS lead_id,
                       LEAST(l.create_date,
                             %(now)s - make_interval(days => 14 + (l.id * 37) %% 60)) AS start_at
                  FROM crm_lead l JOIN fresh f ON f.lead_id = l.id
            ), ranked AS (
                SELECT h.id, h.date_in, h.date_out, s.start_at,
                       (row_number() OVER w - 1)::float AS i, (count(*) OVER w)::float AS n
                  FROM crm_lead_stage_history h JOIN span s ON s.lead_id = h.lead_id
                WINDOW w AS (PARTITION BY h.lead_id ORDER BY h.date_in, h.id
                             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            ), moved AS (
                SELECT id, date_in AS old_in,
                       start_at + (%(now)s - start_at) * (i / n) AS new_in,
                       CASE WHEN date_out IS NOT NULL
                            THEN start_at + (%(now)s - start_at) * ((i + 1) / n) END AS new_out
                  FROM ranked
            )
            UPDATE crm_lead_stage_history h
               SET date_in = m.new_in, date_out = m.new_out,
                   date_deadline = h.date_deadline + (m.new_in - m.old_in),
                   duration_hours = COALESCE(
                       EXTRACT(EPOCH FROM m.new_out - m.new_in) / 3600.0, 0),
                   is_breached = COALESCE(
                       m.new_out > h.date_deadline + (m.new_in - m.old_in), FALSE)
              FROM moved m
             WHERE m.id = h.id
         RETURNING h.lead_id
            """,
            {"since": now - timedelta(hours=hours), "now": now},
        )
        lead_ids = list({row[0] for row in self.env.cr.fetchall()})
        if not lead_ids:
            return False
        self.env.cr.execute(
            """
            UPDATE crm_lead l
               SET create_date = LEAST(l.create_date, h.first_in),
                   date_open = LEAST(COALESCE(l.date_open, h.first_in), h.first_in),
                   date_last_stage_update = h.last_in
              FROM (SELECT lead_id, MIN(date_in) AS first_in, MAX(date_in) AS last_in
                      FROM crm_lead_stage_history WHERE lead_id = ANY(%s)
                     GROUP BY lead_id) h
             WHERE l.id = h.lead_id
            """,
            [lead_ids],
        )
        self.env.invalidate_all()
        leads = self.env["crm.lead"].with_context(active_test=False).browse(lead_ids)
        leads._compute_stage_deadline()
        self.env["crm.funnel.report"].refresh()
        return True
