# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestApprovals(CrmCustomCommon):
    """Discounts, contract amounts and pool claims beyond the limit go
    through base_tier_validation levels: team leader, then sales manager."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.team.company_id or cls.env.company
        cls.company.write(
            {"crm_discount_approval_threshold": 10.0, "crm_contract_approval_amount": 1000000.0}
        )
        cls.partner = cls.env["res.partner"].create({"name": "Approval Customer"})

    def _quoted(self, **vals):
        """An opportunity of the salesperson in quotation, ready for the gate
        of the won stage."""
        values = {
            "phone": "1",
            "partner_id": self.partner.id,
            "expected_revenue": 50000,
            "date_deadline": "2026-12-31",
            "stage_id": self.stages[4].id,
        }
        values.update(vals)
        lead = self._create_lead(**values)
        self.env["ir.attachment"].create(
            {"name": "quote.pdf", "res_model": "crm.lead", "res_id": lead.id, "raw": b"x"}
        )
        return lead.with_user(self.user_salesman)

    def test_unapproved_discount_is_refused_until_the_leader_approves(self):
        lead = self._quoted(discount_percent=15)
        self.assertIn("15", lead.approval_needed)
        with self.assertRefused(UserError, "cannot be won before approval: discount of 15"):
            lead.write({"stage_id": self.stages[5].id, "priority": "3"})
        self.assertEqual(lead.priority, "0", "nothing saved with the refused move")
        self.assertEqual(lead.stage_id, self.stages[4], "nothing changed on refusal")
        # winning through the button goes through the same check
        with self.assertRefused(UserError, "before approval"):
            lead.action_set_won()

        lead.action_request_approval()
        request = lead.approval_ids
        self.assertEqual(request.kind, "discount")
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.discount_percent, 15)
        self.assertEqual(request.review_ids.reviewer_ids, self.user_leader)
        # asking twice does not duplicate the request
        lead.action_request_approval()
        self.assertEqual(len(lead.approval_ids), 1)

        # the requester cannot approve nor force the state
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman).validate_tier()
        self.assertEqual(request.state, "pending")
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman).write({"state": "approved"})
        with self.assertRefused(UserError, "before approval"):
            lead.stage_id = self.stages[5]

        request.with_user(self.user_leader).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertTrue(request.date_decided)
        lead.stage_id = self.stages[5]
        self.assertEqual(lead.won_status, "won")

    def test_raising_the_discount_after_approval_needs_a_new_one(self):
        lead = self._quoted(discount_percent=12)
        lead.action_request_approval()
        lead.approval_ids.with_user(self.user_leader).validate_tier()
        lead.discount_percent = 14
        with self.assertRefused(UserError, "discount of 14"):
            lead.stage_id = self.stages[5]
        # the value saved together with the stage is the one judged
        lead.write({"stage_id": self.stages[5].id, "discount_percent": 12})
        self.assertEqual(lead.won_status, "won")

    def test_large_discount_needs_two_levels_in_order(self):
        lead = self._quoted(discount_percent=25)
        lead.action_request_approval()
        request = lead.approval_ids
        self.assertEqual(len(request.review_ids), 2)
        # the sales manager's level waits for the team leader's
        with self.assertRaises(AccessError):
            request.with_user(self.user_sales_manager).validate_tier()
        self.assertEqual(request.state, "pending")
        request.with_user(self.user_leader).validate_tier()
        self.assertEqual(request.state, "pending")
        request.with_user(self.user_sales_manager).validate_tier()
        self.assertEqual(request.state, "approved")

    def test_contract_over_amount_and_rejection(self):
        lead = self._quoted(expected_revenue=2500000)
        with self.assertRefused(UserError, "contract amount"):
            lead.stage_id = self.stages[5]
        lead.action_request_approval()
        request = lead.approval_ids
        self.assertEqual((request.kind, request.amount), ("contract", 2500000))
        request.with_user(self.user_leader).reject_tier()
        self.assertEqual(request.state, "rejected")
        with self.assertRefused(UserError, "contract amount"):
            lead.stage_id = self.stages[5]
        # created directly in a won stage: the same rule
        count = self.env["crm.lead"].search_count([])
        with self.assertRefused(UserError, "before approval"):
            self._create_lead(phone="1", expected_revenue=2000000, stage_id=self.stages[5].id)
        self.assertEqual(self.env["crm.lead"].search_count([]), count)

    def test_thresholds_at_zero_disable_the_rule(self):
        self.company.write(
            {"crm_discount_approval_threshold": 0, "crm_contract_approval_amount": 0}
        )
        lead = self._quoted(discount_percent=40, expected_revenue=9000000)
        self.assertFalse(lead.approval_needed)
        lead.stage_id = self.stages[5]
        with self.assertRefused(UserError, "needs no approval"):
            lead.action_request_approval()

    def test_pool_claim_beyond_limit_approved_by_the_leader(self):
        pool = self.env["crm.pool"].create(
            {"name": "Approval Pool", "max_claims": 1, "company_id": self.team.company_id.id}
        )
        self.team.pool_id = pool
        leads = self._create_leads(2, "Pooled", user_id=False)
        leads._pool_put_back("release", "setup")
        mine = leads.with_user(self.user_salesman)
        mine[0].action_pool_claim()
        with self.assertRefused(UserError, "Claim limit .* \u201cRequest Claim Approval"):
            mine[1].action_pool_claim()
        mine[1].action_pool_request_claim()
        request = leads[1].approval_ids
        self.assertEqual((request.kind, request.state), ("pool_claim", "pending"))
        self.assertTrue(leads[1].in_pool)
        # another salesperson is no reviewer
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman_2).validate_tier()
        request.with_user(self.user_leader).validate_tier()
        self.assertEqual(request.state, "approved")
        self.assertFalse(leads[1].in_pool)
        self.assertEqual(leads[1].user_id, self.user_salesman)
        self.assertEqual(leads[1].pool_history_ids.sorted("id")[-1].action, "claim")

    def test_scope_team_leader_approves_their_team(self):
        """A leader with the CRM Scope role only (not "all documents") sees and
        approves the requests of the team they lead, and no other team's."""
        scope_leader = self.env["res.users"].create(
            {
                "name": "Scope Leader",
                "login": "cc_scope_leader",
                "group_ids": [(4, self.env.ref("crm_custom_core.group_crm_team_leader").id)],
            }
        )
        self.team.user_id = scope_leader
        lead = self._quoted(discount_percent=15)
        lead.action_request_approval()
        request = lead.approval_ids.with_user(scope_leader)
        self.assertEqual(request.review_ids.reviewer_ids, scope_leader)
        request.validate_tier()
        self.assertEqual(request.state, "approved")
        other_team = self.env["crm.team"].create({"name": "Other"})
        other = self._create_lead(name="Other team deal", team_id=other_team.id)
        other_request = (
            self.env["crm.approval.request"]
            .sudo()
            .create(
                {
                    "lead_id": other.id,
                    "kind": "discount",
                    "discount_percent": 30,
                    "requested_by_id": self.user_salesman.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            other_request.with_user(scope_leader).read(["state"])

    def test_request_access(self):
        lead = self._quoted(discount_percent=15)
        Request = self.env["crm.approval.request"].with_user(self.user_salesman)
        with self.assertRaises(AccessError):
            Request.create({"lead_id": lead.id, "kind": "discount", "state": "approved"})
        lead.action_request_approval()
        request = lead.approval_ids
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman_2).read(["state"])
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman_2).action_cancel()
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman).unlink()
        request.with_user(self.user_salesman).action_cancel()
        self.assertEqual(request.state, "cancel")
