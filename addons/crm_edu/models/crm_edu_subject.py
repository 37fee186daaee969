# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduSubject(models.Model):
    _name = "crm.edu.subject"
    _description = "Subject"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_uniq = models.Constraint("UNIQUE (name)", "A subject with this name already exists.")
