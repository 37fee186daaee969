# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AuditlogLog(models.Model):
    _name = "auditlog.log"
    _inherit = ["auditlog.log", "crm.immutable.mixin"]
