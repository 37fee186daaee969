# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _crm_merge_partner_prepare(self, src_partners, dst_partner):
        """A student keeps one guardian row per person: the rows that would
        repeat the kept partner's go; every other row moves with the merge
        (Odoo would delete them all on the unique constraint)."""
        result = super()._crm_merge_partner_prepare(src_partners, dst_partner)
        guardians = (
            self.env["crm.edu.guardian"]
            .sudo()
            .search([("partner_id", "in", (src_partners | dst_partner).ids)], order="id")
        )
        seen = set(guardians.filtered(lambda g: g.partner_id == dst_partner).student_id.ids)
        duplicates = self.env["crm.edu.guardian"]
        for guardian in guardians.filtered(lambda g: g.partner_id != dst_partner):
            if guardian.student_id.id in seen:
                duplicates |= guardian
            seen.add(guardian.student_id.id)
        duplicates.unlink()
        return result
