# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class CrmDeleteGuard(models.AbstractModel):
    """One message for every ``_unlink_except_*`` of the suite: what is being
    deleted, which records still hang on it and must be kept, and what to do
    instead. Records that are mere parts of the deleted one are not named:
    they go with it (``ondelete='cascade'``)."""

    _name = "crm.delete.guard"
    _description = "Deletion Guard"

    @api.model
    def _refuse_if_holding(self, records, holders, limit=5):
        """Raise a UserError when ``holders`` (records that must survive) is
        not empty. Called by ``@api.ondelete`` methods for users; the system
        itself (superuser: data resets, uninstall, merges that moved the
        holders first) deletes what it decides to delete."""
        if not holders or self.env.su:
            return
        names = holders.sudo()[:limit].mapped("display_name")
        if len(holders) > limit:
            names.append("…")
        raise UserError(
            self.env._(
                "%(records)s cannot be deleted: it still holds %(what)s that must be kept "
                "(%(names)s). Archive it instead.",
                records=", ".join(records.sudo()[:limit].mapped("display_name")),
                what=holders._description,
                names=", ".join(names),
            )
        )
