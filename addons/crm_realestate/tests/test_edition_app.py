# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestRealEstateApp(RealEstateCommon):
    """Real estate is its own app: its pipeline shows its teams, stages and
    leads; its lead form shows its sections on its leads only; its consultants
    work in a team that administrators belong to and follow."""

    def _pipeline(self, user):
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_realestate.crm_re_lead_action")
        self.assertNotEqual(action["id"], self.env.ref("crm.crm_lead_action_pipeline").id)
        context = dict(safe_eval(action["context"]), read_group_expand=True)
        Lead = self.env["crm.lead"].with_user(user).with_context(**context)
        domain = safe_eval(action["domain"])
        groups = Lead.web_read_group(domain, ["stage_id"], unfold_read_specification={"id": {}})[
            "groups"
        ]
        columns = self.env["crm.stage"].browse(g["stage_id"][0] for g in groups if g["stage_id"])
        # columns shown although empty: the pipeline's own (a column with leads
        # is always shown, e.g. leads an older version left in a shared stage)
        stages = self.env["crm.stage"].browse(
            g["stage_id"][0] for g in groups if g["stage_id"] and not g["__count"]
        )
        return Lead.search(domain), columns, stages

    def test_pipeline_shows_the_edition_only(self):
        buyer_lead = self._buyer_lead()
        other = self._create_lead(name="Lead of another app")
        leads, columns, stages = self._pipeline(self.re_manager)
        self.assertIn(buyer_lead, leads)
        self.assertNotIn(other, leads)
        self.assertLessEqual(self.re_stages, columns)
        editions = {stage: set(stage.team_ids.mapped("crm_edition")) for stage in stages}
        self.assertFalse([s for s, e in editions.items() if e != {"realestate"}])
        self.assertNotIn(self.env.ref("crm.stage_lead1"), stages)

    def test_new_lead_starts_in_the_first_stage(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.consultant_a)
            .create({"name": "Buyer by RPC", "type": "opportunity", "team_id": self.office.id})
        )
        self.assertEqual(lead.stage_id, self.re_stages[0])

    def test_form_shows_the_edition_sections_only(self):
        with Form(self._buyer_lead().with_user(self.consultant_a)) as form:
            form.re_budget_min = 3000000
            form.id_number = "310101199001011234"
        other = self._create_lead(name="Lead of another app")
        with (
            Form(other.with_user(self.user_salesman)) as form,
            self.assertRaisesRegex(AssertionError, "invisible"),
        ):
            form.re_budget_min = 1

    def test_consultant_creates_a_lead_in_a_team_administrators_belong_to(self):
        admin = mail_new_test_user(
            self.env,
            login="re_app_admin",
            name="RE App Admin",
            groups="crm_custom_core.group_crm_admin,base.group_partner_manager",
        )
        admin.partner_id.user_id = admin
        self.office.write({"re_balanced_assignment": True, "member_ids": [Command.link(admin.id)]})
        self._buyer_lead(user=admin).sudo().message_subscribe(partner_ids=admin.partner_id.ids)
        Lead = (
            self.env["crm.lead"]
            .with_user(self.consultant_a)
            .with_context(default_type="opportunity", default_team_id=self.office.id)
        )
        with Form(Lead) as form:
            form.name = "Walk-in buyer"
        self.assertEqual(form.record.stage_id, self.re_stages[0])
        self.assertIn(form.record.user_id, self.office.member_ids)

    def test_referral_rewards_grouped_with_amounts(self):
        """The pivot of referral rewards sums amounts per currency without a
        server error (their currency is stored, not the lead's computed one)."""
        Reward = self.env["crm.re.referral.reward"].with_user(self.re_manager)
        Reward.formatted_read_grouping_sets(
            [],
            [[], ["state"]],
            ["amount:sum", "currency_id:array_agg_distinct", "amount:sum_currency", "__count"],
        )
