# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AuditlogHttpRequest(models.Model):
    _name = "auditlog.http.request"
    _inherit = ["auditlog.http.request", "crm.immutable.mixin"]
