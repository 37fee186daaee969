# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmMedTrialSite(models.Model):
    _name = "crm.med.trial.site"
    _description = "Clinical Trial Site"
    _inherit = ["crm.input.guard.mixin"]
    _order = "trial_id, id"

    trial_id = fields.Many2one(
        "crm.med.clinical.trial", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Hospital",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        ondelete="restrict",
    )
    investigator_id = fields.Many2one(
        "res.partner", string="Principal Investigator", ondelete="set null"
    )
    planned_enrollment = fields.Integer(string="Planned")
    actual_enrollment = fields.Integer(string="Enrolled")
    company_id = fields.Many2one(related="trial_id.company_id", store=True)

    @api.constrains("planned_enrollment", "actual_enrollment")
    def _check_enrollment(self):
        for site in self:
            if site.planned_enrollment < 0 or site.actual_enrollment < 0:
                raise ValidationError(
                    self.env._(
                        "Site %(site)s: enrollment figures cannot be negative.",
                        site=site.partner_id.name,
                    )
                )
