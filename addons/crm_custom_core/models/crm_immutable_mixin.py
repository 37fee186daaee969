# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import AccessError


class CrmImmutableMixin(models.AbstractModel):
    """Records that are evidence: no user edits or deletes them through the
    UI or RPC, whatever their group. The system (superuser) still may, e.g.
    auditlog's autovacuum or the erasure of personal values."""

    _name = "crm.immutable.mixin"
    _description = "Immutable Evidence"

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
