# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bad-input corpus of the medical-device edition (see the core's)."""

import logging
from datetime import date

from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmBadInputCorpus, CrmRpcAttackerCase
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MedDeviceCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "crm_controls")
class TestMedDeviceBadInputCorpus(CrmBadInputCorpus, CrmRpcAttackerCase, MedDeviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mail_new_test_user(
            cls.env,
            login="md_corpus_admin",
            groups="base.group_system,crm_custom_core.group_crm_admin,"
            "crm_meddevice.group_med_manager",
        )
        cls.records = [
            cls._registration(cls.pump, cls.cn, cls.nmpa_cert),
            cls.env["crm.med.adverse.event"].create(
                {
                    "product_tmpl_id": cls.pump.id,
                    "country_id": cls.cn.id,
                    "event_class": "serious_injury",
                    "awareness_date": date(2026, 3, 2),
                }
            ),
            cls.nmpa_cert,
            cls.nmpa_cert.regulator_id,
        ]

    def test_bad_input_corpus(self):
        self.authenticate("md_corpus_admin", "md_corpus_admin")
        stats, problems, odoo_errors = self.run_bad_input_corpus(self.records)
        _logger.info("bad-input corpus (crm_meddevice): %s; Odoo's own: %s", stats, odoo_errors)
        self.assertGreater(stats["calls"], 80)
        self.assertFalse(problems, "\n".join(problems[:40]))
