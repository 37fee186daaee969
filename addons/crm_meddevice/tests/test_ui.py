# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestMedDeviceTour(HttpCase, MedDeviceCommon):
    def test_gating_tour(self):
        team = self.env["crm.team"].create(
            {
                "name": "MD Tour Team",
                "crm_edition": "meddevice",
                "member_ids": [(4, self.user_salesman.id)],
            }
        )
        quote, contract = self.env["crm.stage"].create(
            [
                {"name": "MD Quotation", "sequence": 601, "team_ids": [team.id]},
                {
                    "name": "MD Contract",
                    "sequence": 602,
                    "team_ids": [team.id],
                    "med_registration_required": True,
                },
            ]
        )
        pump = self.env["product.template"].create({"name": "Tour Pump", "is_med_device": True})
        hospital = self.env["res.partner"].create(
            {"name": "Tour Hospital", "is_company": True, "country_id": self.cn.id}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Tour Pumps",
                "type": "opportunity",
                "team_id": team.id,
                "user_id": self.user_salesman.id,
                "partner_id": hospital.id,
                "stage_id": quote.id,
                "device_line_ids": [(0, 0, {"product_tmpl_id": pump.id})],
            }
        )
        registration = self._registration(pump, self.cn, self.nmpa_cert, state="submitted")
        url = f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}"
        self.start_tour(url, "crm_meddevice_gating_refused_tour", login="cc_salesman")
        self.assertEqual(lead.stage_id, quote)
        self.start_tour(
            f"/odoo/action-crm_meddevice.crm_med_registration_action/{registration.id}",
            "crm_meddevice_activate_registration_tour",
            login="md_reg_cn",
        )
        self.assertEqual(registration.state, "active")
        self.start_tour(url, "crm_meddevice_gating_allowed_tour", login="cc_salesman")
        self.assertEqual(lead.stage_id, contract)
