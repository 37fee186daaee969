# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestAuditRetention(CrmCustomCommon):
    """The audit log is kept for the period set in Settings and then deleted
    by the system's daily job; no user deletes a row."""

    def _log(self, days_old):
        log = self.env["auditlog.log"].create(
            {
                "name": f"retention {days_old}",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.partner.id,
                "method": "write",
                "user_id": self.env.uid,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE auditlog_log SET create_date = now() - make_interval(days => %s) WHERE id = %s",
            [days_old, log.id],
        )
        self.env.invalidate_all()
        return log

    def test_daily_job_keeps_the_retention_period(self):
        cron = self.env.ref("crm_custom_core.ir_cron_crm_audit_retention")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code, "model._crm_autovacuum()")
        vacuum = self.env["auditlog.autovacuum"]
        self.env["ir.config_parameter"].set_param("crm_custom_core.audit_retention_days", 30)
        old, recent = self._log(40), self._log(10)
        vacuum._crm_autovacuum()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        # 0 keeps everything
        self.env["ir.config_parameter"].set_param("crm_custom_core.audit_retention_days", 0)
        kept = self._log(4000)
        vacuum._crm_autovacuum()
        self.assertTrue(kept.exists())

    def test_no_user_deletes_the_log(self):
        log = self._log(400)
        admin = self.env.ref("base.user_admin")
        for user in (self.user_sales_manager, admin):
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["auditlog.autovacuum"].with_user(user).autovacuum(0)
        self.assertTrue(log.exists())
