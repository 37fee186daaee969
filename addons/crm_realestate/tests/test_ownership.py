# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestOwnership(RealEstateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project.ownership_protection_days = 30

    def _visit(self, lead, user, when, **vals):
        return (
            self.env["crm.re.visit"]
            .with_user(user)
            .create({"lead_id": lead.id, "user_id": user.id, "date": when, **vals})
        )

    def test_first_registration_wins_then_lapses(self):
        lead = self._buyer_lead(user=False, name="Walk-in buyer")
        day0 = datetime(2026, 3, 1, 10, 0)
        first = self._visit(lead, self.consultant_a, day0, channel="walk_in")
        self.assertEqual(first.visit_type, "first")
        self.assertEqual(lead.user_id, self.consultant_a)
        self.assertEqual(lead.re_protected_until, (day0 + timedelta(days=30)).date())
        self.assertEqual(first.ruling_id.rule, "first_registration")
        # B receives the buyer within the window: A keeps them, and it is ruled
        lead.date_last_followup = False
        second = self._visit(lead.sudo(), self.consultant_b, day0 + timedelta(days=10))
        self.assertEqual(second.visit_type, "repeat")
        self.assertEqual(lead.user_id, self.consultant_a)
        ruling = second.ruling_id
        self.assertEqual(
            (ruling.rule, ruling.owner_before_id, ruling.owner_after_id),
            ("protected", self.consultant_a, self.consultant_a),
        )
        # the window lapses without follow-up: the next visit's consultant takes over
        third = self._visit(lead.sudo(), self.consultant_b, day0 + timedelta(days=45))
        self.assertEqual(lead.user_id, self.consultant_b)
        self.assertEqual(third.ruling_id.rule, "lapsed")
        self.assertEqual(third.ruling_id.owner_before_id, self.consultant_a)
        self.assertIn("lapsed", third.ruling_id.reason)
        # a follow-up extends the protection
        lead.sudo().date_last_followup = day0 + timedelta(days=60)
        fourth = self._visit(lead.sudo(), self.consultant_a, day0 + timedelta(days=80))
        self.assertEqual((fourth.ruling_id.rule, lead.user_id), ("protected", self.consultant_b))
        self.assertEqual(len(lead.re_ruling_ids), 4)
        # rulings are written by the system only
        with self.assertRefused(AccessError, "cannot be changed"):
            fourth.ruling_id.with_user(self.re_manager).reason = "edited"
        with self.assertRefused(AccessError, "recorded by the system only"):
            self.env["crm.re.ownership.ruling"].with_user(self.re_manager).create(
                {"lead_id": lead.id, "rule": "arbitration", "reason": "x"}
            )

    def test_manager_arbitrates_with_a_logged_reason(self):
        lead = self._buyer_lead(user=False, name="Disputed buyer")
        self._visit(lead, self.consultant_a, datetime(2026, 3, 1, 10, 0))
        action = lead.with_user(self.re_manager).action_re_arbitrate()
        Wizard = self.env[action["res_model"]]
        values = {"lead_id": lead.id, "owner_id": self.consultant_b.id, "reason": " "}
        # consultants may not arbitrate
        wizard = Wizard.with_user(self.consultant_a).create(dict(values, reason="I saw them first"))
        with self.assertRefused(AccessError, "Only a sales manager may arbitrate"):
            wizard.action_confirm()
        # the reason is mandatory
        wizard = Wizard.with_user(self.re_manager).create(values)
        with self.assertRefused(UserError, "Reason: say why"):
            wizard.action_confirm()
        self.assertEqual(lead.user_id, self.consultant_a)
        wizard = Wizard.with_user(self.re_manager).create(
            dict(values, reason="B had registered the buyer by phone the day before")
        )
        wizard.action_confirm()
        self.assertEqual(lead.user_id, self.consultant_b)
        ruling = lead.re_ruling_ids.filtered(lambda r: r.rule == "arbitration")
        self.assertEqual(
            (ruling.owner_before_id, ruling.owner_after_id, ruling.user_id),
            (self.consultant_a, self.consultant_b, self.re_manager),
        )
        self.assertIn("by phone", ruling.reason)
        self.assertIn("by phone", lead.message_ids[0].body)

    def test_lapsed_buyers_return_to_the_pool_when_the_project_says_so(self):
        self.office.pool_id = self.env["crm.pool"].create(
            {"name": "RE Pool", "company_id": self.office.company_id.id}
        )
        lead = self._buyer_lead(user=False, name="Lapsing buyer")
        followed = self._buyer_lead(user=False, name="Followed buyer")
        day0 = datetime.now() - timedelta(days=40)
        self._visit(lead, self.consultant_a, day0)
        self._visit(followed, self.consultant_a, day0)
        (lead | followed).sudo().date_last_followup = False
        followed.sudo().date_last_followup = datetime.now() - timedelta(days=5)
        Lead = self.env["crm.lead"]
        # the default rule waits for the next visit to decide
        self.assertFalse(Lead._cron_re_ownership_lapse() & (lead | followed))
        self.assertEqual(lead.user_id, self.consultant_a)
        self.project.ownership_lapse_rule = "pool"
        returned = Lead._cron_re_ownership_lapse()
        self.assertIn(lead, returned)
        self.assertNotIn(followed, returned, "a recent follow-up keeps the protection")
        self.assertTrue(lead.in_pool)
        self.assertFalse(lead.user_id)
        self.assertEqual(followed.user_id, self.consultant_a)
        ruling = lead.re_ruling_ids.filtered(lambda r: r.rule == "lapsed")
        self.assertEqual(
            (ruling.owner_before_id, ruling.owner_after_id),
            (self.consultant_a, self.env["res.users"]),
        )
        self.assertIn("customer pool", ruling.reason)
        self.assertEqual(lead.pool_history_ids.action, "return")
        # once returned, the job leaves the buyer alone
        self.assertNotIn(lead, Lead._cron_re_ownership_lapse())
