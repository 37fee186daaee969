# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class CrmImmutableMixin(models.AbstractModel):
    """Records that are evidence: only the system creates them, and no user
    edits or deletes them through the UI or RPC, whatever their group,
    administrators included. The system (superuser) still may, e.g. the audit
    mechanism writing a log, auditlog's autovacuum or the erasure of personal
    values."""

    _name = "crm.immutable.mixin"
    _description = "Immutable Evidence"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "%(model)s records are written by the system only.", model=self._description
                )
            )
        return super().create(vals_list)

    def copy(self, default=None):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "%(model)s records are written by the system only.", model=self._description
                )
            )
        return super().copy(default)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(
                self.env._("%(model)s records cannot be changed.", model=self._description)
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise AccessError(
                self.env._("%(model)s records cannot be deleted.", model=self._description)
            )
        return super().unlink()
