# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmReBuilding(models.Model):
    """A building (楼栋) of a project."""

    _name = "crm.re.building"
    _description = "Building"
    _inherit = ["crm.input.guard.mixin"]
    _order = "project_id, code"

    name = fields.Char(required=True)
    code = fields.Char(required=True, help="Prefix of the unit codes, e.g. B1.")
    project_id = fields.Many2one("crm.re.project", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    floors = fields.Integer()
    unit_ids = fields.One2many("crm.re.unit", "building_id", string="Units")

    _code_unique = models.Constraint(
        "UNIQUE(project_id, code)", "A building code is unique within its project."
    )

    def action_open_board(self):
        """The availability board (销控表) of the building."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "crm_realestate.availability_board",
            "name": self.env._("Availability Board"),
            "params": {"building_id": self.id},
        }
