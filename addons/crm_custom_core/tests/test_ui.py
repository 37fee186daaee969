# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestProcessTour(HttpCase, CrmCustomCommon):
    def test_apply_template_and_gate_tour(self):
        team = self.env["crm.team"].create({"name": "Tour Team"})
        self.start_tour("/odoo", "crm_custom_core_apply_template_tour", login="cc_sales_manager")
        stages = self.env["crm.stage"].search([("team_ids", "in", team.id)])
        self.assertEqual(len(stages), 8)
        stages = stages.sorted(lambda s: s._order_key())
        lead, _colleague_deal = self.env["crm.lead"].create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "team_id": team.id,
                    "user_id": self.user_salesman.id,
                    "stage_id": stage.id,
                    "phone": phone,
                }
                for name, stage, phone in [
                    ("Tour Lead", stages[0], False),
                    ("Colleague Deal", stages[1], "1"),
                ]
            ]
        )
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline",
            "crm_custom_core_gate_tour",
            login="cc_salesman",
        )
        self.assertEqual(lead.stage_id.name, "First Contact")
        self.assertEqual(lead.phone, "+86 138 0013 8000")
