# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmPoolHistory(models.Model):
    """Every claim, release and automatic return of a lead, with its reason."""

    _name = "crm.pool.history"
    _description = "Customer Pool History"
    _order = "date desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    pool_id = fields.Many2one("crm.pool", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, ondelete="set null")
    action = fields.Selection(
        [("claim", "Claimed"), ("release", "Released"), ("return", "Returned Automatically")],
        required=True,
    )
    reason = fields.Char()
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    company_id = fields.Many2one(related="pool_id.company_id", store=True)
