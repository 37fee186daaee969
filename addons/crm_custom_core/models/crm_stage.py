# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import namedtuple

from odoo import api, fields, models
from odoo.tools import ormcache

# What a stage change needs to know of a pipeline stage, read once and cached:
# its position, the teams it belongs to and, for stages created from a process
# template, the gate criteria and the activity plan launched on entry.
StageGate = namedtuple(
    "StageGate",
    "order_key team_ids process_stage_id field_names activity_type_ids "
    "min_attachment_count activity_plan_id",
)

# Fields whose change alters the cached gate configuration.
GATE_STAGE_FIELDS = {"sequence", "team_ids", "process_stage_id", "active"}


class CrmStage(models.Model):
    _name = "crm.stage"
    _inherit = ["crm.stage", "crm.input.guard.mixin"]

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
        gate = self._get_gate_config().get(self.id)
        return gate.order_key if gate else (self.sequence, self.id)

    # ------------------------------------------------------------
    # GATE CONFIGURATION CACHE
    # ------------------------------------------------------------

    @api.model
    @ormcache()
    def _get_gate_config(self):
        """Return {stage id: StageGate} for every pipeline stage.

        Stage changes are frequent and configuration changes rare: the
        configuration is read in four queries once per worker and kept until a
        stage or a template stage changes (see ``_clear_gate_config``).
        """
        stages = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([], ["sequence", "team_ids", "process_stage_id"])
        )
        tstages = stages.process_stage_id
        tstages.fetch(
            [
                "required_field_ids",
                "required_activity_type_ids",
                "min_attachment_count",
                "activity_plan_id",
            ]
        )
        tstages.required_field_ids.fetch(["name"])
        config = {}
        for stage in stages:
            tstage = stage.process_stage_id
            config[stage.id] = StageGate(
                order_key=(stage.sequence, stage.id),
                team_ids=frozenset(stage.team_ids.ids),
                process_stage_id=tstage.id or None,
                field_names=tuple(tstage.required_field_ids.mapped("name")),
                activity_type_ids=frozenset(tstage.required_activity_type_ids.ids),
                min_attachment_count=tstage.min_attachment_count,
                activity_plan_id=tstage.activity_plan_id.id or None,
            )
        return config

    @api.model
    def _clear_gate_config(self):
        self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        stages = super().create(vals_list)
        self._clear_gate_config()
        return stages

    def write(self, vals):
        res = super().write(vals)
        if GATE_STAGE_FIELDS & set(vals):
            self._clear_gate_config()
        return res

    def unlink(self):
        res = super().unlink()
        self._clear_gate_config()
        return res
