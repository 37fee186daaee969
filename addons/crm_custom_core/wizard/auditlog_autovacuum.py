# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

RETENTION_PARAM = "crm_custom_core.audit_retention_days"
DEFAULT_RETENTION_DAYS = 365


class AuditlogAutovacuum(models.TransientModel):
    """Retention of the audit log: only the system's daily job deletes rows,
    older than the period set in Settings. No user deletes one, whatever
    they call (``crm.immutable.mixin`` refuses it outside the superuser)."""

    _inherit = "auditlog.autovacuum"

    @api.model
    def _crm_autovacuum(self):
        """Run by the daily job (a private method: not callable over RPC)."""
        days = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAM)
        days = DEFAULT_RETENTION_DAYS if days in (None, False, "") else int(days)
        if days <= 0:
            return False
        return self.sudo().autovacuum(days)
