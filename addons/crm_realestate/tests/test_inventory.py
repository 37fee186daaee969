# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestInventory(RealEstateCommon):
    def _reserve(self, unit, lead, user, **vals):
        return (
            self.env["crm.re.reservation"]
            .with_user(user)
            .create({"unit_id": unit.id, "lead_id": lead.id, "deposit_amount": 100000, **vals})
        )

    def test_units_generated_per_floor(self):
        self.assertEqual(len(self.units), 6)
        self.assertEqual(self.units[0].code, "T1-0101")
        self.assertGreater(
            self.units[-1].list_price / self.units[-1].area,
            self.units[0].list_price / self.units[0].area,
        )
        self.assertEqual(self.project.available_count, 6)

    def test_hold_then_second_consultant_refused(self):
        unit = self.units[0]
        lead_a = self._buyer_lead()
        unit.with_user(self.consultant_a).action_hold(lead_a)
        self.assertEqual((unit.state, unit.hold_user_id), ("held", self.consultant_a))
        lead_b = self._buyer_lead(user=self.consultant_b, name="B's buyer")
        with self.assertRefused(UserError, "T1-0101 is held by Consultant A"):
            unit.with_user(self.consultant_b).action_hold(lead_b)
        with self.assertRefused(UserError, "held by Consultant A"):
            self._reserve(unit, lead_b, self.consultant_b)
        self.assertFalse(unit.reservation_id)
        # B may not release A's hold; the manager may
        with self.assertRaises(AccessError):
            unit.with_user(self.consultant_b).action_release_hold()
        unit.with_user(self.re_manager).action_release_hold()
        self.assertEqual(unit.state, "available")

    def test_reserve_subscribe_contract(self):
        referrer = self.env["res.partner"].create({"name": "Old Owner"})
        lead = self._buyer_lead(re_referrer_id=referrer.id)
        unit = self.units[1]
        unit.with_user(self.consultant_a).action_hold(lead)
        reservation = self._reserve(unit, lead, self.consultant_a)
        self.assertEqual((unit.state, unit.reservation_id), ("reserved", reservation))
        self.assertEqual(reservation.price, unit.list_price)
        self.assertEqual(
            reservation.expiry_date, fields.Date.context_today(reservation) + timedelta(days=7)
        )
        # only finance records the deposit, and it comes before the subscription
        with self.assertRefused(UserError, "Deposit Received On: the deposit"):
            reservation.with_user(self.consultant_a).action_subscribe()
        with self.assertRaises(AccessError):
            reservation.with_user(self.consultant_a).deposit_paid_date = date.today()
        reservation.with_user(self.re_finance).deposit_paid_date = date.today()
        self.assertEqual(lead.re_deposit_paid_date, date.today())
        reservation.with_user(self.consultant_a).action_subscribe()
        reservation.with_user(self.consultant_a).action_contract()
        self.assertEqual((reservation.state, unit.state), ("contracted", "sold"))
        reward = lead.re_reward_ids
        self.assertEqual((reward.referrer_id, reward.amount), (referrer, 10000))
        with self.assertRaises(AccessError):
            reward.with_user(self.consultant_a).action_approve()
        with self.assertRaises(AccessError):
            reward.with_user(self.re_manager).action_pay()
        reward.with_user(self.re_manager).action_approve()
        reward.with_user(self.re_finance).action_pay()
        self.assertEqual(reward.state, "paid")

    def test_reservation_refusals(self):
        lead = self._buyer_lead()
        with self.assertRefused(ValidationError, "Deposit: the amount must be positive"):
            self._reserve(self.units[2], lead, self.consultant_a, deposit_amount=0)
        self.assertEqual(self.units[2].state, "available", "never half-reserved")
        sold = self.units[3]
        self._reserve(sold, lead, self.consultant_a)
        with self.assertRefused(UserError, "T1-0202 is reserved"):
            self._reserve(sold, lead, self.consultant_b)
        with self.assertRaises(AccessError):
            sold.with_user(self.consultant_a).write({"list_price": 1})
        sold.with_user(self.re_manager).write({"list_price": 9000000})

    def test_lapsed_reservation_releases_the_unit(self):
        lead = self._buyer_lead()
        unit = self.units[4]
        reservation = self._reserve(unit, lead, self.consultant_a)
        Reservation = self.env["crm.re.reservation"]
        self.assertNotIn(reservation, Reservation._cron_expire(reservation.expiry_date))
        lapsed = Reservation._cron_expire(reservation.expiry_date + timedelta(days=1))
        self.assertIn(reservation, lapsed)
        self.assertEqual((reservation.state, unit.state), ("expired", "available"))
        self.assertFalse(unit.reservation_id)
        activity = reservation.activity_ids
        self.assertEqual(activity.user_id, self.consultant_a)
        self.assertIn("T1-0301", activity.summary)

    def test_lapsed_reservation_told_in_consultant_language(self):
        """The job tells the consultant in their language (zh_CN); the reason
        kept on the reservation is in the company's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.consultant_a.lang = "zh_CN"
        reservation = self._reserve(self.units[4], self._buyer_lead(), self.consultant_a)
        self.env["crm.re.reservation"].with_context(lang="en_US")._cron_expire(
            reservation.expiry_date + timedelta(days=1)
        )
        self.assertEqual(
            reservation.activity_ids.summary,
            f"预订 {reservation.name} 已失效：房源 T1-0301 重新开放销售",
        )

    def test_lapsed_hold_is_released(self):
        unit = self.units[5]
        unit.with_user(self.consultant_a).action_hold()
        Unit = self.env["crm.re.unit"]
        self.assertNotIn(unit, Unit._cron_release_holds(fields.Datetime.now()))
        released = Unit._cron_release_holds(unit.hold_expiry + timedelta(minutes=1))
        self.assertIn(unit, released)
        self.assertEqual(unit.state, "available")
