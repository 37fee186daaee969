# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Beyond these a value is a typing error (and days overflow date arithmetic).
MAX_DAYS = 3650
MAX_CLAIMS = 100000


class CrmPool(models.Model):
    """A public customer pool (公海) and its rules. Leads of the pool's teams
    return to it when they are neglected or not won in time; salespeople claim
    them back within limits."""

    _name = "crm.pool"
    _description = "Customer Pool"
    _inherit = ["crm.input.guard.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Leave empty for a pool shared by teams of every company.",
        ondelete="set null",
    )
    team_ids = fields.One2many("crm.team", "pool_id", string="Sales Teams")
    days_no_followup = fields.Integer(
        string="Days Without Follow-up",
        default=30,
        help="A lead with no qualifying follow-up (activity done, message logged, stage "
        "change) for this many days returns to the pool.",
    )
    days_to_win = fields.Integer(
        string="Days to Win After Claim",
        default=90,
        help="A lead claimed from the pool and not won within this many days returns to it. "
        "0 disables the rule.",
    )
    reclaim_cooldown_days = fields.Integer(
        string="Reclaim Cooldown (days)",
        default=15,
        help="The previous owner of a returned lead cannot claim it again for this many days.",
    )
    max_claims = fields.Integer(
        string="Claims per Salesperson",
        default=20,
        help="How many leads claimed from the pool a salesperson may hold at once.",
    )
    lead_count = fields.Integer(compute="_compute_lead_count", string="Leads in Pool")

    @api.constrains("days_no_followup", "days_to_win", "reclaim_cooldown_days", "max_claims")
    def _check_rules(self):
        for pool in self:
            if pool.days_no_followup <= 0:
                raise ValidationError(
                    self.env._(
                        "Pool %(pool)s: Days Without Follow-up must be positive.", pool=pool.name
                    )
                )
            if max(pool.days_no_followup, pool.days_to_win, pool.reclaim_cooldown_days) > MAX_DAYS:
                raise ValidationError(
                    self.env._(
                        "Pool %(pool)s: day counts cannot exceed %(max)s (ten years).",
                        pool=pool.name,
                        max=MAX_DAYS,
                    )
                )
            if pool.max_claims > MAX_CLAIMS:
                raise ValidationError(
                    self.env._(
                        "Pool %(pool)s: Claims per Salesperson cannot exceed %(max)s.",
                        pool=pool.name,
                        max=MAX_CLAIMS,
                    )
                )
            if min(pool.days_to_win, pool.reclaim_cooldown_days, pool.max_claims) < 0:
                raise ValidationError(
                    self.env._(
                        "Pool %(pool)s: days to win, cooldown and claims cannot be negative.",
                        pool=pool.name,
                    )
                )

    def _compute_lead_count(self):
        self._crm_count("lead_count", "crm.lead", "pool_id", [("in_pool", "=", True)])

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_custom_core.crm_lead_action_pool"
        )
        action["domain"] = [("pool_id", "=", self.id), ("in_pool", "=", True)]
        return action
