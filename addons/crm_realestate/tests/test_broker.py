# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import RealEstateCommon


class BrokerCommon(RealEstateCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.project.broker_protection_days = 90
        cls.broker_x = env["res.partner"].create(
            {
                "name": "Xin Realty",
                "is_company": True,
                "re_is_broker": True,
                "re_commission_rate": 2.0,
            }
        )
        cls.broker_y = env["res.partner"].create(
            {"name": "Yue Homes", "is_company": True, "re_is_broker": True}
        )
        cls.agent_x = mail_new_test_user(
            env,
            login="re_agent_x",
            name="Agent X",
            groups="base.group_portal",
            password="re_agent_x_pw",
        )
        cls.agent_x.partner_id.parent_id = cls.broker_x
        cls.agent_y = mail_new_test_user(
            env,
            login="re_agent_y",
            name="Agent Y",
            groups="base.group_portal",
            password="re_agent_y_pw",
        )
        cls.agent_y.partner_id.parent_id = cls.broker_y
        cls.channel_manager = mail_new_test_user(
            env,
            login="re_channel",
            name="Channel Manager",
            groups="crm_realestate.group_re_channel_manager",
        )

    def _register(self, user, name="Wang Lei", prefix="138", suffix="1234"):
        return (
            self.env["crm.re.broker.registration"]
            .with_user(user)
            .create(
                {
                    "project_id": self.project.id,
                    "buyer_name": name,
                    "phone_prefix": prefix,
                    "phone_suffix": suffix,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestBroker(BrokerCommon):
    def test_registration_duplicates_and_isolation(self):
        registration = self._register(self.agent_x)
        self.assertEqual(registration.broker_id, self.broker_x)
        self.assertEqual(registration.phone_masked, "138****1234")
        self.assertEqual(registration.state, "registered")
        # the same buyer again: by the same broker, by another broker
        with self.assertRefused(UserError, r"already registered .* by you"):
            self._register(self.agent_x, name=" wang  lei ")
        with self.assertRefused(UserError, r"already registered .* by another broker"):
            self._register(self.agent_y)
        # same name, another phone: another buyer
        other = self._register(self.agent_y, suffix="9999")
        # a buyer the sales office already has
        self._buyer_lead(
            name="Office buyer",
            partner_id=self.env["res.partner"]
            .create({"name": "Zhao Min", "phone": "+86 139 0000 5678"})
            .id,
            phone="+86 139 0000 5678",
        )
        with self.assertRefused(UserError, "already a buyer of this project"):
            self._register(self.agent_y, name="Zhao Min", prefix="139", suffix="5678")
        with self.assertRefused(ValidationError, "Phone: give the first 3 digits"):
            self._register(self.agent_y, name="Bad Phone", prefix="38", suffix="12")
        # a broker sees only their own registrations
        Registration = self.env["crm.re.broker.registration"]
        self.assertEqual(Registration.with_user(self.agent_x).search([]), registration)
        self.assertEqual(Registration.with_user(self.agent_y).search([]), other)
        with self.assertRaises(AccessError):
            registration.with_user(self.agent_y).read(["buyer_name"])
        # a broker cannot register for another broker company nor change a registration
        forced = Registration.with_user(self.agent_y).create(
            {
                "project_id": self.project.id,
                "buyer_name": "Sun Li",
                "phone_prefix": "137",
                "phone_suffix": "0001",
                "broker_id": self.broker_x.id,
            }
        )
        self.assertEqual(forced.broker_id, self.broker_y)
        with self.assertRaises(AccessError):
            forced.with_user(self.agent_y).write({"phone_suffix": "0002"})
        # internal users who are not brokers do not register
        with self.assertRefused(AccessError, "Only a channel broker registers buyers"):
            self._register(self.consultant_a, name="Consultant Buyer")
        # no biometric or photo field is collected
        fields = Registration._fields
        self.assertFalse(
            [n for n, f in fields.items() if f.type == "binary" or "face" in n or "photo" in n]
        )

    def test_visit_protects_then_contract_pays_commission(self):
        registration = self._register(self.agent_x)
        buyer = self.env["res.partner"].create({"name": "Wang Lei", "phone": "13800001234"})
        lead = self._buyer_lead(user=False, partner_id=buyer.id, phone="13800001234")
        visit_day = datetime.now() - timedelta(days=1)
        self.env["crm.re.visit"].with_user(self.consultant_a).create(
            {
                "lead_id": lead.id,
                "user_id": self.consultant_a.id,
                "date": visit_day,
                "channel": "broker",
                "broker_id": self.broker_x.id,
            }
        )
        self.assertEqual(registration.state, "protected")
        self.assertEqual(registration.lead_id, lead)
        self.assertEqual(registration.protected_until, visit_day.date() + timedelta(days=90))
        self.assertEqual(
            (lead.re_owner_channel, lead.re_owner_broker_id), ("broker", self.broker_x)
        )
        self.assertIn("broker_registration", lead.re_ruling_ids.mapped("rule"))
        # the contract owes the broker their commission
        reservation = (
            self.env["crm.re.reservation"]
            .with_user(self.consultant_a)
            .create({"unit_id": self.units[0].id, "lead_id": lead.id, "deposit_amount": 100000})
        )
        reservation.with_user(self.re_finance).deposit_paid_date = date.today()
        reservation.with_user(self.consultant_a).action_subscribe()
        reservation.with_user(self.consultant_a).action_contract()
        commission = registration.commission_ids
        self.assertEqual((commission.broker_id, commission.rate), (self.broker_x, 2.0))
        self.assertAlmostEqual(commission.amount, reservation.price * 0.02, places=2)
        self.assertEqual(registration.state, "contracted")
        with self.assertRefused(AccessError, "Only finance pays broker commissions"):
            commission.with_user(self.channel_manager).action_pay()
        commission.with_user(self.re_finance).action_pay()
        self.assertEqual(commission.state, "paid")

    def test_registration_joins_erasure_of_the_buyer(self):
        registration = self._register(self.agent_x, name="Zhao Minghui")
        buyer = self.env["res.partner"].create({"name": "Zhao Minghui", "phone": "13800001234"})
        lead = self._buyer_lead(user=False, partner_id=buyer.id, phone="13800001234")
        self.env["crm.re.visit"].with_user(self.consultant_a).create(
            {
                "lead_id": lead.id,
                "user_id": self.consultant_a.id,
                "date": datetime.now(),
                "channel": "broker",
                "broker_id": self.broker_x.id,
            }
        )
        self.assertEqual(registration.lead_id, lead)
        data = buyer._crm_privacy_collect()
        self.assertIn("crm.re.broker.registration", data["records"])
        buyer._crm_privacy_erase()
        self.assertNotIn("Zhao", registration.buyer_name)
        self.assertEqual(registration.phone_masked, "100****0000")
        self.assertEqual(registration.broker_id, self.broker_x, "the channel fact is kept")

    def test_unvisited_registration_expires(self):
        registration = self._register(self.agent_x)
        Registration = self.env["crm.re.broker.registration"]
        Registration._cron_expire(today=date.today() + timedelta(days=30))
        self.assertEqual(registration.state, "registered")
        Registration._cron_expire(today=date.today() + timedelta(days=91))
        self.assertEqual(registration.state, "expired")
        # once expired, another broker may register the buyer
        self.assertEqual(self._register(self.agent_y).broker_id, self.broker_y)


@tagged("post_install", "-at_install")
class TestBrokerPortal(HttpCase, BrokerCommon):
    def test_portal_page_and_json_route(self):
        self.authenticate("re_agent_x", "re_agent_x_pw")
        page = self.url_open("/my/re/registrations")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Register a buyer", page.text)
        response = self.url_open(
            "/my/re/registrations/new",
            data={
                "csrf_token": http_csrf(self),
                "project_id": self.project.id,
                "buyer_name": "Portal Buyer",
                "phone_prefix": "136",
                "phone_suffix": "4321",
            },
        )
        self.assertIn("136****4321", response.text)
        self.assertIn("is registered", response.text)
        result = self.make_jsonrpc_request(
            "/re/api/registrations",
            {
                "project_id": self.project.id,
                "buyer_name": "Portal Buyer",
                "phone_prefix": "136",
                "phone_suffix": "4321",
            },
        )
        self.assertFalse(result["ok"])
        self.assertIn("already registered", result["error"])
        result = self.make_jsonrpc_request(
            "/re/api/registrations",
            {
                "project_id": self.project.id,
                "buyer_name": "Api Buyer",
                "phone_prefix": "135",
                "phone_suffix": "0000",
            },
        )
        self.assertTrue(result["ok"])
        self.assertEqual(result["phone"], "135****0000")
        names = [r["buyer_name"] for r in self.make_jsonrpc_request("/re/api/registrations/list")]
        self.assertEqual(sorted(names), ["Api Buyer", "Portal Buyer"])
        # the other broker sees none of them
        self.authenticate("re_agent_y", "re_agent_y_pw")
        self.assertEqual(self.make_jsonrpc_request("/re/api/registrations/list"), [])
        self.assertNotIn("Portal Buyer", self.url_open("/my/re/registrations").text)


def http_csrf(case):
    """The CSRF token of the case's session, as a form would post it."""
    page = case.url_open("/my/re/registrations").text
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]
