# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestProcessTemplate(CrmCustomCommon):
    def test_b2b_template_has_eight_stages(self):
        self.assertEqual(len(self.template.stage_ids), 8)
        self.assertEqual(len(self.stages), 8)
        self.assertEqual(self.stages.process_stage_id, self.template.stage_ids)
        self.assertTrue(all(self.team in stage.team_ids for stage in self.stages))
        self.assertEqual(self.team.process_template_id, self.template)

    @users("cc_process_manager")
    def test_reapply_does_not_duplicate(self):
        team = self.env["crm.team"].browse(self.team.id)
        template = self.template.with_env(self.env)
        template.stage_ids[0].name = "Lead Discovery (renamed)"
        wizard = Form(
            self.env["crm.process.template.apply"].with_context(default_template_id=template.id)
        )
        wizard.team_ids.add(team)
        wizard.save().action_apply()
        stages = self.env["crm.stage"].search([("team_ids", "in", team.id)])
        self.assertEqual(len(stages), 8)
        self.assertIn("Lead Discovery (renamed)", stages.mapped("name"))

    @users("cc_process_manager")
    def test_apply_wizard_refuses_no_team(self):
        wizard = self.env["crm.process.template.apply"].create({"template_id": self.template.id})
        with self.assertRaisesRegex(UserError, "Sales Teams"):
            wizard.action_apply()

    @users("cc_salesman")
    def test_salesman_cannot_edit_templates(self):
        template = self.template.with_env(self.env)
        self.assertTrue(template.name)
        with self.assertRaises(AccessError):
            template.name = "Mine"
        with self.assertRaises(AccessError):
            self.env["crm.process.template.apply"].create({"template_id": template.id})

    @users("cc_process_manager")
    def test_responsible_user_required_for_user_role(self):
        with self.assertRaisesRegex(ValidationError, "Responsible User"):
            self.env["crm.process.template.stage"].create(
                {
                    "template_id": self.template.id,
                    "name": "Review",
                    "responsible_role": "user",
                }
            )
