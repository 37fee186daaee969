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


@tagged("post_install", "-at_install")
class TestPoolApprovalTour(HttpCase, CrmCustomCommon):
    def test_pool_claim_refused_then_approved_tour(self):
        pool = self.env["crm.pool"].create(
            {"name": "Tour Pool", "max_claims": 1, "company_id": self.team.company_id.id}
        )
        self.team.pool_id = pool
        leads = self._create_leads(2, "Pool Customer", user_id=False)
        leads[0].name, leads[1].name = "Pool Customer A", "Pool Customer B"
        leads._pool_put_back("release", "Tour setup")
        self.start_tour("/odoo", "crm_custom_core_pool_claim_tour", login="cc_salesman")
        self.assertEqual(leads[0].user_id, self.user_salesman)
        self.assertTrue(leads[1].in_pool, "the claim over the limit waits for approval")
        request = leads[1].approval_ids
        self.assertEqual((request.kind, request.state), ("pool_claim", "pending"))
        self.start_tour("/odoo", "crm_custom_core_pool_approve_tour", login="cc_leader")
        self.assertEqual(request.state, "approved")
        self.assertFalse(leads[1].in_pool)
        self.assertEqual(leads[1].user_id, self.user_salesman)


@tagged("post_install", "-at_install")
class TestErasureTour(HttpCase, CrmCustomCommon):
    def test_compliance_officer_erases_a_person_tour(self):
        officer = self.env["res.users"].create(
            {
                "name": "Tour Compliance Officer",
                "login": "tour_compliance",
                "password": "tour_compliance",
                "group_ids": [(4, self.env.ref("crm_custom_core.group_crm_compliance").id)],
            }
        )
        person = self.env["res.partner"].create(
            {"name": "Tour Person", "email": "tour.person@example.com", "phone": "13700001111"}
        )
        lead = self._create_lead(
            name="Tour Person deal", partner_id=person.id, email_from="tour.person@example.com"
        )
        request = self.env["crm.data.request"].create(
            {"partner_id": person.id, "request_type": "erasure"}
        )
        self.start_tour("/odoo", "crm_custom_core_erasure_tour", login=officer.login)
        self.assertEqual(request.state, "done")
        self.assertEqual(request.confirmed_by_id, officer)
        self.assertTrue(person.privacy_anonymized)
        self.assertNotIn("Tour Person", person.name)
        self.assertFalse(person.email or lead.email_from)


@tagged("post_install", "-at_install")
class TestChineseCalendarTour(HttpCase, CrmCustomCommon):
    def test_zh_cn_calendar_title_and_week(self):
        """A zh_CN user's calendar reads 2026年11月 and its weeks start on Monday."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_salesman.lang = "zh_CN"
        self.start_tour(
            "/odoo/action-calendar.action_calendar_event?view_type=calendar",
            "crm_custom_core_zh_calendar_tour",
            login="cc_salesman",
        )
