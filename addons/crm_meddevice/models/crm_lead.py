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

    # ------------------------------------------------------------
    # REGISTRATION GATE
    # ------------------------------------------------------------

    def _get_stage_gate_missing(self, target, forced=False, from_start=False):
        """Joins the core's stage gate: no opportunity reaches a stage that
        needs registered devices (or a won stage) with a device that is not
        actively registered in the customer's country. A legal requirement:
        even a forced move is refused."""
        missing = super()._get_stage_gate_missing(target, forced=forced, from_start=from_start)
        if target.med_registration_required or target.is_won:
            for lead, items in self._get_registration_missing().items():
                missing.setdefault(lead, []).extend(items)
        return missing

    def _get_registration_missing(self):
        """{lead: [reason, ...]} for the devices of the leads that are not
        actively registered in the lead's market."""
        Registration = self.env["crm.med.registration"]
        missing = {}
        for lead in self:
            products = lead.device_line_ids.product_tmpl_id
            if not products:
                continue
            for product, reason in Registration._get_missing_registrations(
                products, lead.med_country_id
            ).items():
                missing.setdefault(lead, []).append(
                    self.env._(
                        "%(product)s cannot be sold in %(country)s: %(reason)s",
                        product=product.display_name,
                        country=lead.med_country_id.name or "?",
                        reason=reason,
                    )
                )
        return missing

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "country_id"} & set(vals):
            # A new market must register the devices of a lead past the gate.
            self._check_registrations_kept()
        return res

    def _check_registrations_kept(self):
        """Refuse a change (device added, market changed) that would leave a
        lead in a stage needing registered devices with an unregistered one."""
        leads = self.filtered(
            lambda lead: lead.stage_id.med_registration_required or lead.stage_id.is_won
        )
        missing = leads._get_registration_missing()
        if missing:
            raise UserError(
                "\n".join(
                    self.env._(
                        "\u201c%(lead)s\u201d is in \u201c%(stage)s\u201d: %(items)s.",
                        lead=lead.name,
                        stage=lead.stage_id.name,
                        items="; ".join(items),
                    )
                    for lead, items in missing.items()
                )
            )
