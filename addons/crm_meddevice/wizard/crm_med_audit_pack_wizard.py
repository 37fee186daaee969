# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmMedAuditPackWizard(models.TransientModel):
    _name = "crm.med.audit.pack.wizard"
    _description = "Device Audit Pack"
    _inherit = ["crm.input.guard.mixin"]

    product_tmpl_id = fields.Many2one(
        "product.template", string="Device", required=True, domain=[("is_med_device", "=", True)]
    )
    date_from = fields.Date(
        required=True, default=lambda s: fields.Date.context_today(s) - relativedelta(years=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(
                    self.env._("Audit pack: the period ends before it starts (Date To).")
                )

    def action_print(self):
        self.ensure_one()
        return self.env.ref("crm_meddevice.action_report_audit_pack").report_action(
            self.product_tmpl_id,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )
