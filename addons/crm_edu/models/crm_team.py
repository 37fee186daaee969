# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.base.models.res_partner import _tz_get


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_edition = fields.Selection(
        selection_add=[("edu", "Education")], ondelete={"edu": "set null"}
    )
    is_campus = fields.Boolean(
        string="Is a Campus",
        help="The team is a campus of the institution: it has rooms, classes and students.",
    )
    edu_room_ids = fields.One2many("crm.edu.room", "campus_id", string="Rooms")
    edu_room_count = fields.Integer(compute="_compute_edu_room_count", string="Room Count")
    edu_tz = fields.Selection(
        _tz_get,
        string="Campus Timezone",
        default=lambda self: self.env.user.tz or "Asia/Shanghai",
        help="Weekly class schedules are given in the local time of the campus.",
    )

    def init(self):
        # Campuses created before the edition marker existed.
        self.env.cr.execute(
            "UPDATE crm_team SET crm_edition = 'edu' WHERE is_campus AND crm_edition IS NULL"
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_campus"):
                vals.setdefault("crm_edition", "edu")
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("is_campus"):
            vals = dict(vals, crm_edition=vals.get("crm_edition", "edu"))
        return super().write(vals)

    @api.depends("edu_room_ids")
    def _compute_edu_room_count(self):
        self._crm_count("edu_room_count", "crm.edu.room", "campus_id")

    def action_edu_rooms(self):
        return self._crm_related_action("crm_edu.crm_edu_room_action", "campus_id")
