# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    process_stage_id = fields.Many2one(
        "crm.process.template.stage",
        string="Process Stage",
        index="btree_not_null",
        ondelete="set null",
        help="Template stage this pipeline stage was created from: its gate, time "
        "standard, responsible role and activity plan apply.",
    )
    process_template_id = fields.Many2one(
        related="process_stage_id.template_id",
        string="Process",
    )
    time_standard_hours = fields.Float(
        related="process_stage_id.time_standard_hours",
        string="Time Standard (hours)",
    )

    def _order_key(self):
        """Position of the stage in the pipeline: forward means a greater key."""
        self.ensure_one()
        return (self.sequence, self.id)
