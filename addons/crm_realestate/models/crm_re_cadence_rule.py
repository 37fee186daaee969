# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .crm_re_viewing import INTEREST_LEVELS


class CrmReCadenceRule(models.Model):
    """How long a buyer of a given interest may go without a touch before
    the consultant is given an activity."""

    _name = "crm.re.cadence.rule"
    _description = "Follow-up Cadence"
    _inherit = ["crm.input.guard.mixin"]
    _order = "days"

    interest_level = fields.Selection(INTEREST_LEVELS, required=True)
    days = fields.Integer(string="Days Without Touch", required=True)

    _level_unique = models.Constraint(
        "UNIQUE(interest_level)", "There is one cadence per interest level."
    )

    @api.constrains("days")
    def _check_days(self):
        for rule in self:
            if rule.days < 1:
                raise ValidationError(self.env._("Days Without Touch: at least 1."))

    @api.model
    @tools.ormcache()
    def _get_days(self):
        return {rule.interest_level: rule.days for rule in self.sudo().search([])}

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self._refresh_leads()
        return rules

    def write(self, vals):
        res = super().write(vals)
        self._refresh_leads()
        return res

    def unlink(self):
        res = super().unlink()
        self._refresh_leads()
        return res

    def _refresh_leads(self):
        self.env.registry.clear_cache()
        leads = self.env["crm.lead"].sudo().search([("re_project_id", "!=", False)])
        self.env.add_to_compute(self.env["crm.lead"]._fields["re_touch_due"], leads)
