# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEGAL_BASES = [
    ("consent", "Consent"),
    ("contract", "Performance of a contract"),
    ("legal_obligation", "Legal obligation"),
    ("vital_interest", "Vital interest"),
    ("public_task", "Public interest"),
    ("legitimate_interest", "Legitimate interest"),
]
CHANNELS = [
    ("web", "Web form"),
    ("email", "E-mail"),
    ("phone", "Phone call"),
    ("paper", "Signed paper form"),
    ("in_person", "In person"),
    ("import", "Imported"),
    ("other", "Other"),
]


class CrmConsent(models.Model):
    """Consent of one person for one purpose, with its legal basis, evidence
    and policy version; withdrawn in one click, never deleted."""

    _name = "crm.consent"
    _description = "Consent"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "date_granted desc, id desc"
    _rec_name = "purpose_id"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade"
    )
    purpose_id = fields.Many2one(
        "crm.consent.purpose", required=True, index=True, ondelete="restrict", tracking=True
    )
    legal_basis = fields.Selection(LEGAL_BASES, required=True, default="consent", tracking=True)
    state = fields.Selection(
        [("granted", "Granted"), ("withdrawn", "Withdrawn")],
        default="granted",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_granted = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    date_withdrawn = fields.Datetime(readonly=True, tracking=True)
    channel = fields.Selection(CHANNELS, string="Source Channel", required=True, default="web")
    evidence = fields.Text(help="How the consent was collected: form reference, recording...")
    evidence_attachment_id = fields.Many2one(
        "ir.attachment", string="Evidence File", ondelete="set null"
    )
    policy_version = fields.Char(required=True, help="Version of the privacy policy accepted.")
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        required=True,
        ondelete="restrict",
    )

    # One live consent per person, purpose and company.
    _granted_unique = models.UniqueIndex(
        "(partner_id, purpose_id, company_id) WHERE state = 'granted'",
        "This person already has a granted consent for this purpose.",
    )

    @api.constrains("date_granted", "date_withdrawn")
    def _check_dates(self):
        for consent in self:
            if consent.date_withdrawn and consent.date_withdrawn < consent.date_granted:
                raise ValidationError(
                    self.env._("Withdrawn On: a consent cannot be withdrawn before it is granted.")
                )

    def write(self, vals):
        changed = {name for name in vals if not name.startswith("message_")}
        if not self.env.su and changed - {"state", "date_withdrawn"}:
            raise ValidationError(
                self.env._(
                    "%(fields)s: a consent is evidence and is not edited; withdraw it and "
                    "record a new one.",
                    fields=self._crm_field_labels(
                        (changed - {"state", "date_withdrawn"}) & set(self._fields)
                    ),
                )
            )
        withdrawing = vals.get("state") == "withdrawn" and not self.filtered(
            lambda consent: consent.state != "granted"
        )
        if ("state" in vals or "date_withdrawn" in vals) and not self.env.su and not withdrawing:
            raise ValidationError(
                self.env._(
                    "Status: a granted consent can only be withdrawn; a new consent is "
                    "a new record with its own evidence."
                )
            )
        return super().write(vals)

    def action_withdraw(self):
        """One-click withdrawal (by the person's request)."""
        granted = self.filtered(lambda consent: consent.state == "granted")
        granted.write({"state": "withdrawn", "date_withdrawn": fields.Datetime.now()})
        for consent in granted:
            self.env["crm.audit.event"]._log(
                "consent_withdrawal",
                consent,
                partner=consent.partner_id,
                detail=consent.purpose_id.code,
            )
        return True

    # ------------------------------------------------------------
    # PRIVACY HOOKS
    # ------------------------------------------------------------

    _crm_privacy_partner_field = "partner_id"

    def _crm_privacy_anonymize(self):
        """Keep purpose, basis, channel and dates as anonymous statistics."""
        attachments = self.evidence_attachment_id
        self.sudo().write({"evidence": False, "evidence_attachment_id": False})
        attachments.sudo().unlink()
        return True
