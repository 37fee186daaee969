# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmProcessTemplate(models.Model):
    """An end-to-end sales process an implementer configures without code.

    Applying a template to a sales team creates (or updates) that team's
    ``crm.stage`` records, so Odoo's own pipeline stays the engine.
    """

    _name = "crm.process.template"
    _description = "CRM Process Template"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Leave empty to share the template between companies.",
        ondelete="set null",
    )
    stage_ids = fields.One2many(
        "crm.process.template.stage",
        "template_id",
        string="Stages",
        copy=True,
    )
    stage_count = fields.Integer(compute="_compute_stage_count")
    team_ids = fields.One2many(
        "crm.team",
        "process_template_id",
        string="Sales Teams",
        help="Teams whose pipeline follows this process.",
    )
    team_count = fields.Integer(compute="_compute_team_count")

    @api.depends("stage_ids")
    def _compute_stage_count(self):
        for template in self:
            template.stage_count = len(template.stage_ids)

    @api.depends("team_ids")
    def _compute_team_count(self):
        for template in self:
            template.team_count = len(template.team_ids)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_apply_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Apply Process to Teams"),
            "res_model": "crm.process.template.apply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_template_id": self.id},
        }

    def action_view_teams(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_team.crm_team_action_config")
        action["domain"] = [("process_template_id", "=", self.id)]
        action["context"] = {"default_process_template_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply_to_teams(self, teams):
        """Create or update the pipeline stages of ``teams`` from this template.

        The teams that follow a process share its pipeline stages: one stage
        per template stage, linked to each team, so that a pipeline of several
        teams (a campus manager's, an edition's) shows each stage once.
        Stages are matched on their template stage, so applying twice updates
        the existing stages instead of duplicating them; a team that already
        has its own stage for a template stage keeps it. Stages of the team
        that do not come from the template are left untouched.

        :return: the ``crm.stage`` records of the teams that follow the template
        """
        self.ensure_one()
        Stage = self.env["crm.stage"]
        existing = Stage.with_context(active_test=False).search(
            [("process_stage_id", "in", self.stage_ids.ids)], order="id"
        )
        own = {}
        shared = {}
        for stage in existing:
            shared.setdefault(stage.process_stage_id.id, stage)
            for team in stage.team_ids & teams:
                own[(team.id, stage.process_stage_id.id)] = stage
        result = Stage
        for tstage in self.stage_ids:
            vals = tstage._prepare_crm_stage_values()
            stages = Stage.union(
                *(own[(team.id, tstage.id)] for team in teams if (team.id, tstage.id) in own)
            )
            missing = teams.filtered(lambda team, ts=tstage: (team.id, ts.id) not in own)
            if stages:
                stages.write(vals)
            if missing:
                target = shared.get(tstage.id)
                links = [fields.Command.link(team.id) for team in missing]
                if target:
                    target.write({**vals, "team_ids": links})
                else:
                    target = Stage.create({**vals, "team_ids": links})
                stages |= target
            result |= stages
        self.stage_ids._sync_crm_stage_translations()
        # Applying is the process manager's right; the team record itself
        # belongs to sales managers, so link it as superuser.
        teams.sudo().write({"process_template_id": self.id})
        return result
