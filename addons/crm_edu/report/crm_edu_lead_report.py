# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class CrmEduLeadReport(models.Model):
    """Admissions funnel, one row per lead: lead -> enrolled conversion per
    campus and source, trial conversion and renewal rate (averages of 0/100
    values; NULL rows do not count)."""

    _name = "crm.edu.lead.report"
    _description = "Education Admissions KPIs"
    _auto = False
    _order = "date desc"

    lead_id = fields.Many2one("crm.lead", readonly=True)
    date = fields.Date(readonly=True)
    team_id = fields.Many2one("crm.team", string="Campus", readonly=True)
    source_id = fields.Many2one("utm.source", string="Source", readonly=True)
    user_id = fields.Many2one("res.users", string="Advisor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_renewal = fields.Boolean(string="Renewal", readonly=True)
    lead_count = fields.Integer(string="Leads", readonly=True)
    enrolled_count = fields.Integer(string="Enrolled", readonly=True)
    trial_count = fields.Integer(string="Trials Attended", readonly=True)
    conversion_rate = fields.Float(string="Conversion (%)", aggregator="avg", readonly=True)
    trial_conversion_rate = fields.Float(
        string="Trial Conversion (%)", aggregator="avg", readonly=True
    )
    renewal_rate = fields.Float(string="Renewal Rate (%)", aggregator="avg", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT l.id, l.id AS lead_id, l.create_date::date AS date, l.team_id,
                       l.source_id, l.user_id, l.company_id,
                       COALESCE(l.edu_is_renewal, FALSE) AS is_renewal,
                       1 AS lead_count,
                       (l.edu_contract_id IS NOT NULL)::int AS enrolled_count,
                       (l.edu_trial_attended_date IS NOT NULL)::int AS trial_count,
                       CASE WHEN l.edu_is_renewal THEN NULL
                            WHEN l.edu_contract_id IS NOT NULL THEN 100.0 ELSE 0.0
                       END AS conversion_rate,
                       CASE WHEN l.edu_trial_attended_date IS NULL THEN NULL
                            WHEN l.edu_contract_id IS NOT NULL THEN 100.0 ELSE 0.0
                       END AS trial_conversion_rate,
                       CASE WHEN NOT COALESCE(l.edu_is_renewal, FALSE) THEN NULL
                            WHEN l.edu_contract_id IS NOT NULL THEN 100.0 ELSE 0.0
                       END AS renewal_rate
                  FROM crm_lead l
                  JOIN crm_team t ON t.id = l.team_id AND t.is_campus
                )""",
                SQL.identifier(self._table),
            )
        )
