# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_edu_teacher_availability import WEEKDAYS


class CrmEduClassSchedule(models.Model):
    """One weekly slot of a class: the sessions are generated from them."""

    _name = "crm.edu.class.schedule"
    _description = "Class Weekly Slot"
    _inherit = ["crm.input.guard.mixin"]
    _order = "class_id, weekday, hour_from"

    class_id = fields.Many2one("crm.edu.class", required=True, ondelete="cascade", index=True)
    weekday = fields.Selection(WEEKDAYS, required=True, default="5")
    hour_from = fields.Float(string="From", required=True, default=9.0)
    hour_to = fields.Float(string="To", required=True, default=10.5)

    _hours_valid = models.Constraint(
        "CHECK (hour_from >= 0 AND hour_to <= 24 AND hour_to > hour_from)",
        "A weekly slot ends after it starts, within the day.",
    )
