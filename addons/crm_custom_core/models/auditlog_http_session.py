# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AuditlogHttpSession(models.Model):
    _name = "auditlog.http.session"
    _inherit = ["auditlog.http.session", "crm.immutable.mixin"]
