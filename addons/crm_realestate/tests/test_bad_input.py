# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bad-input corpus of the real-estate edition (see the core's)."""

import logging

from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmBadInputCorpus, CrmRpcAttackerCase
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import RealEstateCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "crm_controls")
class TestRealEstateBadInputCorpus(CrmBadInputCorpus, CrmRpcAttackerCase, RealEstateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mail_new_test_user(
            cls.env,
            login="re_corpus_admin",
            groups="base.group_system,crm_custom_core.group_crm_admin,"
            "sales_team.group_sale_manager,crm_realestate.group_re_channel_manager",
        )
        cls.records = [cls.project, cls.building, cls.units[0]]

    def test_bad_input_corpus(self):
        self.authenticate("re_corpus_admin", "re_corpus_admin")
        stats, problems, odoo_errors = self.run_bad_input_corpus(self.records)
        _logger.info("bad-input corpus (crm_realestate): %s; Odoo's own: %s", stats, odoo_errors)
        self.assertGreater(stats["calls"], 80)
        self.assertFalse(problems, "\n".join(problems[:40]))
