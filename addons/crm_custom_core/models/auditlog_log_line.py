# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AuditlogLogLine(models.Model):
    _name = "auditlog.log.line"
    _inherit = ["auditlog.log.line", "crm.immutable.mixin"]
