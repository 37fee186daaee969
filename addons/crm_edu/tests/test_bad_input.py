# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bad-input corpus of the education edition (see the core's)."""

import logging

from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmBadInputCorpus, CrmRpcAttackerCase
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import EduCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "crm_controls")
class TestEduBadInputCorpus(CrmBadInputCorpus, CrmRpcAttackerCase, EduCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mail_new_test_user(
            cls.env,
            login="edu_corpus_admin",
            groups="base.group_system,crm_custom_core.group_crm_admin,crm_edu.group_edu_manager",
        )
        cls.records = [
            cls.room,
            cls.course,
            cls.arts,
            cls.teacher,
            cls.klass,
            cls.first_session,
            cls.student,
            cls._contract(sign=False),
        ]

    def test_bad_input_corpus(self):
        self.authenticate("edu_corpus_admin", "edu_corpus_admin")
        stats, problems, odoo_errors = self.run_bad_input_corpus(self.records)
        _logger.info("bad-input corpus (crm_edu): %s; Odoo's own: %s", stats, odoo_errors)
        self.assertGreater(stats["calls"], 150)
        self.assertFalse(problems, "\n".join(problems[:40]))
