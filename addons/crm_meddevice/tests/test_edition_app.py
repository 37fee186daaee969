# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestMedDeviceApp(MedDeviceCommon):
    """Medical devices is its own app: its own pipeline action on its teams'
    leads; the Devices tab only on its leads."""

    def test_pipeline_and_form_show_the_edition_only(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_meddevice.crm_med_lead_action")
        self.assertNotEqual(action["id"], self.env.ref("crm.crm_lead_action_pipeline").id)
        team = self.env["crm.team"].create(
            {
                "name": "MD App Team",
                "crm_edition": "meddevice",
                "member_ids": [(4, self.user_salesman.id)],
            }
        )
        lead = self._create_lead(name="Hospital tender", team_id=team.id, stage_id=False)
        other = self._create_lead(name="Lead of another app")
        leads = (
            self.env["crm.lead"]
            .with_context(**safe_eval(action["context"]))
            .search(safe_eval(action["domain"]))
        )
        self.assertIn(lead, leads)
        self.assertNotIn(other, leads)
        with Form(lead.with_user(self.user_salesman)) as form:
            self.assertFalse(form._get_modifier("device_line_ids", "invisible"))
            with self.assertRaisesRegex(AssertionError, "invisible"):
                form.id_number = "310101199001011234"
        with Form(other.with_user(self.user_salesman)) as form:
            self.assertTrue(form._get_modifier("device_line_ids", "invisible"))
            form.id_number = "310101199001011234"

    def test_sales_daily_work_on_leads_others_created_and_follow(self):
        """A regional salesperson opens and saves an opportunity a regulatory
        manager created and an administrator follows, and creates one."""
        admin = self.env.ref("base.user_admin")
        admin.partner_id.user_id = admin
        team = self.env["crm.team"].create(
            {
                "name": "MD Daily Team",
                "crm_edition": "meddevice",
                "member_ids": [(4, self.user_salesman.id), (4, admin.id)],
            }
        )
        manager = self.user_reg_manager
        manager.group_ids = [(4, self.env.ref("sales_team.group_sale_manager").id)]
        lead = (
            self.env["crm.lead"]
            .with_user(manager)
            .create(
                {
                    "name": "Monitors for the ward",
                    "type": "opportunity",
                    "team_id": team.id,
                    "user_id": self.user_salesman.id,
                }
            )
        )
        lead.sudo().message_subscribe(partner_ids=(admin.partner_id | manager.partner_id).ids)
        with Form(lead.with_user(self.user_salesman)) as form:
            form.description = "Tender in March"
        Lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(default_type="opportunity", default_team_id=team.id)
        )
        with Form(Lead) as form:
            form.name = "Pumps for the ICU"
        self.assertEqual(form.record.team_id, team)
