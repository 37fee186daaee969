# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduGuardian(models.Model):
    _name = "crm.edu.guardian"
    _description = "Student Guardian"
    _inherit = ["crm.input.guard.mixin"]
    _order = "student_id, is_primary desc, id"

    student_id = fields.Many2one("crm.edu.student", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Guardian", required=True, index=True, ondelete="cascade"
    )
    relationship = fields.Selection(
        [
            ("mother", "Mother"),
            ("father", "Father"),
            ("grandparent", "Grandparent"),
            ("relative", "Other relative"),
            ("other", "Other"),
        ],
        required=True,
        default="mother",
    )
    is_primary = fields.Boolean(string="Primary Contact")
    phone = fields.Char(related="partner_id.phone")
    note = fields.Char()

    _student_partner_uniq = models.Constraint(
        "UNIQUE (student_id, partner_id)", "This contact is already a guardian of the student."
    )
