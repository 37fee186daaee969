# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bad-input corpus of the core: every hostile value (wrong types, NaN and
infinities, 1 MB texts, NUL bytes, impossible dates, unknown ids) written to
every stored, writable field of each core model a user can reach, over
JSON-RPC as an administrator. No call may be accepted, break in our code, or
change a record it refused; Odoo's own conversion errors are counted and
listed by name."""

import logging

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon
from .rpc_common import CrmBadInputCorpus, CrmRpcAttackerCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "crm_controls")
class TestBadInputCorpus(CrmBadInputCorpus, CrmRpcAttackerCase, CrmCustomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mail_new_test_user(
            cls.env,
            login="corpus_admin",
            groups="base.group_system,crm_custom_core.group_crm_admin",
        )
        env = cls.env
        partner = env["res.partner"].create({"name": "Corpus Person", "email": "c@example.com"})
        lead = cls._create_lead(phone="1", partner_id=partner.id, expected_revenue=1000)
        won = cls._create_lead(partner_id=partner.id, stage_id=cls.stages[5].id)
        line = env["crm.receivable.line"].create(
            {"lead_id": won.id, "name": "Deposit", "due_date": "2026-12-01", "amount": 500}
        )
        cls.records = [
            lead,
            partner,
            cls.team,
            cls.stages[1],
            cls.stages[1].process_stage_id,
            cls.template,
            env["crm.pool"].create({"name": "Corpus Pool"}),
            line,
            env["crm.receivable.receipt"].create(
                {"line_id": line.id, "amount": 100, "date": "2026-01-05"}
            ),
            env["crm.sales.target"].create({"team_id": cls.team.id, "target_revenue": 10}),
            env["crm.region"].create({"name": "Corpus Region"}),
            env["crm.consent"].create(
                {
                    "partner_id": partner.id,
                    "purpose_id": env.ref("crm_custom_core.consent_purpose_sms").id,
                    "policy_version": "v1",
                }
            ),
            env["crm.consent.purpose"].search([], limit=1),
            env["crm.privacy.regime"].search([], limit=1),
            env["crm.retention.rule"].with_context(active_test=False).search([], limit=1),
            env["crm.personal.field"].search([], limit=1),
            env["crm.data.request"].create({"partner_id": partner.id, "request_type": "access"}),
        ]

    def test_bad_input_corpus(self):
        self.authenticate("corpus_admin", "corpus_admin")
        stats, problems, odoo_errors = self.run_bad_input_corpus(self.records)
        _logger.info(
            "bad-input corpus (core): %(calls)s calls, %(refused)s clean refusals, "
            "%(accepted)s accepted, %(ours)s tracebacks from our code, "
            "%(odoo)s from Odoo's own conversions",
            stats,
        )
        for name, labels in sorted(odoo_errors.items()):
            _logger.info("  Odoo's %s (%s calls), e.g. %s", name, len(labels), labels[:3])
        self.assertGreater(stats["calls"], 300)
        self.assertFalse(problems, "\n".join(problems[:40]))
