# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    device_line_ids = fields.One2many("crm.lead.device.line", "lead_id", string="Devices")
    med_country_id = fields.Many2one(
        "res.country",
        string="Market",
        compute="_compute_med_country_id",
        store=True,
        index=True,
        help="Country whose registrations the devices need: the customer's country, "
        "else the lead's.",
        ondelete="set null",
    )

    @api.depends("partner_id.country_id", "country_id")
    def _compute_med_country_id(self):
        for lead in self:
            lead.med_country_id = lead.partner_id.country_id or lead.country_id

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["crm.stage"].browse(vals["stage_id"])
            if stage.med_registration_required or stage.is_won:
                # Devices and country saved in the same write count.
                if len(vals) > 1:
                    super().write({k: v for k, v in vals.items() if k != "stage_id"})
                    vals = {"stage_id": vals["stage_id"]}
                self._check_device_registrations(stage)
        return super().write(vals)

    def _check_device_registrations(self, stage):
        """Refuse, naming product, country and reason, when a device of the
        opportunity is not actively registered where the customer is. This is a
        legal requirement: no process manager may force it."""
        Registration = self.env["crm.med.registration"]
        lines = []
        for lead in self:
            products = lead.device_line_ids.product_tmpl_id
            if not products:
                continue
            for product, reason in Registration._get_missing_registrations(
                products, lead.med_country_id
            ).items():
                lines.append(
                    self.env._(
                        "\u201c%(lead)s\u201d: %(product)s cannot be sold in %(country)s: "
                        "%(reason)s.",
                        lead=lead.name,
                        product=product.display_name,
                        country=lead.med_country_id.name or "?",
                        reason=reason,
                    )
                )
        if lines:
            raise UserError(
                self.env._("Cannot move to \u201c%(stage)s\u201d:", stage=stage.name)
                + "\n"
                + "\n".join(lines)
            )
