# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_edition = fields.Selection(
        selection_add=[("meddevice", "Medical Devices")], ondelete={"meddevice": "set null"}
    )
