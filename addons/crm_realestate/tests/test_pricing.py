# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestPricing(RealEstateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # units: floors 1-3, position 1 south, position 2 south-east
        cls.units.write({"base_price": 1_000_000})
        cls.office.user_id = cls.re_manager  # the team leader approves discounts

    def _price_list(self, name, effective, premium=10_000, threshold=1, lines=None, **vals):
        return (
            self.env["crm.re.price.list"]
            .with_user(self.re_manager)
            .create(
                {
                    "name": name,
                    "project_id": self.project.id,
                    "effective_date": effective,
                    "floor_threshold": threshold,
                    "floor_premium": premium,
                    "line_ids": [
                        (0, 0, {"orientation": o, "percent": p})
                        for o, p in (lines or {"south": 3.0}).items()
                    ],
                    **vals,
                }
            )
        )

    def test_version_in_force_prices_units_in_one_write(self):
        today = date.today()
        v1 = self._price_list("Opening", today - timedelta(days=10))
        v2 = self._price_list("Second batch", today - timedelta(days=1), premium=20_000)
        future = self._price_list("Next month", today + timedelta(days=30), premium=99_000)
        self.assertEqual((v1.version, v2.version, future.version), (1, 2, 3))
        PriceList = self.env["crm.re.price.list"]
        self.assertEqual(PriceList._get_in_force(self.building), v2)
        # a reserved unit keeps its agreed price
        self.env["crm.re.reservation"].with_user(self.consultant_a).create(
            {"unit_id": self.units[5].id, "lead_id": self._buyer_lead().id, "deposit_amount": 1000}
        )
        reserved_price = self.units[5].list_price
        # consultants do not apply price lists; neither a future nor a superseded one applies
        with self.assertRefused(AccessError, "Only a sales manager may apply a price list"):
            v2.with_user(self.consultant_a).action_apply()
        with self.assertRefused(UserError, "Effective Date: Next month is in force from"):
            future.with_user(self.re_manager).action_apply()
        with self.assertRefused(UserError, "Opening is not the price list in force"):
            v1.with_user(self.re_manager).action_apply()
        v2.with_user(self.re_manager).action_apply()  # warm-up
        self.env.invalidate_all()
        # one UPDATE for all the units; the rest is the version's bookkeeping and log
        with self.assertQueryCount(19):
            v2.with_user(self.re_manager).action_apply()
        self.assertEqual(v2.applied_count, 5)
        prices = {u.code: u.list_price for u in self.units}
        # floor 1 south: base + 0 floors, +3%; floor 3 south-east: base + 2 x 20,000
        self.assertEqual(prices["T1-0101"], 1_030_000)
        self.assertEqual(prices["T1-0102"], 1_000_000)
        self.assertEqual(prices["T1-0201"], round(1_020_000 * 1.03, 2))
        self.assertEqual(prices["T1-0301"], round(1_040_000 * 1.03, 2))
        self.assertEqual(self.units[5].list_price, reserved_price)
        self.assertEqual(v2.state, "applied")

    def test_discount_beyond_limit_needs_approval(self):
        unit = self.units[0]
        lead = self._buyer_lead()
        Reservation = self.env["crm.re.reservation"].with_user(self.consultant_a)
        reservation = Reservation.create(
            {
                "unit_id": unit.id,
                "lead_id": lead.id,
                "deposit_amount": 100000,
                "price": unit.list_price * 0.95,
            }
        )
        self.assertEqual(reservation.list_price, unit.list_price)
        self.assertEqual((reservation.discount_percent, reservation.discount_limit), (5.0, 2.0))
        reservation.with_user(self.re_finance).deposit_paid_date = date.today()
        with self.assertRefused(UserError, r"discount of 5.0% .* exceeds the consultant's limit"):
            reservation.with_user(self.consultant_a).action_subscribe()
        with self.assertRefused(AccessError, "list price of a reservation is the unit's"):
            reservation.with_user(self.consultant_a).list_price = 1
        reservation.with_user(self.consultant_a).action_request_discount_approval()
        request = reservation.discount_approval_id
        self.assertEqual((request.kind, request.discount_percent), ("discount", 5.0))
        self.assertEqual(request.state, "pending")
        # still refused while pending; the consultant cannot approve their own request
        with self.assertRefused(UserError, "exceeds the consultant's limit"):
            reservation.with_user(self.consultant_a).action_subscribe()
        with self.assertRaises(AccessError):
            request.with_user(self.consultant_a).validate_tier()
        self.assertEqual(request.state, "pending")
        request.with_user(self.re_manager).validate_tier()
        self.assertEqual(request.state, "approved")
        reservation.with_user(self.consultant_a).action_subscribe()
        self.assertEqual(reservation.state, "subscribed")

    def test_discount_within_personal_limit(self):
        self.consultant_b.re_discount_limit = 6.0
        unit = self.units[1]
        reservation = (
            self.env["crm.re.reservation"]
            .with_user(self.consultant_b)
            .create(
                {
                    "unit_id": unit.id,
                    "lead_id": self._buyer_lead(user=self.consultant_b).id,
                    "deposit_amount": 100000,
                    "price": unit.list_price * 0.95,
                }
            )
        )
        self.assertEqual(reservation.discount_limit, 6.0)
        reservation.with_user(self.re_finance).deposit_paid_date = date.today()
        with self.assertRefused(UserError, "needs no discount approval"):
            reservation.with_user(self.consultant_b).action_request_discount_approval()
        reservation.with_user(self.consultant_b).action_subscribe()
        self.assertEqual(reservation.state, "subscribed")

    def test_daily_job_applies_the_version_coming_into_force(self):
        today = date.today()
        old = self._price_list("Old", today - timedelta(days=20), premium=0)
        due = self._price_list("Due today", today, premium=5_000, lines={"north": -2.0})
        later = self._price_list("Later", today + timedelta(days=5))
        applied = self.env["crm.re.price.list"]._cron_apply_in_force()
        self.assertIn(due, applied)
        self.assertEqual((old.state, due.state, later.state), ("draft", "applied", "draft"))
        self.assertEqual(self.units[1].list_price, 1_000_000)  # floor 1, south-east
        self.assertEqual(self.units[3].list_price, 1_005_000)  # floor 2, south-east
