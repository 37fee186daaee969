# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
