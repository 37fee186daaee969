# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.http import request

ACTIONS = [
    ("reveal", "Reveal"),
    ("export", "Export"),
    ("dsr_export", "Data-Subject Export"),
    ("erasure", "Erasure"),
    ("consent_withdrawal", "Consent Withdrawal"),
    ("retention", "Retention Anonymization"),
]


class CrmAuditEvent(models.Model):
    """Access to personal data: reveals, exports, erasures... (who, what,
    when, from where). Changes to records are logged by OCA ``auditlog``;
    this log adds what it does not see. Nobody edits or deletes it through
    the UI or RPC: rows are written by the system only."""

    _name = "crm.audit.event"
    _inherit = ["crm.immutable.mixin"]
    _description = "Personal Data Audit Event"
    _order = "date desc, id desc"
    _rec_name = "action"

    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="restrict"
    )
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    res_model = fields.Char(string="Model", readonly=True, index=True)
    res_ids = fields.Char(string="Record IDs", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    field_names = fields.Char(string="Fields", readonly=True)
    ip_address = fields.Char(string="IP Address", readonly=True)
    detail = fields.Text(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="set null")

    @api.model
    def _log(self, action, records, field_names=None, detail=None, partner=None):
        """Record an access to personal data of ``records``; returns the event."""
        if partner is None:
            if records._name == "res.partner":
                partner = records[:1]
            elif "partner_id" in records._fields and len(records) == 1:
                partner = records.partner_id
        company = records[:1].company_id if "company_id" in records._fields else False
        ip_address = False
        if request:
            ip_address = request.httprequest.remote_addr
        return self.sudo().create(
            {
                "user_id": self.env.uid,
                "action": action,
                "res_model": records._name,
                "res_ids": ",".join(str(rid) for rid in records.ids[:1000]),
                "partner_id": partner.id if partner else False,
                "field_names": field_names,
                "ip_address": ip_address,
                "detail": detail,
                "company_id": (company or self.env.company).id,
            }
        )
