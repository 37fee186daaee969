# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmReMilestoneTemplate(models.Model):
    """The default checklist given to each new buyer: name and delay."""

    _name = "crm.re.milestone.template"
    _description = "Buyer Milestone Template"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    offset_days = fields.Integer(string="Due After (days)", default=7)
    active = fields.Boolean(default=True)
