# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestRealEstateMergeDelete(RealEstateCommon):
    """A buyer entered twice is merged with everything the edition records
    about them; a sale or a held unit is never lost to a deletion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.launch = cls.env["crm.re.launch"].create(
            {
                "name": "Merge launch",
                "project_id": cls.project.id,
                "building_ids": [(6, 0, cls.building.ids)],
                "date": date.today(),
                "intention_deposit": 50000,
            }
        )
        cls.lead_a = cls._buyer_lead(name="Buyer A")
        cls.lead_b = cls._buyer_lead(name="Buyer B")

    def _reserve(self, lead, unit):
        return self.env["crm.re.reservation"].create(
            {"unit_id": unit.id, "lead_id": lead.id, "deposit_amount": 1000}
        )

    def _number(self, lead):
        return self.env["crm.re.queue.number"].create(
            {"launch_id": self.launch.id, "lead_id": lead.id}
        )

    def test_merge_moves_every_record(self):
        referrer = self.env["res.partner"].create({"name": "Referrer"})
        lead_b = self.lead_b
        viewing = self.env["crm.re.viewing"].create({"lead_id": lead_b.id})
        visit = self.env["crm.re.visit"].create(
            {
                "lead_id": lead_b.id,
                "project_id": self.project.id,
                "user_id": self.consultant_a.id,
                "date": datetime.now() - timedelta(hours=1),
            }
        )
        reservation = self._reserve(lead_b, self.units[0])
        number = self._number(lead_b)
        reward = self.env["crm.re.referral.reward"].create(
            {"lead_id": lead_b.id, "referrer_id": referrer.id, "amount": 100}
        )
        self.env["crm.re.ownership.ruling"].create(
            {
                "lead_id": lead_b.id,
                "rule": "arbitration",
                "reason": "merge test",
                "user_id": self.re_manager.id,
            }
        )
        owned = {
            "viewings": lead_b.re_viewing_ids,
            "visits": lead_b.re_visit_ids,
            "reservations": lead_b.re_reservation_ids,
            "milestones": lead_b.re_milestone_ids,
            "rewards": lead_b.re_reward_ids,
            "rulings": lead_b.re_ruling_ids,
        }
        for label, records in owned.items():
            self.assertTrue(records, label)
        merged = (
            (self.lead_a | lead_b).with_user(self.re_manager)._merge_opportunity(max_length=None)
        )
        self.assertEqual(len((self.lead_a | lead_b).exists()), 1)
        for label, records in owned.items():
            self.assertEqual(records.exists().lead_id, merged, label)
            self.assertEqual(len(records.exists()), len(records), label)
        self.assertEqual(viewing.lead_id | visit.lead_id, merged)
        self.assertEqual(reservation.lead_id, merged)
        self.assertEqual(number.lead_id, merged)
        self.assertEqual(reward.lead_id, merged)
        self.assertEqual(self.units[0].hold_lead_id or merged, merged)

    def test_merge_two_active_reservations_refused(self):
        self._reserve(self.lead_a, self.units[0])
        self._reserve(self.lead_b, self.units[1])
        with self.assertRefused(UserError, "each holds an active reservation"):
            (self.lead_a | self.lead_b).with_user(self.re_manager)._merge_opportunity(
                max_length=None
            )
        self.assertTrue(self.lead_b.exists())

    def test_merge_two_queue_numbers_refused(self):
        self._number(self.lead_a)
        self._number(self.lead_b)
        with self.assertRefused(UserError, "several queue numbers of Merge launch"):
            (self.lead_a | self.lead_b).with_user(self.re_manager)._merge_opportunity(
                max_length=None
            )

    def test_delete_lead_takes_viewings(self):
        viewing = self.env["crm.re.viewing"].create({"lead_id": self.lead_b.id})
        milestones = self.lead_b.re_milestone_ids
        self.lead_b.with_user(self.re_manager).unlink()
        self.assertFalse(viewing.exists())
        self.assertFalse(milestones.exists())

    def test_delete_lead_with_reservation_refused(self):
        reservation = self._reserve(self.lead_b, self.units[0])
        with self.assertRefused(
            UserError, "Buyer B cannot be deleted.*Unit Reservation.*Archive it instead"
        ):
            self.lead_b.with_user(self.re_manager).unlink()
        self.assertTrue(reservation.exists())
        # released, the reservation no longer holds the buyer: it goes with the lead
        reservation.with_user(self.re_manager).action_release("changed mind")
        self.lead_b.with_user(self.re_manager).unlink()
        self.assertFalse(reservation.exists())

    def test_delete_unit_with_reservation_refused(self):
        self._reserve(self.lead_b, self.units[0])
        with self.assertRefused(UserError, "cannot be deleted.*Unit Reservation"):
            self.units[0].with_user(self.re_manager).unlink()
