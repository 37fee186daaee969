# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import HttpCase, tagged, users

from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestCrmRealestateInstall(CrmCustomCommon):
    @users("cc_salesman")
    def test_menu_visible_to_salespeople(self):
        menus = self.env["ir.ui.menu"].sudo()._visible_menu_ids()
        root = self.env.ref("crm_realestate.crm_realestate_menu_root")
        self.assertIn(root.id, menus)

    @users("cc_portal")
    def test_menu_hidden_from_portal_users(self):
        menus = self.env["ir.ui.menu"].sudo()._visible_menu_ids()
        self.assertNotIn(self.env.ref("crm_realestate.crm_realestate_menu_root").id, menus)


@tagged("post_install", "-at_install")
class TestRealEstateTour(HttpCase, RealEstateCommon):
    def test_lead_viewing_reservation_contract_tour(self):
        self.consultant_a.write({"name": "Tour Consultant A", "password": "re_consultant_a"})
        self.consultant_b.write({"password": "re_consultant_b"})
        tour_building = self.env["crm.re.building"].create(
            {"name": "Tour Tower", "code": "TR", "project_id": self.project.id}
        )
        units = self.project._generate_units(
            tour_building, 1, 2, self.layout_3br | self.layout_4br, 50000, 0
        )
        lead = self._buyer_lead(
            re_budget_min=0,
            re_budget_max=units[1].list_price,
            re_layout_ids=[(6, 0, self.layout_4br.ids)],
            re_project_id=self.project.id,
        )
        (self.units).with_user(self.re_manager).write({"list_price": 99_000_000})
        viewing = self.env["crm.re.viewing"].create(
            {"lead_id": lead.id, "user_id": self.consultant_a.id, "unit_ids": [(6, 0, units.ids)]}
        )
        self.start_tour(
            f"/odoo/action-crm_realestate.crm_re_viewing_action/{viewing.id}",
            "crm_realestate_viewing_tour",
            login="re_consultant_a",
        )
        self.assertEqual(viewing.state, "done")
        self.assertEqual(lead.re_interest_level, "hot")
        self.start_tour(
            f"/odoo/action-crm.crm_lead_action_pipeline/{lead.id}",
            "crm_realestate_reserve_tour",
            login="re_consultant_a",
        )
        reservation = units[1].reservation_id
        self.assertEqual((units[1].state, reservation.lead_id), ("reserved", lead))
        # finance receives the deposit
        reservation.with_user(self.re_finance).deposit_paid_date = fields.Date.today()
        self.start_tour(
            f"/odoo/action-crm_realestate.crm_re_reservation_action/{reservation.id}",
            "crm_realestate_contract_tour",
            login="re_consultant_a",
        )
        self.assertEqual((reservation.state, units[1].state), ("contracted", "sold"))
        # a second consultant is refused the unit the first one holds
        units[0].with_user(self.consultant_a).action_hold(lead)
        self._buyer_lead(user=self.consultant_b, name="Other Buyer", partner_id=False)
        self.start_tour(
            "/odoo/action-crm_realestate.crm_re_unit_action",
            "crm_realestate_refused_tour",
            login="re_consultant_b",
        )
        self.assertEqual((units[0].state, units[0].hold_user_id), ("held", self.consultant_a))
        self.assertFalse(units[0].reservation_id)


@tagged("post_install", "-at_install")
class TestLaunchDayTour(HttpCase, RealEstateCommon):
    def test_launch_day_tour(self):
        self.consultant_a.write({"password": "re_consultant_a"})
        building = self.env["crm.re.building"].create(
            {"name": "Launch Day Tower", "code": "LD", "project_id": self.project.id}
        )
        units = self.project._generate_units(
            building, 2, 2, self.layout_3br | self.layout_4br, 50000, 0
        )
        units[2].with_user(self.re_manager).action_withhold()  # LD-0201 kept off sale
        launch = self.env["crm.re.launch"].create(
            {
                "name": "Launch Day Test",
                "project_id": self.project.id,
                "building_ids": [(6, 0, building.ids)],
                "date": fields.Date.today(),
                "intention_deposit": 50000,
            }
        )
        buyers = self.env["res.partner"].create([{"name": "Queue One"}, {"name": "Queue Two"}])
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"{b.name} lead",
                    "type": "opportunity",
                    "user_id": self.consultant_a.id,
                    "partner_id": b.id,
                }
                for b in buyers
            ]
        )
        numbers = self.env["crm.re.queue.number"].create(
            [{"launch_id": launch.id, "lead_id": lead.id} for lead in leads]
        )
        launch.with_user(self.re_manager).action_open()
        self.start_tour(
            f"/odoo/action-crm_realestate.crm_re_launch_action/{launch.id}",
            "crm_realestate_launch_day_tour",
            login="re_consultant_a",
        )
        self.assertEqual(numbers.mapped("state"), ["picked", "waiting"])
        self.assertEqual(numbers[0].unit_id, units[3])
        self.assertEqual(units[3].state, "reserved")
