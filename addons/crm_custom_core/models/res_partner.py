# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ANONYMIZED = "[erased]"
# Context keys that add personal values to a partner's display name.
REVEALING_CONTEXT = ("show_email", "show_address", "show_vat")

# Text columns where a person's name, e-mail or phone may have been copied
# (messages, tracking, logs, free-text reasons); scrubbed on erasure.
SCRUB_COLUMNS = {
    "mail_message": ["body", "subject", "record_name", "email_from", "reply_to"],
    "mail_tracking_value": ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
    "mail_mail": ["email_to", "email_cc", "body_html"],
    "mail_activity": ["summary", "note", "res_name"],
    "auditlog_log": ["name"],
    "auditlog_log_line": ["old_value", "new_value", "old_value_text", "new_value_text"],
    "crm_lead_stage_history": ["reason"],
    "crm_pool_history": ["reason"],
    "crm_personal_reveal": ["value"],
    "crm_lead_stage_force": ["reason"],
    "privacy_lookup_wizard": ["name", "email"],
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.personal.data.mixin", "crm.input.guard.mixin"]

    id_number = fields.Char(
        string="ID Number",
        copy=False,
        help="National ID, passport or other identity document number (personal data).",
    )
    consent_ids = fields.One2many("crm.consent", "partner_id", string="Consents")
    consent_count = fields.Integer(compute="_compute_consent_count")
    privacy_anonymized = fields.Boolean(
        string="Anonymized", readonly=True, copy=False, help="Erased on request: cannot be undone."
    )

    _crm_privacy_subject = True

    @api.model_create_multi
    def create(self, vals_list):
        # Checked here, before Odoo's own overrides read the values.
        for vals in vals_list:
            self._crm_check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_input(vals)
        return super().write(vals)

    def _compute_display_name(self):
        # show_email / show_address put the e-mail and address in the name:
        # not for users who see them masked, whoever asks for the context.
        revealing = [key for key in REVEALING_CONTEXT if self.env.context.get(key)]
        if not revealing or not self._personal_masking_active():
            return super()._compute_display_name()
        plain = self.with_context(**dict.fromkeys(revealing, False))
        for partner, plain_partner in zip(self, plain, strict=True):
            partner.display_name = plain_partner.display_name
        return None

    def _compute_consent_count(self):
        self._crm_count("consent_count", "crm.consent", "partner_id", [("state", "=", "granted")])

    # ------------------------------------------------------------
    # CONSENT
    # ------------------------------------------------------------

    def _crm_has_consent(self, purpose_code):
        """The partners of ``self`` with a granted consent for the purpose."""
        consents = (
            self.env["crm.consent"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("purpose_id.code", "=", purpose_code),
                    ("state", "=", "granted"),
                    ("company_id", "in", self.env.companies.ids),
                ]
            )
        )
        return consents.partner_id

    def _crm_check_consent(self, purpose_code):
        """Refuse a marketing action towards partners who did not consent to
        ``purpose_code``; editions call it before sending or calling."""
        missing = self - self._crm_has_consent(purpose_code)
        if missing:
            purpose = self.env["crm.consent.purpose"].search([("code", "=", purpose_code)], limit=1)
            raise UserError(
                self.env._(
                    "No valid consent for \u201c%(purpose)s\u201d from: %(names)s. Record their "
                    "consent first, or leave them out.",
                    purpose=purpose.name or purpose_code,
                    names=", ".join(missing.mapped("display_name")),
                )
            )
        return True

    def action_view_consents(self):
        return self._crm_related_action("crm_custom_core.crm_consent_action", "partner_id")

    def action_view_audit_events(self):
        """Who saw, exported or erased this person's data, and when."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_custom_core.crm_audit_event_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # DATA-SUBJECT REQUESTS
    # ------------------------------------------------------------

    @api.model
    def _crm_privacy_models(self):
        return [
            self.env[name]
            for name in sorted(self.env.registry)
            if not self.env[name]._abstract
            and not self.env[name]._transient
            and (
                getattr(self.env[name], "_crm_privacy_subject", False)
                or getattr(self.env[name], "_crm_privacy_partner_field", None)
            )
        ]

    @api.model
    def _crm_privacy_records(self, partners):
        return partners

    def _crm_privacy_collect(self):
        """Everything the installed addons hold about the partner."""
        self.ensure_one()
        records = {}
        for model in self._crm_privacy_models():
            found = model.sudo()._crm_privacy_records(self)
            if found:
                records[model._name] = found._crm_privacy_export_values()
        return {
            "subject": self.display_name,
            "generated_on": fields.Datetime.now(),
            "records": records,
            "references": self._crm_privacy_references(),
        }

    def _crm_privacy_references(self):
        """Other records mentioning the person, found by Odoo's privacy lookup."""
        if not self.email:
            return []
        wizard = (
            self.env["privacy.lookup.wizard"]
            .sudo()
            .create({"name": self.name, "email": self.email})
        )
        wizard.action_lookup()
        references = [
            {"model": line.res_model, "id": line.res_id, "name": line.res_name}
            for line in wizard.line_ids
        ]
        wizard.line_ids.unlink()
        wizard.unlink()
        return references

    def _crm_privacy_erase(self):
        """Anonymize the partners in every addon, then scrub their names,
        e-mails and phones from messages, tracking and logs."""
        found = [
            (model, model.sudo()._crm_privacy_records(self)) for model in self._crm_privacy_models()
        ]
        strings = set()
        for _model, records in found:
            strings |= records._crm_privacy_strings()
        for model, records in found:
            if model._name != self._name and records:
                records._crm_privacy_anonymize()
        self._crm_privacy_anonymize()
        self._crm_privacy_scrub(strings)
        return True

    @api.model
    def _crm_privacy_scrub_columns(self):
        """{table: [text columns]} scrubbed on erasure; editions add theirs."""
        return {table: list(columns) for table, columns in SCRUB_COLUMNS.items()}

    @api.model
    def _crm_privacy_scrub(self, strings):
        """Replace ``strings`` by a placeholder in the known free-text columns."""
        strings = sorted({s for s in strings if s and len(s) >= 4}, key=len, reverse=True)
        if not strings:
            return
        self.env.flush_all()
        pattern = "|".join(re.escape(s) for s in strings)
        wanted = self._crm_privacy_scrub_columns()
        self.env.cr.execute(
            SQL(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ANY(%s)",
                list(wanted),
            )
        )
        existing = [(t, c) for t, c in self.env.cr.fetchall() if c in wanted[t]]
        for table, column in existing:
            self.env.cr.execute(
                SQL(
                    "UPDATE %(table)s SET %(col)s = regexp_replace(%(col)s, %(pattern)s, "
                    "%(placeholder)s, 'gi') WHERE %(col)s ~* %(pattern)s",
                    table=SQL.identifier(table),
                    col=SQL.identifier(column),
                    pattern=pattern,
                    placeholder=ANONYMIZED,
                )
            )
        self.env.invalidate_all()

    def _crm_privacy_strings(self):
        strings = super()._crm_privacy_strings()
        for partner in self.sudo():
            if partner.name and len(partner.name) >= 4:
                strings.add(partner.name)
        return strings

    def _crm_privacy_anonymize(self):
        for partner in self.sudo().with_context(tracking_disable=True):
            partner.write(
                {
                    "name": f"{ANONYMIZED} #{partner.id}",
                    "email": False,
                    "phone": False,
                    "street": False,
                    "street2": False,
                    "zip": False,
                    "city": False,
                    "vat": False,
                    "website": False,
                    "function": False,
                    "comment": False,
                    "id_number": False,
                    "image_1920": False,
                    "privacy_anonymized": True,
                }
            )
        messages = self.env["mail.message"].sudo().search([("author_id", "in", self.ids)])
        messages.write({"body": ANONYMIZED, "subject": False, "email_from": False})
        return True

    # ------------------------------------------------------------
    # DELETE
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_except_payments_received(self):
        guard = self.env["crm.delete.guard"]
        if self.env.su:
            return
        receipts = (
            self.env["crm.receivable.receipt"].sudo().search([("partner_id", "in", self.ids)])
        )
        guard._refuse_if_holding(self, receipts)
        requests = self.env["crm.data.request"].sudo().search([("partner_id", "in", self.ids)])
        guard._refuse_if_holding(self, requests)
