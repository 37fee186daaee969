# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduRoom(models.Model):
    _name = "crm.edu.room"
    _description = "Classroom"
    _inherit = ["crm.input.guard.mixin"]
    _order = "campus_id, name"
    _check_company_auto = True

    name = fields.Char(required=True)
    campus_id = fields.Many2one(
        "crm.team",
        string="Campus",
        required=True,
        index=True,
        check_company=True,
        domain="[('is_campus', '=', True)]",
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="campus_id.company_id", store=True, index=True, string="Company"
    )
    capacity = fields.Integer(required=True, default=10)
    active = fields.Boolean(default=True)

    _capacity_positive = models.Constraint(
        "CHECK (capacity > 0)", "The capacity of a room must be at least one seat."
    )
    _name_campus_uniq = models.Constraint(
        "UNIQUE (campus_id, name)", "A room with this name already exists on the campus."
    )

    def _compute_display_name(self):
        for room in self:
            room.display_name = (
                f"{room.campus_id.name} / {room.name}" if room.campus_id else room.name
            )
