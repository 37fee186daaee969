# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestSalesTargets(CrmCustomCommon):
    """Targets (业绩目标) per salesperson and team, achievement from real data,
    ranking per team and period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.old_customer = Partner.create({"name": "Old Customer"})
        cls.new_customer = Partner.create({"name": "New Customer"})
        cls.other_team = cls.env["crm.team"].create({"name": "Other Team"})

        def won(user, revenue, partner, closed):
            lead = cls._create_lead(
                user_id=user.id,
                phone="1",
                partner_id=partner.id,
                expected_revenue=revenue,
                stage_id=cls.stages[5].id,
            )
            lead.date_closed = closed
            return lead

        won(cls.user_salesman, 500, cls.old_customer, datetime(2026, 9, 15))
        cls.nov_1 = won(cls.user_salesman, 300, cls.old_customer, datetime(2026, 11, 3))
        won(cls.user_salesman, 200, cls.new_customer, datetime(2026, 11, 30, 23, 0))
        won(cls.user_salesman_2, 900, cls.new_customer, datetime(2026, 11, 10))
        won(cls.user_salesman_2, 999, cls.new_customer, datetime(2026, 12, 1))  # next month
        line = cls.env["crm.receivable.line"].create(
            {"lead_id": cls.nov_1.id, "name": "All", "due_date": date(2026, 11, 20), "amount": 300}
        )
        cls.env["crm.receivable.receipt"].create(
            {"line_id": line.id, "amount": 120, "date": date(2026, 11, 21)}
        )
        Target = cls.env["crm.sales.target"].with_user(cls.user_sales_manager)
        cls.t_1, cls.t_2, cls.t_team = Target.create(
            [
                {
                    "team_id": cls.team.id,
                    "user_id": cls.user_salesman.id,
                    "date_from": date(2026, 11, 1),
                    "target_revenue": 1000,
                    "target_new_customers": 2,
                    "target_receipts": 400,
                },
                {
                    "team_id": cls.team.id,
                    "user_id": cls.user_salesman_2.id,
                    "date_from": date(2026, 11, 1),
                    "target_revenue": 1000,
                },
                {
                    "team_id": cls.team.id,
                    "date_from": date(2026, 10, 1),
                    "period_type": "quarter",
                    "target_revenue": 5000,
                },
            ]
        )

    def test_achievement_from_real_data(self):
        t_1 = self.t_1.with_user(self.user_salesman)
        self.assertEqual(t_1.date_to, date(2026, 11, 30))
        self.assertEqual(t_1.achieved_revenue, 500)
        # the old customer had won before November: only the new one counts
        self.assertEqual(t_1.achieved_new_customers, 1)
        self.assertEqual(t_1.achieved_receipts, 120)
        self.assertAlmostEqual(t_1.rate_revenue, 50.0)
        self.assertAlmostEqual(t_1.rate_receipts, 30.0)
        self.assertEqual(self.t_team.date_to, date(2026, 12, 31))
        self.assertEqual(self.t_team.achieved_revenue, 300 + 200 + 900 + 999)
        self.assertEqual(self.t_team.target_type, "team")

    def test_ranking_per_team_and_period(self):
        ranking = (
            self.env["crm.sales.ranking"]
            .with_user(self.user_salesman)
            .search([("team_id", "=", self.team.id), ("date_from", "=", "2026-11-01")])
        )
        self.assertEqual(ranking.mapped("user_id"), self.user_salesman_2 + self.user_salesman)
        self.assertEqual(ranking.mapped("rank"), [1, 2])
        self.assertEqual(ranking[0].achieved_revenue, 900)

    def test_ranking_rate_of_a_team_is_weighted(self):
        """By hand: 500 of 1,000 and 900 of 3,000 make 1,400 of 4,000 = 35%
        for the team (not the average of 50% and 30%)."""
        self.t_2.target_revenue = 3000
        self.env.flush_all()
        Ranking = self.env["crm.sales.ranking"].with_user(self.user_sales_manager)
        domain = [("team_id", "=", self.team.id), ("date_from", "=", "2026-11-01")]
        rates = dict(Ranking._read_group(domain, ["user_id"], ["rate_revenue:avg"]))
        self.assertAlmostEqual(rates[self.user_salesman], 50.0)
        self.assertAlmostEqual(rates[self.user_salesman_2], 30.0)
        [(team_rate,)] = Ranking._read_group(domain, [], ["rate_revenue:avg"])
        self.assertAlmostEqual(team_rate, 35.0)

    def test_achievement_query_count_is_flat(self):
        Target = self.env["crm.sales.target"]
        targets = Target.create(
            [
                {
                    "team_id": self.team.id,
                    "user_id": self.user_leader.id,
                    "date_from": date(2026, month, 1),
                    "target_revenue": 10,
                }
                for month in range(1, 11)
            ]
        )
        targets.invalidate_recordset()
        with self.assertQueryCount(__system__=3):
            targets.mapped("rate_revenue")

    def test_refusals(self):
        Target = self.env["crm.sales.target"]
        with self.assertRefused(ValidationError, "Period Start: a quarter target"):
            Target.create(
                {"team_id": self.team.id, "period_type": "quarter", "date_from": date(2026, 2, 1)}
            )
        with self.assertRefused(ValidationError, "Period Start"):
            Target.create({"team_id": self.team.id, "date_from": date(2026, 2, 3)})
        with self.assertRefused(ValidationError, "cannot be negative"):
            Target.create(
                {"team_id": self.team.id, "date_from": date(2026, 2, 1), "target_revenue": -1}
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            Target.create(
                {
                    "team_id": self.team.id,
                    "user_id": self.user_salesman.id,
                    "date_from": date(2026, 11, 1),
                }
            )
        # salespeople read their team's targets, never set them
        with self.assertRaises(AccessError):
            Target.with_user(self.user_salesman).create(
                {"team_id": self.team.id, "date_from": date(2027, 1, 1)}
            )
        with self.assertRaises(AccessError):
            self.t_1.with_user(self.user_salesman).write({"target_revenue": 1})
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "cc_outsider",
                "group_ids": [(4, self.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        self.other_team.member_ids = [(4, outsider.id)]
        with self.assertRaises(AccessError):
            self.t_1.with_user(outsider).read(["target_revenue"])
        self.assertFalse(
            self.env["crm.sales.ranking"]
            .with_user(outsider)
            .search([("team_id", "=", self.team.id)])
        )
