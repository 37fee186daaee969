# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class RealEstateCommon(CrmCustomCommon):
    """A project of 2 x 3 floors x 2 units, a sales office team applying the
    residential process, two consultants, a sales manager and finance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.consultant_a = mail_new_test_user(
            env,
            login="re_consultant_a",
            name="Consultant A",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.consultant_b = mail_new_test_user(
            env,
            login="re_consultant_b",
            name="Consultant B",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.re_manager = mail_new_test_user(
            env, login="re_manager", name="RE Manager", groups="sales_team.group_sale_manager"
        )
        cls.re_finance = mail_new_test_user(
            env, login="re_finance", name="RE Finance", groups="crm_custom_core.group_crm_finance"
        )
        cls.project = env["crm.re.project"].create(
            {"name": "Test Riverside", "city": "Shanghai", "referral_reward_amount": 10000}
        )
        cls.building = env["crm.re.building"].create(
            {"name": "Tower 1", "code": "T1", "project_id": cls.project.id, "floors": 3}
        )
        cls.layout_3br = env.ref("crm_realestate.re_layout_3br")
        cls.layout_4br = env.ref("crm_realestate.re_layout_4br")
        cls.units = cls.project._generate_units(
            cls.building, 3, 2, cls.layout_3br | cls.layout_4br, 50000, 500
        )
        cls.office = env["crm.team"].create(
            {
                "name": "Test Sales Office",
                "crm_edition": "realestate",
                "member_ids": [(4, cls.consultant_a.id), (4, cls.consultant_b.id)],
            }
        )
        template = env.ref("crm_realestate.crm_process_template_realestate")
        cls.re_stages = template._apply_to_teams(cls.office).sorted(lambda s: s._order_key())
        cls.buyer = env["res.partner"].create({"name": "Test Buyer", "phone": "13900000001"})

    @classmethod
    def _buyer_lead(cls, user=None, **vals):
        values = {
            "name": "Test Buyer - Riverside",
            "type": "opportunity",
            "team_id": cls.office.id,
            "user_id": (user or cls.consultant_a).id,
            "partner_id": cls.buyer.id,
            "phone": "13900000001",
            "re_project_id": cls.project.id,
            "stage_id": cls.re_stages[0].id,
        }
        values.update(vals)
        return cls.env["crm.lead"].create(values)
