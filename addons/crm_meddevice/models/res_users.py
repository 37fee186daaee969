# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    med_country_ids = fields.Many2many(
        "res.country",
        "res_users_med_country_rel",
        "user_id",
        "country_id",
        string="Covered Countries",
        help="Regional regulatory and sales staff see the registrations, adverse events "
        "and opportunities of these countries only.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "med_country_ids" in vals:
            # record rules read the covered countries: their cached domains change
            self.env.registry.clear_cache()
        return res

    @api.model
    def _med_alert_recipient(self, user, company):
        """The person an alert is addressed to: ``user`` when it is an active
        internal user other than the superuser (OdooBot), else the company's
        first regulatory manager, else its first administrator; never OdooBot."""
        if user and user.active and not user._is_superuser() and not user.share:
            return user
        company = company or self.env.company
        for group in ("crm_meddevice.group_med_manager", "base.group_system"):
            candidate = (
                self.sudo()
                .search(
                    [
                        ("all_group_ids", "in", self.env.ref(group).id),
                        ("share", "=", False),
                        ("id", "!=", SUPERUSER_ID),
                        ("company_ids", "in", company.id),
                    ],
                    order="id",
                    limit=1,
                )
                .with_env(self.env)
            )
            if candidate:
                return candidate
        return self.browse()
