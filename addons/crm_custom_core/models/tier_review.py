# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError

# Context key under which crm.approval.request runs OCA's review flow once it
# has checked who acts. Its value is TIER_FLOW, an object no JSON-RPC caller
# can send.
TIER_FLOW_KEY = "crm_tier_flow"
TIER_FLOW = object()
# What anyone may write on a review of ours: OCA promotes waiting reviews to
# pending as it computes them, and a reviewer's comment is kept.
FREE_FIELDS = {"comment"}


class TierReview(models.Model):
    """Reviews of CRM approval requests are the approval: every internal user
    has full rights on ``tier.review`` in OCA's ACL, so ours change only
    through the request's flow (``crm.approval.request``), which checks that
    the user is the reviewer."""

    _inherit = "tier.review"

    def _crm_guarded(self):
        return (
            not self.env.su
            and self.env.context.get(TIER_FLOW_KEY) is not TIER_FLOW
            and any(review.model == "crm.approval.request" for review in self)
        )

    def _crm_refuse(self):
        raise AccessError(
            self.env._(
                "Reviews of approval requests change only through the approval flow: "
                "approve or reject from the request."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if (
            not self.env.su
            and self.env.context.get(TIER_FLOW_KEY) is not TIER_FLOW
            and any(vals.get("model") == "crm.approval.request" for vals in vals_list)
        ):
            self._crm_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if self._crm_guarded():
            promotion = set(vals) == {"status"} and vals["status"] == "pending"
            if not promotion and not FREE_FIELDS.issuperset(vals):
                self._crm_refuse()
            if promotion and any(review.status != "waiting" for review in self):
                self._crm_refuse()
        return super().write(vals)

    def unlink(self):
        if self._crm_guarded():
            self._crm_refuse()
        return super().unlink()
