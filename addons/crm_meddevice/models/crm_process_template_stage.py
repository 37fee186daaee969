# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmProcessTemplateStage(models.Model):
    _inherit = "crm.process.template.stage"

    med_registration_required = fields.Boolean(
        string="Registered Devices Required",
        help="Pipeline stages created from this template stage accept an opportunity "
        "only when every device on it is actively registered in the customer's country.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "med_registration_required" in vals:
            self.crm_stage_ids.write(
                {"med_registration_required": vals["med_registration_required"]}
            )
        return res

    def _prepare_crm_stage_values(self, team=None):
        vals = super()._prepare_crm_stage_values(team=team)
        vals["med_registration_required"] = self.med_registration_required
        return vals
