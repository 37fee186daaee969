# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The registration gate holds on every path an attacker may take over
JSON-RPC (#15 item 17): creating an opportunity directly in a stage that
needs registered devices, the kanban quick-create in that column, adding an
unregistered device to an opportunity already past the gate, changing its
market, or a forced move."""

from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmRpcAttackerCase

from .common import MedDeviceCommon


@tagged("post_install", "-at_install", "crm_controls")
class TestRegistrationGateOverRpc(CrmRpcAttackerCase, MedDeviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.md_team = cls.env["crm.team"].create(
            {"name": "MD Gate Team", "member_ids": [(4, cls.user_salesman.id)]}
        )
        Stage = cls.env["crm.stage"]
        cls.st_quote, cls.st_contract = Stage.create(
            [
                {"name": "Gate Quotation", "sequence": 601, "team_ids": [cls.md_team.id]},
                {
                    "name": "Gate Contract",
                    "sequence": 602,
                    "team_ids": [cls.md_team.id],
                    "med_registration_required": True,
                },
            ]
        )
        cls.hospital = cls.env["res.partner"].create(
            {"name": "Gate Hospital", "is_company": True, "country_id": cls.cn.id}
        )
        cls.us_hospital = cls.env["res.partner"].create(
            {"name": "Gate US Hospital", "is_company": True, "country_id": cls.us.id}
        )
        cls._registration(cls.pump, cls.cn, cls.nmpa_cert)

    def _values(self, **vals):
        values = {
            "name": "Gate Pumps",
            "type": "opportunity",
            "team_id": self.md_team.id,
            "user_id": self.user_salesman.id,
            "partner_id": self.hospital.id,
        }
        values.update(vals)
        return values

    def test_create_in_the_gated_stage(self):
        self.authenticate("cc_salesman", "cc_salesman")
        response = self.call_kw(
            "crm.lead",
            "create",
            [
                [
                    self._values(
                        stage_id=self.st_contract.id,
                        device_line_ids=[(0, 0, {"product_tmpl_id": self.monitor.id})],
                    )
                ]
            ],
        )
        self.assert_refused(response, message="Test Monitor")
        response = self.call_kw(
            "crm.lead",
            "name_create",
            ["Quick pumps"],
            context={
                "default_stage_id": self.st_contract.id,
                "default_team_id": self.md_team.id,
                "default_device_line_ids": [(0, 0, {"product_tmpl_id": self.monitor.id})],
            },
        )
        self.assert_refused(response, message="Test Monitor")
        self.assertFalse(self.env["crm.lead"].search([("team_id", "=", self.md_team.id)]))
        # a registered device may be created there
        self.assert_accepted(
            self.call_kw(
                "crm.lead",
                "create",
                [
                    [
                        self._values(
                            stage_id=self.st_contract.id,
                            device_line_ids=[(0, 0, {"product_tmpl_id": self.pump.id})],
                        )
                    ]
                ],
            )
        )

    def test_device_added_or_market_changed_past_the_gate(self):
        lead = self.env["crm.lead"].create(
            self._values(
                stage_id=self.st_contract.id,
                device_line_ids=[(0, 0, {"product_tmpl_id": self.pump.id})],
            )
        )
        self.authenticate("cc_salesman", "cc_salesman")
        response = self.call_kw(
            "crm.lead",
            "write",
            [lead.ids, {"device_line_ids": [(0, 0, {"product_tmpl_id": self.monitor.id})]}],
        )
        self.assert_refused(response, message="Test Monitor")
        response = self.call_kw(
            "crm.lead.device.line",
            "create",
            [[{"lead_id": lead.id, "product_tmpl_id": self.monitor.id}]],
        )
        self.assert_refused(response, message="Test Monitor")
        response = self.call_kw(
            "crm.lead.device.line",
            "write",
            [lead.device_line_ids.ids, {"product_tmpl_id": self.monitor.id}],
        )
        self.assert_refused(response, message="Test Monitor")
        response = self.call_kw(
            "crm.lead", "write", [lead.ids, {"partner_id": self.us_hospital.id}]
        )
        self.assert_refused(response, message="Test Pump")
        self.assertEqual(lead.device_line_ids.product_tmpl_id, self.pump)
        self.assertEqual(lead.partner_id, self.hospital)

    def test_forced_or_context_moves_still_need_registrations(self):
        lead = self.env["crm.lead"].create(
            self._values(
                stage_id=self.st_quote.id,
                device_line_ids=[(0, 0, {"product_tmpl_id": self.monitor.id})],
            )
        )
        self.authenticate("cc_salesman", "cc_salesman")
        for context in ({"crm_skip_stage_history": True}, {"crm_stage_force_reason": "x"}):
            response = self.call_kw(
                "crm.lead", "write", [lead.ids, {"stage_id": self.st_contract.id}], context=context
            )
            self.assert_refused(response, message="Test Monitor")
        self.assertEqual(lead.stage_id, self.st_quote)
