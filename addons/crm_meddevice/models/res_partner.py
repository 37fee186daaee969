# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    med_trial_site_ids = fields.One2many("crm.med.trial.site", "partner_id", string="Trial Sites")
    med_trial_count = fields.Integer(compute="_compute_med_trial_count", string="Clinical Trials")

    def _compute_med_trial_count(self):
        counts = dict(
            self.env["crm.med.trial.site"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["trial_id:count_distinct"]
            )
        )
        for partner in self:
            partner.med_trial_count = counts.get(partner, 0)

    def action_view_med_trials(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_meddevice.crm_med_clinical_trial_action"
        )
        action["domain"] = [("site_ids.partner_id", "=", self.id)]
        return action

    @api.model
    def _crm_privacy_scrub_columns(self):
        columns = super()._crm_privacy_scrub_columns()
        columns["crm_med_adverse_event"] = ["description"]
        return columns

    @api.ondelete(at_uninstall=False)
    def _unlink_except_regulatory_records(self):
        guard = self.env["crm.delete.guard"]
        guard._refuse_if_holding(
            self,
            self.env["crm.med.adverse.event"]
            .sudo()
            .search([("reporter_id", "in", self.ids), ("state", "!=", "draft")]),
        )
        guard._refuse_if_holding(
            self,
            self.env["crm.med.trial.site"]
            .sudo()
            .search(["|", ("partner_id", "in", self.ids), ("investigator_id", "in", self.ids)]),
        )
