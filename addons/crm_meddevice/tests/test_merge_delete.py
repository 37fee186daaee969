# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestMedMergeDelete(MedDeviceCommon):
    """Merged opportunities keep every device they quoted; a device with
    regulatory records cannot be deleted, only archived."""

    def test_merge_moves_device_lines(self):
        lead_a = self._create_lead(
            name="Tender A", device_line_ids=[(0, 0, {"product_tmpl_id": self.pump.id})]
        )
        lead_b = self._create_lead(
            name="Tender B", device_line_ids=[(0, 0, {"product_tmpl_id": self.monitor.id})]
        )
        lines = (lead_a | lead_b).device_line_ids
        merged = (
            (lead_a | lead_b).with_user(self.user_sales_manager)._merge_opportunity(max_length=None)
        )
        self.assertEqual(len((lead_a | lead_b).exists()), 1)
        self.assertEqual(merged.device_line_ids, lines)

    def test_delete_lead_takes_device_lines(self):
        lead = self._create_lead(
            name="Tender C", device_line_ids=[(0, 0, {"product_tmpl_id": self.pump.id})]
        )
        lines = lead.device_line_ids
        lead.with_user(self.user_sales_manager).unlink()
        self.assertFalse(lines.exists())

    def test_delete_device_with_adverse_event_refused(self):
        product_manager = mail_new_test_user(
            self.env,
            login="md_product_manager",
            groups="crm_meddevice.group_med_manager,product.group_product_manager",
        )
        event = self.env["crm.med.adverse.event"].create(
            {
                "product_tmpl_id": self.pump.id,
                "country_id": self.cn.id,
                "event_class": "serious_injury",
                "awareness_date": date(2026, 3, 2),
                "description": "<p>Alarm failure</p>",
            }
        )
        with self.assertRefused(
            UserError, "Test Pump cannot be deleted.*Adverse Event.*Archive it instead"
        ):
            self.pump.with_user(product_manager).unlink()
        self.assertTrue(event.exists())
        # a device without records goes
        self.monitor.with_user(product_manager).unlink()
        self.assertFalse(self.monitor.exists())
