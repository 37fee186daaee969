# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CrmRetentionRule(models.Model):
    """Anonymize leads nobody needs any more: lost ones, or ones without any
    activity, after N months (storage limitation, PIPL Art. 19 / GDPR Art. 5)."""

    _name = "crm.retention.rule"
    _description = "Lead Retention Rule"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    scope = fields.Selection(
        [("lost", "Lost leads"), ("inactive", "Inactive open leads")],
        required=True,
        default="lost",
        help="Lost: archived as lost. Inactive: still open, not updated since.",
    )
    months = fields.Integer(required=True, default=24)
    company_id = fields.Many2one("res.company", index=True, ondelete="set null")
    last_run = fields.Datetime(readonly=True)
    last_count = fields.Integer(string="Anonymized at Last Run", readonly=True)

    @api.constrains("months")
    def _check_months(self):
        for rule in self:
            if rule.months < 1:
                raise ValidationError(
                    self.env._("Rule %(name)s: Months must be at least 1.", name=rule.name)
                )

    def _due_lead_ids(self, now, limit):
        self.ensure_one()
        cutoff = now - relativedelta(months=self.months)
        if self.scope == "lost":
            condition = SQL(
                "won_status = 'lost' AND active IS NOT TRUE "
                "AND COALESCE(date_closed, write_date) < %s",
                cutoff,
            )
        else:
            condition = SQL("won_status = 'pending' AND active AND write_date < %s", cutoff)
        company = SQL("AND company_id = %s", self.company_id.id) if self.company_id else SQL()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM crm_lead WHERE privacy_anonymized IS NOT TRUE AND %s %s "
                "ORDER BY id LIMIT %s",
                condition,
                company,
                limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_apply(self, now=None, batch_size=1000):
        """Anonymize the leads each active rule selects, in batches."""
        now = now or fields.Datetime.now()
        self.env.flush_all()
        Lead = self.env["crm.lead"].sudo()
        for rule in self.search([]):
            leads = Lead.browse(rule._due_lead_ids(now, batch_size))
            if leads:
                strings = leads._crm_privacy_strings()
                leads._crm_privacy_anonymize()
                self.env["res.partner"]._crm_privacy_scrub(strings)
                self.env["crm.audit.event"]._log(
                    "retention",
                    leads,
                    detail=self.env._("Rule %(name)s", name=rule.name),
                    partner=self.env["res.partner"],
                )
            rule.write({"last_run": now, "last_count": len(leads)})
        return True
