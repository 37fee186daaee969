# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEduConsumption(models.Model):
    """Lessons consumed from a contract: the remaining hours of a contract
    are always computed from these rows."""

    _name = "crm.edu.consumption"
    _description = "Lesson Consumption"
    _inherit = ["crm.input.guard.mixin"]
    _order = "date desc, id desc"

    contract_id = fields.Many2one(
        "crm.edu.contract", required=True, index=True, ondelete="restrict"
    )
    attendee_id = fields.Many2one("crm.edu.attendee", index="btree_not_null", ondelete="set null")
    student_id = fields.Many2one(related="contract_id.student_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    lessons = fields.Integer(required=True, default=1)

    _lessons_positive = models.Constraint(
        "CHECK (lessons > 0)", "A consumption is of at least one lesson."
    )
    _attendee_uniq = models.UniqueIndex(
        "(attendee_id) WHERE attendee_id IS NOT NULL",
        "The attendance already consumed a lesson.",
    )
