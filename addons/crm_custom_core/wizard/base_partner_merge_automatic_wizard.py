# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's partner merge moves every foreign key to the kept partner in
    SQL, and deletes the rows a unique constraint refuses to move. Before it
    runs, the suite settles its own duplicates so that nothing is lost."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        self._crm_merge_partner_prepare(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _crm_merge_partner_prepare(self, src_partners, dst_partner):
        """Settle the records of ``src_partners`` that would collide with
        those of ``dst_partner`` once moved. Addons extend it with ``super()``.

        One person keeps one granted consent per purpose and company: the
        most recent one stays, older duplicates are withdrawn with a note."""
        consents = (
            self.env["crm.consent"]
            .sudo()
            .search(
                [("partner_id", "in", (src_partners | dst_partner).ids), ("state", "=", "granted")],
                order="date_granted desc, id desc",
            )
        )
        kept = {}
        for consent in consents:
            key = (consent.purpose_id, consent.company_id)
            if key not in kept:
                kept[key] = consent
                continue
            consent.write({"state": "withdrawn", "date_withdrawn": fields.Datetime.now()})
            consent.message_post(
                body=Markup("%s")
                % self.env._(
                    "Superseded by %(consent)s when %(partner)s was merged into %(kept)s.",
                    consent=kept[key].display_name,
                    partner=consent.partner_id.display_name,
                    kept=dst_partner.display_name,
                )
            )
