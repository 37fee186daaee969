# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


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

    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        ondelete="set null",
        help="The regulator's working days: its weekly working days, its public "
        "holidays (global leaves) and make-up working days. Reporting clocks counted "
        "in work days use it.",
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The regulator code must be unique.")

    def _for_country(self, country):
        """The regulators covering ``country``."""
        if not country:
            return self.browse()
        return self.search([("country_ids", "in", country.id)])

    @api.model
    def _assign_default_calendars(self):
        """Give the shipped regulators their public-holiday calendar, once:
        a calendar an administrator chose is kept."""
        defaults = {
            "FDA": "crm_meddevice.resource_calendar_us_federal",
            "NMPA": "crm_meddevice.resource_calendar_cn_public",
        }
        for code, xmlid in defaults.items():
            calendar = self.env.ref(xmlid, raise_if_not_found=False)
            regulators = self.search([("code", "=", code), ("resource_calendar_id", "=", False)])
            if calendar and regulators:
                regulators.resource_calendar_id = calendar
