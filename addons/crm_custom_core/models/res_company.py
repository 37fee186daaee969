# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_discount_approval_threshold = fields.Float(
        string="Discount Approval Threshold (%)",
        default=10.0,
        help="An opportunity with a larger discount needs an approval before it is won. "
        "0 disables the rule.",
    )
    crm_contract_approval_amount = fields.Monetary(
        string="Contract Approval Amount",
        currency_field="currency_id",
        default=1000000.0,
        help="An opportunity with a larger expected revenue needs an approval before it is "
        "won. 0 disables the rule.",
    )
    crm_privacy_regime_id = fields.Many2one(
        "crm.privacy.regime",
        string="Data-Protection Regime",
        help="Default regime (and deadlines) of the company's data-subject requests.",
        ondelete="set null",
    )

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _crm_demo_use_currency(self, code="CNY"):
        """Demo data only: the demo is a Chinese business, its amounts are in
        ``code``. The main company takes that currency unless it already has
        accounting entries (then a currency cannot change; the demo keeps it)."""
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1)
        )
        company = self.env.ref("base.main_company", raise_if_not_found=False)
        if not currency or not company or company.currency_id == currency:
            return False
        currency.active = True
        try:
            with self.env.cr.savepoint():
                company.currency_id = currency
        except UserError as error:
            _logger.info("Demo: %s keeps its currency: %s", company.name, error)
            return False
        return True
