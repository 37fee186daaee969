# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmMedRegulator(models.Model):
    """A regulatory regime (FDA, EU MDR, NMPA, ...) and the countries it covers."""

    _name = "crm.med.regulator"
    _description = "Medical Device Regulator"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, e.g. FDA, EU_MDR, NMPA.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Countries where this regulator's registrations and reporting rules apply.",
    )
    registration_type_ids = fields.One2many(
        "crm.med.registration.type", "regulator_id", string="Registration Types"
    )
    report_rule_ids = fields.One2many(
        "crm.med.report.rule", "regulator_id", string="Reporting Rules"
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The regulator code must be unique.")

    def _for_country(self, country):
        """The regulators covering ``country``."""
        if not country:
            return self.browse()
        return self.search([("country_ids", "in", country.id)])
