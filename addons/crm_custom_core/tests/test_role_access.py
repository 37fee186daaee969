# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestRoleDailyWork(CrmCustomCommon):
    """Each role opens, edits, moves and creates leads that other people
    created and follow: who else follows a record, leads or belongs to its
    team never makes it unreadable; the customer scopes still refuse what
    they are meant to refuse."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # As Odoo's own demo administrator: their contact is "their own customer".
        cls.admin = mail_new_test_user(
            env,
            login="rd_admin",
            name="RD Admin",
            groups="crm_custom_core.group_crm_admin,base.group_partner_manager",
        )
        cls.admin.partner_id.user_id = cls.admin
        cls.user_salesman_2.partner_id.user_id = cls.user_salesman_2
        cls.team_leader = mail_new_test_user(
            env,
            login="rd_team_leader",
            name="RD Team Leader",
            groups="crm_custom_core.group_crm_team_leader",
        )
        cls.team.write(
            {
                "user_id": cls.team_leader.id,
                "member_ids": [Command.link(cls.admin.id)],
            }
        )
        Partner = env["res.partner"]
        cls.customer = Partner.create({"name": "RD Customer", "user_id": cls.user_salesman.id})
        cls.customer_other = Partner.create(
            {"name": "RD Customer of another", "user_id": cls.user_salesman_2.id}
        )
        cls.lead = (
            env["crm.lead"]
            .with_user(cls.admin)
            .create(
                {
                    "name": "RD Lead created by the administrator",
                    "type": "opportunity",
                    "team_id": cls.team.id,
                    "user_id": cls.user_salesman.id,
                    "partner_id": cls.customer.id,
                    "phone": "+86 138 0000 0000",
                }
            )
        )
        cls.lead.sudo().message_subscribe(
            partner_ids=(cls.admin.partner_id | cls.user_salesman_2.partner_id).ids
        )

    def test_salesman_opens_edits_and_moves_a_lead_others_follow(self):
        self.assertEqual(self.lead.stage_id, self.stages[0])
        lead = self.lead.with_user(self.user_salesman)
        lead.invalidate_recordset()
        self.assertIn(self.admin.partner_id, lead.message_partner_ids)
        with Form(lead) as form:
            form.description = "Called back, needs a demo"
        with Form(lead) as form:
            form.stage_id = self.stages[1]
        self.assertEqual(self.lead.stage_id, self.stages[1])

    def test_team_leader_opens_and_saves_a_lead_others_follow(self):
        with Form(self.lead.with_user(self.team_leader)) as form:
            form.priority = "2"
        self.assertEqual(self.lead.priority, "2")

    def test_member_creates_a_lead_in_a_team_with_other_members(self):
        Lead = (
            self.env["crm.lead"]
            .with_user(self.user_salesman)
            .with_context(default_type="opportunity", default_team_id=self.team.id)
        )
        with Form(Lead) as form:
            form.name = "RD Lead created by the member"
        lead = form.record
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.stage_id, self.stages[0])

    def test_colleague_contacts_readable_customers_still_scoped(self):
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        # colleagues' contacts: readable, not editable
        self.assertTrue(Partner.browse(self.admin.partner_id.id).read(["name"]))
        with self.assertRaises(AccessError):
            Partner.browse(self.admin.partner_id.id).write({"comment": "edited"})
        # another salesperson's customer stays out of reach
        with self.assertRaises(AccessError):
            Partner.browse(self.customer_other.id).read(["name"])
        # a portal user's contact is a customer, not a colleague
        self.user_portal.partner_id.user_id = self.user_salesman_2
        with self.assertRaises(AccessError):
            Partner.browse(self.user_portal.partner_id.id).read(["name"])
