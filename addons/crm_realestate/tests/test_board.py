# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestAvailabilityBoard(RealEstateCommon):
    def _reserve(self, unit, lead, user):
        return (
            self.env["crm.re.reservation"]
            .with_user(user)
            .create({"unit_id": unit.id, "lead_id": lead.id, "deposit_amount": 100000})
        )

    def test_unit_follows_subscription(self):
        lead = self._buyer_lead()
        unit = self.units[0]
        reservation = self._reserve(unit, lead, self.consultant_a)
        reservation.with_user(self.re_finance).deposit_paid_date = date.today()
        reservation.with_user(self.consultant_a).action_subscribe()
        self.assertEqual(unit.state, "subscribed")
        reservation.with_user(self.consultant_a).action_contract()
        self.assertEqual(unit.state, "sold")

    def test_withhold_and_release_in_batch(self):
        units = self.units[:3]
        # consultants may not take units off sale nor put them back
        with self.assertRefused(AccessError, "Only a sales manager may withhold units"):
            units.with_user(self.consultant_a).action_withhold()
        self.assertEqual(set(units.mapped("state")), {"available"})
        units.with_user(self.re_manager).action_withhold()
        self.assertEqual(set(units.mapped("state")), {"withheld"})
        with self.assertRefused(UserError, "T1-0101 is withheld from sale"):
            units[0].with_user(self.consultant_a).action_hold(self._buyer_lead())
        with self.assertRefused(AccessError, "Only a sales manager may release units"):
            units.with_user(self.consultant_a).action_release_withheld()
        # all or none: one unit not withheld refuses the whole batch
        with self.assertRefused(UserError, "T1-0202 are not withheld"):
            (units | self.units[3]).with_user(self.re_manager).action_release_withheld()
        self.assertEqual(set(units.mapped("state")), {"withheld"})
        units.with_user(self.re_manager).action_release_withheld()
        self.assertEqual(set(units.mapped("state")), {"available"})
        # a reserved unit cannot be withheld
        self._reserve(self.units[4], self._buyer_lead(), self.consultant_a)
        with self.assertRefused(UserError, "T1-0301 are not available"):
            self.units[4:].with_user(self.re_manager).action_withhold()

    def test_board_shows_buyer_only_to_who_may_see_it(self):
        lead = self._buyer_lead()
        self._reserve(self.units[0], lead, self.consultant_a)
        self.units[1].with_user(self.re_manager).action_withhold()
        Unit = self.env["crm.re.unit"]
        board = Unit.with_user(self.consultant_a).get_availability_board(self.building.id)
        self.assertEqual([f["floor"] for f in board["floors"]], [3, 2, 1])
        cells = {u["code"]: u for f in board["floors"] for u in f["units"]}
        self.assertEqual(cells["T1-0101"]["state"], "reserved")
        self.assertEqual(cells["T1-0101"]["buyer"], "Test Buyer")
        self.assertEqual(cells["T1-0101"]["list_price"], self.units[0].list_price)
        self.assertEqual(cells["T1-0102"]["state"], "withheld")
        counts = {s["value"]: s["count"] for s in board["states"]}
        self.assertEqual((counts["reserved"], counts["withheld"], counts["available"]), (1, 1, 4))
        # another consultant sees the status, not the other consultant's buyer
        board_b = Unit.with_user(self.consultant_b).get_availability_board(self.building.id)
        cells_b = {u["code"]: u for f in board_b["floors"] for u in f["units"]}
        self.assertEqual(cells_b["T1-0101"]["state"], "reserved")
        self.assertFalse(cells_b["T1-0101"]["buyer"])
        with self.assertRefused(UserError, "Building: it does not exist"):
            Unit.with_user(self.consultant_a).get_availability_board(0)

    def test_board_of_40_floors_in_bounded_queries(self):
        building = self.env["crm.re.building"].create(
            {"name": "Tower 40", "code": "T40", "project_id": self.project.id, "floors": 40}
        )
        self.project._generate_units(building, 40, 8, self.layout_3br | self.layout_4br, 50000, 100)
        Unit = self.env["crm.re.unit"].with_user(self.consultant_a)
        Unit.get_availability_board(building.id)  # warm-up
        self.env.invalidate_all()
        # building, access rule of its project, the grid: whatever the unit count
        with self.assertQueryCount(4):
            board = Unit.get_availability_board(building.id)
        self.assertEqual(len(board["floors"]), 40)
        self.assertEqual({len(f["units"]) for f in board["floors"]}, {8})
        self.assertEqual(board["width"], 8)
