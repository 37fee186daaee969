# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_med_device = fields.Boolean(string="Medical Device")
    med_udi_di = fields.Char(string="UDI-DI", help="Device identifier of the UDI.")
    med_nomenclature_code = fields.Char(
        string="GMDN / Nomenclature Code", help="GMDN, EMDN or national nomenclature code."
    )
    med_risk_class_ids = fields.Many2many(
        "crm.med.risk.class",
        string="Risk Classes",
        help="The device's risk class under each regulator.",
    )
    med_registration_ids = fields.One2many(
        "crm.med.registration", "product_tmpl_id", string="Registrations"
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_regulatory_records(self):
        guard = self.env["crm.delete.guard"]
        for model in (
            "crm.med.adverse.event",
            "crm.med.registration",
            "crm.med.clinical.trial",
            "crm.lead.device.line",
        ):
            guard._refuse_if_holding(
                self, self.env[model].sudo().search([("product_tmpl_id", "in", self.ids)])
            )
