# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmRpcAttackerCase
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import RealEstateCommon

ACCESS = "odoo.exceptions.AccessError"
USER = "odoo.exceptions.UserError"
VALIDATION = "odoo.exceptions.ValidationError"
# keys a hostile caller adds to the context, hoping one switches a check off
HOSTILE_CONTEXT = {
    "crm_skip_stage_history": True,
    "force": True,
    "install_mode": True,
    "tracking_disable": True,
    "sudo": True,
}


@tagged("post_install", "-at_install")
class TestReservationControls(CrmRpcAttackerCase, RealEstateCommon):
    """A consultant (and an administrator) attack reservations, units, visits,
    commissions and price lists over JSON-RPC: the control fields move only
    through the flow's actions, and bad values are refused with a message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = mail_new_test_user(
            cls.env,
            login="re_admin_rpc",
            name="RE Administrator",
            groups="base.group_system,sales_team.group_sale_manager",
        )
        cls.lead = cls._buyer_lead()
        cls.reservation = (
            cls.env["crm.re.reservation"]
            .with_user(cls.consultant_a)
            .create({"unit_id": cls.units[0].id, "lead_id": cls.lead.id, "deposit_amount": 100000})
        )

    def _snapshot(self, reservation):
        reservation.invalidate_recordset()
        reservation.unit_id.invalidate_recordset()
        return (
            reservation.state,
            reservation.contract_date,
            reservation.subscription_date,
            reservation.expiry_date,
            reservation.price,
            reservation.deposit_amount,
            reservation.unit_id.state,
        )

    def test_reservation_control_fields_refused(self):
        """Item 18: state, flow dates and expiry are not written directly."""
        before = self._snapshot(self.reservation)
        today = fields.Date.context_today(self.reservation)
        attacks = [
            ({"state": "contracted"}, "State"),
            ({"state": "subscribed", "subscription_date": str(today)}, "State"),
            ({"contract_date": str(today)}, "Contract Date"),
            ({"expiry_date": str(today + timedelta(days=730))}, "Expiry Date"),
            ({"release_reason": "x"}, "Release Reason"),
            ({"name": "RES-FORGED"}, "Reference"),
        ]
        for login in ("re_consultant_a", "re_admin_rpc"):
            self.authenticate(login, login)
            for vals, label in attacks:
                with self.subTest(login=login, vals=vals):
                    response = self.call_kw(
                        "crm.re.reservation",
                        "write",
                        [[self.reservation.id], vals],
                        context=HOSTILE_CONTEXT,
                    )
                    message = self.assert_refused(response, ACCESS)
                    self.assertIn(label, message)
        self.assertEqual(self._snapshot(self.reservation), before, "nothing half-written")
        self.assertEqual(self.reservation.state, "active")
        self.assertEqual(self.units[0].state, "reserved")

    def test_reservation_create_and_copy_refused(self):
        """Item 18: a reservation is not created contracted, nor with an
        expiry two years out against the project's 7-day term, nor copied."""
        self.authenticate("re_consultant_a", "re_consultant_a")
        lead = self._buyer_lead(name="Second buyer")
        today = fields.Date.context_today(self.reservation)
        base = {"unit_id": self.units[1].id, "lead_id": lead.id, "deposit_amount": 100000}
        attacks = [
            ({"state": "contracted"}, ACCESS, "State"),
            ({"contract_date": str(today)}, ACCESS, "Contract Date"),
            ({"expiry_date": str(today + timedelta(days=730))}, VALIDATION, "7 days"),
            ({"expiry_date": str(today - timedelta(days=1))}, VALIDATION, "7 days"),
            ({"expiry_date": "2026-02-30"}, VALIDATION, "Expiry Date"),
            ({"deposit_amount": float("nan")}, VALIDATION, "not a finite number"),
            ({"deposit_amount": float("inf")}, VALIDATION, "not a finite number"),
            ({"price": float("-inf")}, VALIDATION, "not a finite number"),
            ({"deposit_amount": "1e3"}, VALIDATION, "not a finite number"),
            ({"deposit_amount": -5}, VALIDATION, "Deposit"),
        ]
        for vals, error, text in attacks:
            with self.subTest(vals=vals):
                response = self.call_kw(
                    "crm.re.reservation", "create", [dict(base, **vals)], context=HOSTILE_CONTEXT
                )
                self.assertIn(text, self.assert_refused(response, error))
        response = self.call_kw(
            "crm.re.reservation",
            "copy",
            [[self.reservation.id]],
            {"default": {"state": "contracted", "unit_id": self.units[1].id}},
        )
        self.assert_refused(response, ACCESS)
        self.units[1].invalidate_recordset()
        self.assertEqual(self.units[1].state, "available")
        self.assertFalse(
            self.env["crm.re.reservation"].search_count([("unit_id", "=", self.units[1].id)])
        )
        # the flow still works: a reservation within the term is accepted
        response = self.call_kw(
            "crm.re.reservation",
            "create",
            [dict(base, expiry_date=str(today + timedelta(days=3)))],
        )
        self.assertTrue(self.assert_accepted(response))

    def test_reservation_terms_and_transitions(self):
        """Item 18: once subscribed the agreed price and deposit are frozen;
        the state never goes back, even for the flow."""
        self.reservation.with_user(self.re_finance).deposit_paid_date = fields.Date.today()
        self.authenticate("re_consultant_a", "re_consultant_a")
        # the manager's discount limit is not borrowed by giving them the reservation
        response = self.call_kw(
            "crm.re.reservation", "write", [[self.reservation.id], {"user_id": self.re_manager.id}]
        )
        self.assertIn("Consultant", self.assert_refused(response, ACCESS))
        response = self.call_kw(
            "crm.re.reservation", "write", [[self.reservation.id], {"deposit_amount": 1}]
        )
        self.assertIn("Deposit", self.assert_refused(response, ACCESS))
        self.assert_accepted(
            self.call_kw("crm.re.reservation", "action_subscribe", [[self.reservation.id]])
        )
        self.reservation.invalidate_recordset()
        self.assertEqual(self.reservation.state, "subscribed")
        response = self.call_kw(
            "crm.re.reservation", "write", [[self.reservation.id], {"price": 1000}]
        )
        self.assertIn("Agreed Price", self.assert_refused(response, USER))
        self.assert_accepted(
            self.call_kw("crm.re.reservation", "action_contract", [[self.reservation.id]])
        )
        self.reservation.invalidate_recordset()
        self.assertEqual(self.reservation.state, "contracted")
        self.assertEqual(self.units[0].state, "sold")
        with self.assertRefused(UserError, "cannot go from Contract Signed to Reserved"):
            self.reservation.sudo().write({"state": "active"})
        response = self.call_kw(
            "crm.re.reservation", "action_release", [[self.reservation.id]], {"reason": "x"}
        )
        self.assert_refused(response, USER)

    def test_unit_status_not_written_directly(self):
        """A sales manager cannot make a reserved unit available (or drop its
        reservation) by a plain write: only withholding and releasing do."""
        self.authenticate("re_manager", "re_manager")
        unit = self.units[0]
        for vals in (
            {"state": "available"},
            {"reservation_id": False},
            {"hold_user_id": self.re_manager.id},
        ):
            with self.subTest(vals=vals):
                response = self.call_kw("crm.re.unit", "write", [[unit.id], vals])
                self.assert_refused(response, ACCESS)
        for vals in ({"list_price": float("nan")}, {"area": float("inf")}, {"base_price": -1}):
            with self.subTest(vals=vals):
                response = self.call_kw("crm.re.unit", "write", [[unit.id], vals])
                self.assert_refused(response, VALIDATION)
        unit.invalidate_recordset()
        self.assertEqual((unit.state, unit.reservation_id), ("reserved", self.reservation))
        self.assertEqual(unit.list_price, self.reservation.list_price)

    def test_visit_cannot_take_over_a_buyer(self):
        """A consultant registering a visit dated in the future (past the
        owner's protection: "lapsed") or before the visit already ruled on
        ("first registration") does not take the buyer; a registered visit's
        ruled fields are frozen."""
        lead = self._buyer_lead(user=False, name="Owned buyer")
        first = (
            self.env["crm.re.visit"]
            .with_user(self.consultant_a)
            .create(
                {
                    "lead_id": lead.id,
                    "user_id": self.consultant_a.id,
                    "date": datetime.now() - timedelta(days=1),
                }
            )
        )
        self.assertEqual(lead.user_id, self.consultant_a)
        # a consultant who sees every buyer of the office (or a receptionist)
        office = mail_new_test_user(
            self.env,
            login="re_office_rpc",
            name="Office Consultant",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.authenticate(office.login, office.login)
        base = {"lead_id": lead.id, "user_id": office.id}
        for date in ("2030-01-01 10:00:00", "2020-01-01 10:00:00"):
            with self.subTest(date=date):
                response = self.call_kw("crm.re.visit", "create", [dict(base, date=date)])
                self.assertIn("Date", self.assert_refused(response, VALIDATION))
        response = self.call_kw(
            "crm.re.visit",
            "create",
            [dict(base, date=fields.Datetime.to_string(first.date), visit_type="first")],
        )
        self.assert_refused(response, ACCESS)
        lead.invalidate_recordset()
        self.assertEqual(lead.user_id, self.consultant_a)
        self.assertEqual(len(lead.re_ruling_ids), 1)
        self.authenticate("re_consultant_a", "re_consultant_a")
        for vals in ({"date": "2030-01-01 10:00:00"}, {"user_id": self.consultant_b.id}):
            with self.subTest(vals=vals):
                response = self.call_kw("crm.re.visit", "write", [[first.id], vals])
                self.assert_refused(response, ACCESS)
        self.assert_accepted(
            self.call_kw("crm.re.visit", "write", [[first.id], {"note": "came with family"}])
        )

    def test_commission_and_price_list_controls(self):
        """A channel manager does not enter or rewrite commissions; a sales
        manager does not mark a price list applied, nor give it NaN values."""
        channel = mail_new_test_user(
            self.env,
            login="re_channel_rpc",
            name="Channel RPC",
            groups="crm_realestate.group_re_channel_manager",
        )
        self.authenticate(channel.login, channel.login)
        broker = self.env["res.partner"].create({"name": "RPC Realty", "re_is_broker": True})
        registration = self.env["crm.re.broker.registration"].create(
            {
                "broker_id": broker.id,
                "project_id": self.project.id,
                "buyer_name": "Commission Buyer",
                "phone_prefix": "138",
                "phone_suffix": "5555",
            }
        )
        response = self.call_kw(
            "crm.re.broker.commission",
            "create",
            [
                {
                    "broker_id": broker.id,
                    "registration_id": registration.id,
                    "reservation_id": self.reservation.id,
                    "base_amount": 1e9,
                    "rate": 50,
                    "amount": 5e8,
                    "state": "paid",
                }
            ],
        )
        self.assert_refused(response, ACCESS)
        self.assertFalse(
            self.env["crm.re.broker.commission"].search_count(
                [("reservation_id", "=", self.reservation.id)]
            )
        )
        self.authenticate("re_manager", "re_manager")
        response = self.call_kw(
            "crm.re.price.list",
            "create",
            [
                {
                    "name": "Hostile",
                    "project_id": self.project.id,
                    "effective_date": "2026-01-01",
                    "floor_premium": float("nan"),
                }
            ],
        )
        self.assert_refused(response, VALIDATION)
        price_list = self.env["crm.re.price.list"].create(
            {"name": "V", "project_id": self.project.id, "effective_date": "2026-01-01"}
        )
        for vals, error in (
            ({"state": "applied"}, ACCESS),
            ({"version": 99}, ACCESS),
            ({"line_ids": [(0, 0, {"orientation": "south", "percent": float("nan")})]}, VALIDATION),
            ({"line_ids": [(0, 0, {"orientation": "south", "percent": -150})]}, VALIDATION),
        ):
            with self.subTest(vals=vals):
                response = self.call_kw("crm.re.price.list", "write", [[price_list.id], vals])
                self.assert_refused(response, error)
        price_list.invalidate_recordset()
        self.assertEqual((price_list.state, len(price_list.line_ids)), ("draft", 0))

    def test_queue_number_bad_amounts(self):
        """Intention deposits are finite and positive; once paid, only finance
        changes them. Numbers are still assigned, never chosen."""
        launch = self.env["crm.re.launch"].create(
            {
                "name": "Hostile launch",
                "project_id": self.project.id,
                "date": "2027-01-01",
                "intention_deposit": 50000,
            }
        )
        self.authenticate("re_consultant_a", "re_consultant_a")
        base = {"launch_id": launch.id, "lead_id": self.lead.id}
        for vals, error in (
            ({"deposit_amount": float("nan")}, VALIDATION),
            ({"deposit_amount": float("inf")}, VALIDATION),
            ({"deposit_amount": -1}, VALIDATION),
            ({"deposit_amount": [1, 2]}, VALIDATION),
            ({"number": 1, "state": "picked"}, ACCESS),
        ):
            with self.subTest(vals=vals):
                response = self.call_kw("crm.re.queue.number", "create", [dict(base, **vals)])
                self.assert_refused(response, error)
        number_id = self.assert_accepted(self.call_kw("crm.re.queue.number", "create", [base]))
        number = self.env["crm.re.queue.number"].browse(number_id)
        number.with_user(self.re_finance).deposit_paid_date = fields.Date.today()
        response = self.call_kw(
            "crm.re.queue.number", "write", [[number_id], {"deposit_amount": 1}]
        )
        self.assertIn("Intention Deposit", self.assert_refused(response, ACCESS))
        self.assertEqual((number.number, number.deposit_amount), (1, 50000))
