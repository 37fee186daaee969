# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from .common import CrmCustomCommon


def pivot_aggregates(*monetary):
    """What the pivot view asks for monetary measures (Odoo 19)."""
    aggregates = []
    for fname in monetary:
        aggregates += [f"{fname}:sum", "currency_id:array_agg_distinct", f"{fname}:sum_currency"]
    return [*aggregates, "__count"]


@tagged("post_install", "-at_install")
class TestGroupingWithAmounts(CrmCustomCommon):
    """CRM > Receivables > Instalments (and approvals) grouped in the pivot
    with the overdue and this-month filters, as Odoo's click_all crawl does:
    the amounts are summed per currency without a server error."""

    def test_instalments_pivot_with_filters(self):
        won = self._create_lead(
            name="Won Deal", phone="1", expected_revenue=1000, stage_id=self.stages[5].id
        )
        line = self.env["crm.receivable.line"].create(
            {"lead_id": won.id, "name": "Deposit", "due_date": date(2026, 11, 10), "amount": 600}
        )
        self.assertEqual(line.currency_id, self.env.company.currency_id)
        domain = [
            "&",
            ("user_id", "=", self.user_salesman.id),
            "&",
            "|",
            ("is_overdue", "=", True),
            ("state", "=", "paid"),
            "&",
            ("due_date", ">=", "2026-11-01"),
            ("due_date", "<=", "2026-11-30"),
        ]
        for user in (self.user_salesman, self.user_sales_manager):
            Line = self.env["crm.receivable.line"].with_user(user)
            result = Line.formatted_read_grouping_sets(
                domain,
                [[], ["due_date:month"], ["team_id"], ["team_id", "due_date:month"]],
                pivot_aggregates("amount", "amount_received", "amount_due"),
            )
            self.assertEqual(result[0][0]["amount:sum"], 600)

    def test_approvals_pivot(self):
        self.env["crm.approval.request"].with_user(
            self.user_sales_manager
        ).formatted_read_grouping_sets([], [[], ["team_id"]], pivot_aggregates("amount"))
