# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_edition = fields.Selection(
        selection_add=[("realestate", "Real Estate")], ondelete={"realestate": "set null"}
    )
    re_balanced_assignment = fields.Boolean(
        string="Balance New Buyers",
        help="New leads without a consultant go to the team member with the fewest active "
        "buyers (or to the buyer's preferred consultant when they are in the team).",
    )

    def init(self):
        # Sales offices created before the edition marker existed: the teams
        # following the residential process.
        self.env.cr.execute(
            """UPDATE crm_team t SET crm_edition = 'realestate'
                 FROM ir_model_data d
                WHERE d.module = 'crm_realestate'
                  AND d.name = 'crm_process_template_realestate'
                  AND t.process_template_id = d.res_id
                  AND t.crm_edition IS NULL"""
        )

    def _re_consultant_load(self):
        """{user id: active buyers} for the members of the teams."""
        members = self.member_ids
        counts = dict(
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [("user_id", "in", members.ids), ("won_status", "=", "pending")],
                ["user_id"],
                ["__count"],
            )
        )
        return {user.id: counts.get(user, 0) for user in members}

    def _re_pick_consultant(self, load, preferred_id=None):
        self.ensure_one()
        members = self.member_ids
        if preferred_id and preferred_id in members.ids:
            return members.browse(preferred_id)
        if not members:
            return members
        return min(members, key=lambda user: (load.get(user.id, 0), user.id))
