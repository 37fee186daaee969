# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmConsentPurpose(models.Model):
    """What a person consents to: marketing e-mail, SMS, calls, sharing with
    partners, profiling... Editions add their own purposes as data."""

    _name = "crm.consent.purpose"
    _description = "Consent Purpose"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Used by code to check consent, e.g. marketing_email.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    sensitive = fields.Boolean(
        help="Processing of sensitive personal information: needs separate consent."
    )

    _code_unique = models.Constraint("UNIQUE(code)", "The code of a consent purpose is unique.")
