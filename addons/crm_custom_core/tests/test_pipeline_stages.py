# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestPipelineStages(CrmCustomCommon):
    """A team run by a process has the process's stages only: new leads start
    in its first stage, its pipeline hides the shared stages, and its stage
    names carry every translation of the process."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_stage = cls.env["crm.stage"].create({"name": "PS Shared", "sequence": 0})
        cls.plain_team = cls.env["crm.team"].create({"name": "PS Team without process"})

    def test_lead_without_stage_starts_in_first_process_stage(self):
        Lead = self.env["crm.lead"].with_user(self.user_salesman)
        lead = Lead.create({"name": "PS by RPC", "type": "opportunity", "team_id": self.team.id})
        self.assertEqual(lead.stage_id, self.stages[0])
        plain = Lead.create(
            {"name": "PS plain", "type": "opportunity", "team_id": self.plain_team.id}
        )
        self.assertFalse(plain.stage_id.team_ids, "teams without process keep shared stages")

    def _pipeline_stages(self, team, **context):
        Lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(read_group_expand=True, **context)
        )
        domain = [("type", "=", "opportunity"), ("team_id", "=", team.id)]
        groups = Lead.web_read_group(domain, ["stage_id"], unfold_read_specification={"id": {}})[
            "groups"
        ]
        return self.env["crm.stage"].browse(g["stage_id"][0] for g in groups if g["stage_id"])

    def test_process_pipeline_hides_shared_stages(self):
        self._create_lead()
        stages = self._pipeline_stages(self.team, default_team_id=self.team.id)
        self.assertEqual(stages, self.stages)
        self.assertNotIn(self.shared_stage, stages)
        # the salesperson's own teams, as in CRM's pipeline action
        stages = self._pipeline_stages(self.team, show_user_team_stages=True)
        self.assertNotIn(self.shared_stage, stages)
        # a team without process keeps the shared stages
        self._create_lead(team_id=self.plain_team.id, stage_id=False)
        stages = self._pipeline_stages(self.plain_team, default_team_id=self.plain_team.id)
        self.assertIn(self.shared_stage, stages)

    def test_stage_names_keep_every_translation(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        template = self.template.copy({"name": "PS Process"})
        tstage = template.stage_ids[0]
        tstage.update_field_translations("name", {"zh_CN": "线索甄别"})
        team = self.env["crm.team"].create({"name": "PS Team"})
        stage = template._apply_to_teams(team).filtered(lambda s: s.process_stage_id == tstage)
        self.assertEqual(stage.with_context(lang="zh_CN").name, "线索甄别")
        self.assertEqual(stage.with_context(lang="en_US").name, tstage.name)
        # a later translation reaches the pipeline stage too
        tstage.update_field_translations("name", {"zh_CN": "线索发现"})
        self.assertEqual(stage.with_context(lang="zh_CN").name, "线索发现")
        # and so do the translations a language load brings to the template
        self.stages.process_stage_id[0].update_field_translations("name", {"zh_CN": False})
        self.env["ir.module.module"]._load_module_terms(["crm_custom_core"], ["zh_CN"])
        self.assertEqual(self.stages[0].with_context(lang="zh_CN").name, "线索发现")

    def test_teams_of_a_process_share_its_stages(self):
        team_2 = self.env["crm.team"].create(
            {"name": "PS Second Team", "member_ids": [(4, self.user_salesman.id)]}
        )
        stages_2 = self.template._apply_to_teams(team_2).sorted(lambda s: s._order_key())
        self.assertEqual(stages_2, self.stages)
        self.assertTrue(all(team_2 in stage.team_ids for stage in self.stages))
        # applying again neither duplicates nor unlinks
        self.template._apply_to_teams(self.team | team_2)
        linked = self.env["crm.stage"].search(
            [("team_ids", "in", (self.team | team_2).ids), ("process_stage_id", "!=", False)]
        )
        self.assertEqual(linked, self.stages)
        # the pipeline of both teams shows each stage once
        self._create_lead()
        self._create_lead(team_id=team_2.id, stage_id=False)
        Lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(read_group_expand=True, show_user_team_stages=True)
        )
        groups = Lead.web_read_group(
            [("team_id", "in", (self.team | team_2).ids)],
            ["stage_id"],
            unfold_read_specification={"id": {}},
        )["groups"]
        names = [group["stage_id"][1] for group in groups if group["stage_id"]]
        self.assertEqual(len(names), len(set(names)), names)
