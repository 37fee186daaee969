# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    med_registration_required = fields.Boolean(
        string="Registered Devices Required",
        help="An opportunity may enter this stage only when every device on it is "
        "actively registered in the customer's country. Won stages always require it.",
    )
