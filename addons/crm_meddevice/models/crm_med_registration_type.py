# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmMedRegistrationType(models.Model):
    """A kind of marketing authorisation and its validity rules, kept as data
    an administrator can correct (see REGULATORY.md for the sources)."""

    _name = "crm.med.registration.type"
    _description = "Registration Type"
    _inherit = ["crm.input.guard.mixin"]
    _order = "regulator_id, sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    regulator_id = fields.Many2one("crm.med.regulator", required=True, ondelete="restrict")
    validity_years = fields.Integer(
        string="Validity (years)",
        help="How long a certificate of this type is valid; 0 when it does not expire.",
    )
    renewal_lead_months = fields.Integer(
        string="Renewal Lead Time (months)",
        help="How long before expiry the renewal must be filed.",
    )
    alert_days = fields.Char(
        string="Alert Horizons (days)",
        default="90,30,7",
        help="Comma-separated days before the renewal deadline at which the regulatory "
        "team gets an activity.",
    )
    rule_reference = fields.Text(
        string="Legal Basis", translate=True, help="Where the rule comes from, and how sure it is."
    )

    @api.constrains("validity_years", "renewal_lead_months", "alert_days")
    def _check_values(self):
        for rtype in self:
            if rtype.validity_years < 0 or rtype.renewal_lead_months < 0:
                raise ValidationError(
                    self.env._(
                        "Registration type %(type)s: validity and renewal lead time cannot "
                        "be negative.",
                        type=rtype.name,
                    )
                )
            try:
                rtype._get_alert_days()
            except ValueError as exc:
                raise ValidationError(
                    self.env._(
                        "Registration type %(type)s: alert horizons must be whole numbers "
                        "of days separated by commas (got \u201c%(value)s\u201d).",
                        type=rtype.name,
                        value=rtype.alert_days,
                    )
                ) from exc

    def _get_alert_days(self):
        self.ensure_one()
        days = [int(part) for part in (self.alert_days or "").split(",") if part.strip()]
        if any(day < 0 for day in days):
            raise ValueError(days)
        return sorted(days, reverse=True)
