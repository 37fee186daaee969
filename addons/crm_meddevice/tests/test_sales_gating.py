# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestSalesGating(MedDeviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.md_team = cls.env["crm.team"].create(
            {
                "name": "MD Team",
                "crm_edition": "meddevice",
                "member_ids": [(4, cls.user_salesman.id)],
            }
        )
        Stage = cls.env["crm.stage"]
        cls.st_quote, cls.st_contract, cls.st_won = Stage.create(
            [
                {"name": "MD Quotation", "sequence": 501, "team_ids": [cls.md_team.id]},
                {
                    "name": "MD Contract",
                    "sequence": 502,
                    "team_ids": [cls.md_team.id],
                    "med_registration_required": True,
                },
                {"name": "MD Won", "sequence": 503, "team_ids": [cls.md_team.id], "is_won": True},
            ]
        )
        cls.hospital_cn = cls.env["res.partner"].create(
            {"name": "Shanghai Test Hospital", "is_company": True, "country_id": cls.cn.id}
        )

    def _opportunity(self, partner=None, products=None):
        products = self.pump if products is None else products
        return (
            self.env["crm.lead"]
            .create(
                {
                    "name": "Pumps for the ICU",
                    "type": "opportunity",
                    "team_id": self.md_team.id,
                    "user_id": self.user_salesman.id,
                    "partner_id": (partner or self.hospital_cn).id,
                    "stage_id": self.st_quote.id,
                    "device_line_ids": [(0, 0, {"product_tmpl_id": p.id}) for p in products],
                }
            )
            .with_user(self.user_salesman)
        )

    def test_unregistered_country_refused_with_reason(self):
        lead = self._opportunity()
        with self.assertRaises(UserError) as ctx:
            lead.stage_id = self.st_contract
        message = str(ctx.exception)
        self.assertIn("Test Pump", message)
        self.assertIn(self.cn.name, message)
        self.assertIn("no registration", message)
        self.assertEqual(lead.stage_id, self.st_quote)
        # a draft certificate is named as such
        self._registration(self.pump, self.cn, self.nmpa_cert, state="submitted")
        with self.assertRaisesRegex(UserError, "no active registration"):
            lead.stage_id = self.st_contract
        with self.assertRaisesRegex(UserError, "Test Pump"):
            lead.action_set_won()

    def test_allowed_once_registration_is_active(self):
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, state="submitted")
        lead = self._opportunity()
        reg.with_user(self.user_reg_cn).action_activate()
        lead.stage_id = self.st_contract
        self.assertEqual(lead.stage_id, self.st_contract)
        lead.action_set_won()
        self.assertEqual(lead.stage_id, self.st_won)

    def test_every_product_and_expiry_count(self):
        self._registration(self.pump, self.cn, self.nmpa_cert)
        self._registration(
            self.monitor, self.cn, self.nmpa_cert, issue=date(2019, 1, 1), state="active"
        )
        lead = self._opportunity(products=self.pump | self.monitor)
        with self.assertRaises(UserError) as ctx:
            lead.stage_id = self.st_contract
        self.assertIn("Test Monitor", str(ctx.exception), "expired by date, whatever its state")
        self.assertNotIn("Test Pump", str(ctx.exception))

    def test_no_country_and_no_devices(self):
        nowhere = self.env["res.partner"].create({"name": "Stateless Clinic"})
        lead = self._opportunity(partner=nowhere)
        with self.assertRaisesRegex(UserError, "no country"):
            lead.stage_id = self.st_contract
        free = self._opportunity(products=self.env["product.template"])
        free.stage_id = self.st_contract
        self.assertEqual(free.stage_id, self.st_contract)

    def test_process_manager_cannot_force_it(self):
        lead = self._opportunity().with_user(self.user_process_manager)
        with self.assertRaisesRegex(UserError, "Test Pump"):
            lead._crm_force_stage(self.st_contract, "urgent")

    def test_country_scoped_opportunities(self):
        us_hospital = self.env["res.partner"].create(
            {"name": "Boston Test Hospital", "is_company": True, "country_id": self.us.id}
        )
        cn_lead = self._opportunity()
        us_lead = self._opportunity(partner=us_hospital)
        self.user_leader.med_country_ids = self.cn
        seen = (
            self.env["crm.lead"]
            .with_user(self.user_leader)
            .search([("id", "in", (cn_lead | us_lead).ids)])
        )
        self.assertEqual(seen, cn_lead)
        self.user_leader.med_country_ids = False
        seen = (
            self.env["crm.lead"]
            .with_user(self.user_leader)
            .search([("id", "in", (cn_lead | us_lead).ids)])
        )
        self.assertEqual(seen, cn_lead | us_lead)

    def test_b2b_template_stages_past_quotation_are_gated(self):
        """The edition flags the core template's stages after the quotation; the
        flag reaches the team stages through the template's hook."""
        flagged = self.stages.filtered("med_registration_required")
        self.assertEqual(
            flagged.mapped("process_stage_id.name"),
            ["Contract Signed", "Implementation and Delivery", "Value-Added Service"],
        )
        lead = self._create_lead(
            partner_id=self.hospital_cn.id,
            stage_id=self.stages[4].id,
            device_line_ids=[(0, 0, {"product_tmpl_id": self.pump.id})],
        ).with_user(self.user_process_manager)
        with self.assertRaisesRegex(UserError, "Test Pump"):
            lead._crm_force_stage(self.stages[5], "signed anyway")
        tstage = self.stages[2].process_stage_id.with_user(self.user_process_manager)
        tstage.med_registration_required = True
        self.assertTrue(self.stages[2].med_registration_required)
