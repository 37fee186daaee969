# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestLaunch(RealEstateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.launch = cls.env["crm.re.launch"].create(
            {
                "name": "Tower 1 launch",
                "project_id": cls.project.id,
                "building_ids": [(6, 0, cls.building.ids)],
                "date": date.today(),
                "intention_deposit": 50000,
            }
        )
        cls.buyers = cls.env["res.partner"].create([{"name": f"Queue Buyer {i}"} for i in range(4)])

    def _take_numbers(self, user=None, count=3):
        user = user or self.consultant_a
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Queue lead {i}",
                    "type": "opportunity",
                    "user_id": user.id,
                    "partner_id": self.buyers[i].id,
                }
                for i in range(count)
            ]
        )
        Queue = self.env["crm.re.queue.number"].with_user(user)
        return Queue.browse(
            [Queue.create({"launch_id": self.launch.id, "lead_id": lead.id}).id for lead in leads]
        )

    def test_numbers_in_order_and_picks_in_order(self):
        numbers = self._take_numbers()
        self.assertEqual(numbers.mapped("number"), [1, 2, 3])
        self.assertEqual(numbers.mapped("deposit_amount"), [50000] * 3)
        # the number is assigned, not chosen
        with self.assertRefused(AccessError, "assigned, not chosen"):
            self.env["crm.re.queue.number"].with_user(self.consultant_a).create(
                {"launch_id": self.launch.id, "lead_id": numbers[0].lead_id.id, "number": 9}
            )
        with self.assertRefused(AccessError, "changes only by picking"):
            numbers[0].with_user(self.consultant_a).state = "picked"
        with self.assertRefused(ValidationError, "Intention Deposit: the amount must be positive"):
            lead = self._buyer_lead(name="Zero deposit")
            self.env["crm.re.queue.number"].with_user(self.consultant_a).create(
                {"launch_id": self.launch.id, "lead_id": lead.id, "deposit_amount": 0}
            )
        # picking before the launch opens is refused; consultants do not open it
        with self.assertRefused(UserError, "is not picking units now"):
            numbers[0].with_user(self.consultant_a).action_pick(self.units[0])
        with self.assertRefused(AccessError, "Only a sales manager may open"):
            self.launch.with_user(self.consultant_a).action_open()
        self.launch.with_user(self.re_manager).action_open()
        with self.assertRefused(UserError, "no longer takes numbers"):
            self._take_numbers(count=1)
        # number 2 may not pick while number 1 waits
        with self.assertRefused(UserError, "Number 2: it is not their turn, number 1 is still"):
            numbers[1].with_user(self.consultant_a).action_pick(self.units[1])
        self.assertEqual(self.units[1].state, "available")
        reservation = numbers[0].with_user(self.consultant_a).action_pick(self.units[0])
        self.assertEqual((numbers[0].state, numbers[0].unit_id), ("picked", self.units[0]))
        self.assertEqual(
            (self.units[0].state, self.units[0].reservation_id), ("reserved", reservation)
        )
        self.assertEqual(reservation.deposit_amount, 50000)
        self.assertEqual(reservation.lead_id, numbers[0].lead_id)
        with self.assertRefused(UserError, "Number 1 cannot pick: it is picked"):
            numbers[0].with_user(self.consultant_a).action_pick(self.units[1])
        # number 2 picks the unit number 1 took: refused, and stays waiting
        with self.assertRefused(UserError, "T1-0101 is reserved"):
            numbers[1].with_user(self.consultant_a).action_pick(self.units[0])
        self.assertEqual(numbers[1].state, "waiting")
        # a unit of another building is not on sale at this launch
        other = self.env["crm.re.building"].create(
            {"name": "Tower 9", "code": "T9", "project_id": self.project.id}
        )
        other_unit = self.project._generate_units(other, 1, 1, self.layout_3br, 50000, 0)
        with self.assertRefused(UserError, "T9-0101 is not on sale at launch"):
            numbers[1].with_user(self.consultant_a).action_pick(other_unit)
        # the buyer of number 2 did not come: only a manager skips
        with self.assertRefused(AccessError, "Only a sales manager may skip"):
            numbers[1].with_user(self.consultant_a).action_skip()
        numbers[1].with_user(self.re_manager).action_skip()
        numbers[2].with_user(self.consultant_a).action_pick(self.units[2])
        # another consultant does not see nor pick these buyers' numbers
        self.assertFalse(
            self.env["crm.re.queue.number"]
            .with_user(self.consultant_b)
            .search([("id", "in", numbers.ids)])
        )
        # the close refunds the unused numbers, logged on the launch
        with self.assertRefused(AccessError, "Only a sales manager may open or close"):
            self.launch.with_user(self.consultant_a).action_close()
        self.launch.with_user(self.re_manager).action_close()
        self.assertEqual(numbers.mapped("state"), ["picked", "refunded", "picked"])
        self.assertTrue(numbers[1].refund_date)
        self.assertIn("numbers 2", self.launch.message_ids[0].body)
        self.assertEqual((self.launch.number_count, self.launch.picked_count), (3, 2))

    def test_pick_wizard_reserves_the_unit(self):
        numbers = self._take_numbers(count=1)
        numbers.with_user(self.re_finance).deposit_paid_date = date.today()
        with self.assertRaises(AccessError):
            numbers.with_user(self.consultant_a).deposit_paid_date = date.today()
        self.launch.with_user(self.re_manager).action_open()
        action = numbers.with_user(self.consultant_a).action_open_pick()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.consultant_a)
            .with_context(**action["context"])
            .create({"unit_id": self.units[3].id})
        )
        self.assertEqual(wizard.building_ids, self.building)
        result = wizard.action_confirm()
        reservation = self.env["crm.re.reservation"].browse(result["res_id"])
        self.assertEqual(reservation.unit_id, self.units[3])
        # the intention deposit was received: the reservation's deposit is too
        self.assertEqual(reservation.deposit_paid_date, date.today())

    def test_buyer_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other Developer"})
        lead = self.env["crm.lead"].create(
            {"name": "Other company buyer", "type": "opportunity", "company_id": other.id}
        )
        with self.assertRefused(UserError, "belongs to another company"):
            self.env["crm.re.queue.number"].create(
                {"launch_id": self.launch.id, "lead_id": lead.id}
            )
