# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestPrivacy(CrmCustomCommon):
    """Masking, reveal, consent, data-subject requests, erasure, retention."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesman.group_ids = [Command.link(cls.env.ref("base.group_partner_manager").id)]
        cls.user_clear = mail_new_test_user(
            cls.env,
            login="pv_clear",
            groups="sales_team.group_sale_salesman_all_leads,"
            "crm_custom_core.group_crm_personal_data",
        )
        cls.user_compliance = mail_new_test_user(
            cls.env, login="pv_compliance", groups="crm_custom_core.group_crm_compliance"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Li Lei",
                "phone": "13812345678",
                "email": "li.lei@example.com",
                "street": "88 Century Avenue",
                "id_number": "110101199003071234",
                "user_id": cls.user_salesman.id,
            }
        )
        cls.lead = cls._create_lead(
            name="Li Lei villa", phone="13812345678", partner_id=cls.customer.id
        )

    # ------------------------------------------------------------
    # MASKING
    # ------------------------------------------------------------

    def test_masked_in_every_read_path(self):
        partner = self.customer.with_user(self.user_salesman)
        expected = {
            "phone": "138****5678",
            "email": "l***@example.com",
            "street": "88 C****",
            "id_number": "110***********1234",
        }
        names = list(expected)
        self.assertEqual({k: v for k, v in partner.read(names)[0].items() if k in names}, expected)
        row = partner.search_read([("id", "=", partner.id)], names)[0]
        self.assertEqual(row["phone"], "138****5678")
        web = partner.web_read({name: {} for name in names})[0]
        self.assertEqual(web["id_number"], "110***********1234")
        self.user_salesman.group_ids = [Command.link(self.env.ref("base.group_allow_export").id)]
        exported = partner.export_data(["name", "phone", "email"])["datas"]
        self.assertEqual(exported, [["Li Lei", "138****5678", "l***@example.com"]])
        # through a relation too: the lead's customer's phone
        lead_rows = self.lead.with_user(self.user_salesman).export_data(
            ["phone", "partner_id/phone"]
        )
        self.assertEqual(lead_rows["datas"], [["138****5678", "138****5678"]])
        # the export was logged
        event = self.env["crm.audit.event"].search(
            [("action", "=", "export"), ("user_id", "=", self.user_salesman.id)]
        )
        self.assertTrue(event)
        self.assertIn("phone", event[0].field_names)
        # the right to personal data shows them in clear
        clear = self.customer.with_user(self.user_clear).read(["phone"])[0]
        self.assertEqual(clear["phone"], "13812345678")

    def test_search_does_not_reveal(self):
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        self.assertFalse(Partner.search([("phone", "ilike", "1234")]))
        self.assertFalse(Partner.search([("email", "=like", "li.%")]))
        # the full value finds the record: nothing is learnt
        self.assertEqual(Partner.search([("phone", "=", "13812345678")]), self.customer)
        # searching by name keeps working although the name filter also looks at e-mails
        self.assertIn(self.customer, Partner.search([("name", "ilike", "Li Lei")]))
        self.assertIn(
            self.customer,
            Partner.search(["|", ("name", "ilike", "Li Lei"), ("email", "ilike", "li")]),
        )
        cleared = self.env["res.partner"].with_user(self.user_clear)
        self.assertIn(self.customer, cleared.search([("phone", "ilike", "1234")]))

    def test_saving_a_masked_form_keeps_the_value(self):
        partner = self.customer.with_user(self.user_salesman)
        partner.write({"phone": "138****5678", "function": "Buyer"})
        self.assertEqual(self.customer.phone, "13812345678")
        self.assertEqual(self.customer.function, "Buyer")
        partner.write({"phone": "13900000000"})
        self.assertEqual(self.customer.phone, "13900000000")

    def test_reveal_is_logged(self):
        action = self.customer.with_user(self.user_salesman).action_reveal_personal_data()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_salesman)
            .with_context(**action["context"])
            .create({})
        )
        wizard.personal_field_id = self.env.ref("crm_custom_core.personal_field_partner_phone")
        wizard.action_reveal()
        self.assertEqual(wizard.value, "13812345678")
        event = self.env["crm.audit.event"].search([("action", "=", "reveal")], limit=1)
        self.assertEqual(
            (event.user_id, event.partner_id, event.field_names),
            (self.user_salesman, self.customer, "phone"),
        )
        # a record the user may not read cannot be revealed
        other = self.env["res.partner"].create({"name": "Hidden", "user_id": self.user_leader.id})
        with self.assertRaises(AccessError):
            other.with_user(self.user_salesman).action_reveal_personal_data()

    def test_masking_costs_no_query(self):
        partners = self.env["res.partner"].create(
            [
                {"name": f"P{i}", "phone": f"1380000{i:04d}", "user_id": self.user_salesman.id}
                for i in range(50)
            ]
        )
        counts = {}
        for user in (self.user_clear, self.user_salesman):
            records = partners.with_user(user)
            records.read(["phone"])  # warm caches
            records.invalidate_recordset()
            before = self.cr.sql_log_count
            records.read(["phone", "email", "street"])
            counts[user] = self.cr.sql_log_count - before
        self.assertLessEqual(counts[self.user_salesman], counts[self.user_clear] + 1)

    # ------------------------------------------------------------
    # CONSENT
    # ------------------------------------------------------------

    def test_consent_helper_and_withdrawal(self):
        partner = self.customer.with_user(self.user_salesman)
        with self.assertRefused(UserError, "No valid consent for .SMS. from: Li Lei"):
            partner._crm_check_consent("sms")
        consent = (
            self.env["crm.consent"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "purpose_id": self.env.ref("crm_custom_core.consent_purpose_sms").id,
                    "channel": "web",
                    "policy_version": "2026-01",
                    "evidence": "Web form #42",
                }
            )
        )
        self.assertTrue(partner._crm_check_consent("sms"))
        self.assertEqual(self.customer.consent_count, 1)
        consent.action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.date_withdrawn)
        with self.assertRefused(UserError, "No valid consent"):
            partner._crm_check_consent("sms")
        with self.assertRaises(ValidationError):
            consent.write({"state": "granted"})
        self.assertTrue(self.env["crm.audit.event"].search([("action", "=", "consent_withdrawal")]))

    # ------------------------------------------------------------
    # DATA-SUBJECT REQUESTS
    # ------------------------------------------------------------

    def _request(self, request_type, **vals):
        return (
            self.env["crm.data.request"]
            .with_user(self.user_compliance)
            .create({"partner_id": self.customer.id, "request_type": request_type, **vals})
        )

    def test_deadlines_follow_the_regime(self):
        monday = date(2026, 3, 2)
        pipl = self._request(
            "access",
            date_received=monday,
            regime_id=self.env.ref("crm_custom_core.privacy_regime_pipl").id,
        )
        self.assertEqual(pipl.deadline, date(2026, 3, 23), "15 working days after receipt")
        ccpa = self._request(
            "access",
            date_received=monday,
            regime_id=self.env.ref("crm_custom_core.privacy_regime_ccpa").id,
        )
        self.assertEqual(ccpa.deadline, monday + relativedelta(days=45))
        self.assertEqual(ccpa.confirm_deadline, monday + relativedelta(days=10))
        self.assertTrue(ccpa.name.startswith("DSR/"))
        self.assertIn(ccpa, ccpa.search([("is_overdue", "=", True)]))
        # the regime is data: an administrator corrects it
        self.env.ref("crm_custom_core.privacy_regime_ccpa").response_days = 30
        self.assertEqual(ccpa.deadline, monday + relativedelta(days=30))

    def test_export_gathers_everything_in_one_file(self):
        self.customer.message_post(body="Please call me back", author_id=self.customer.id)
        request = self._request("access")
        request.action_export()
        data = json.loads(request.export_attachment_id.raw)
        self.assertEqual(data["subject"], "Li Lei")
        self.assertEqual(data["records"]["res.partner"][0]["phone"], "13812345678")
        self.assertEqual(data["records"]["crm.lead"][0]["name"], "Li Lei villa")
        self.assertIn("crm.data.request", data["records"])
        self.assertTrue(
            any(ref["model"] == "crm.lead" for ref in data["references"]),
            "Odoo's privacy lookup contributes the references",
        )
        event = self.env["crm.audit.event"].search([("action", "=", "dsr_export")])
        self.assertEqual(event.partner_id, self.customer)
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman).action_export()

    def test_erasure_leaves_no_trace_in_the_database(self):
        name, email, phone = "Wang Xiaoming Erasable", "wang.erasable@example.com", "13988887777"
        person = self.env["res.partner"].create(
            {
                "name": name,
                "email": email,
                "phone": phone,
                "street": "1 Erasable Road",
                "id_number": "310101198001019999",
                "user_id": self.user_salesman.id,
            }
        )
        lead = self._create_lead(
            name=f"{name} - apartment",
            partner_id=person.id,
            contact_name=name,
            email_from=email,
            phone=phone,
        )
        tracked = lead.with_context(tracking_disable=False, mail_notrack=False)
        tracked.write({"email_from": f"x{email}", "phone": f"0{phone}"})
        self.env.cr.precommit.run()  # tracking values keep the old ones
        tracked.write({"email_from": email, "phone": phone})
        person.message_post(body=f"My number is {phone}", author_id=person.id)
        lead.message_post(body=f"Called {name} on {phone}")
        self.env["crm.consent"].create(
            {
                "partner_id": person.id,
                "purpose_id": self.env.ref("crm_custom_core.consent_purpose_sms").id,
                "policy_version": "v1",
                "evidence": f"Signed by {name}",
            }
        )
        request = self._request(
            "erasure", partner_id=person.id, requester_name=name, requester_email=email
        )
        # stored copies outside the records: an activity's res_name, a
        # transient wizard's reason
        lead.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back", user_id=self.user_salesman.id
        )
        self.env["crm.lead.stage.force"].create(
            {"lead_ids": lead.ids, "stage_id": self.stages[1].id, "reason": f"{name} insisted"}
        )
        request.action_export()
        self.env.cr.precommit.run()
        before = self._tables_containing([name, email, phone])
        for where in (
            "res_partner.email",
            "crm_lead.contact_name",
            "mail_message.body",
            "mail_tracking_value.old_value_char",
            "auditlog_log_line.new_value",
            "crm_consent.evidence",
            "crm_data_request.requester_email",
            "mail_activity.res_name",
            "crm_lead_stage_force.reason",
        ):
            self.assertIn(where, before, "the scan sees the data it must see erased")

        with self.assertRaises(UserError):
            request.action_confirm_erasure()  # not prepared
        request.action_request_erasure()
        with self.assertRaises(AccessError):
            request.with_user(self.user_salesman).action_confirm_erasure()
        request.action_confirm_erasure()
        self.env.cr.precommit.run()
        self.env.flush_all()

        self.assertEqual(request.state, "done")
        self.assertTrue(person.privacy_anonymized)
        self.assertEqual(lead.expected_revenue, lead.expected_revenue, "statistics kept")
        self.assertTrue(lead.exists() and lead.team_id == self.team)
        found = self._tables_containing([name, email, phone, "Erasable"])
        self.assertFalse(found, f"personal data left in: {found}")
        with self.assertRaises(UserError):
            request.action_confirm_erasure()  # cannot be run again, nor undone

    def _tables_containing(self, needles):
        """Every (table, column) of the database holding one of ``needles``."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT c.table_name, c.column_name
              FROM information_schema.columns c
              JOIN information_schema.tables t
                ON t.table_name = c.table_name AND t.table_schema = c.table_schema
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
               AND c.data_type IN ('character varying', 'text', 'jsonb', 'character')
            """
        )
        patterns = [f"%{needle}%" for needle in needles]
        found = []
        for table, column in cr.fetchall():
            cr.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE ANY(%s) LIMIT 1',
                [patterns],
            )
            if cr.fetchone():
                found.append(f"{table}.{column}")
        return found

    def test_retention_rule_anonymizes_old_lost_leads(self):
        rule = self.env.ref("crm_custom_core.retention_rule_lost")
        rule.active = True
        old = self._create_lead(name="Old lost Li Lei", contact_name="Li Lei Old")
        recent = self._create_lead(name="Recent lost", contact_name="Zhao Recent")
        (old | recent).action_set_lost()
        now = datetime(2026, 11, 1)
        old.date_closed = now - relativedelta(months=40)
        recent.date_closed = now - relativedelta(months=2)
        self.env["crm.retention.rule"]._cron_apply(now=now)
        self.assertTrue(old.privacy_anonymized)
        self.assertFalse(old.contact_name)
        self.assertFalse(recent.privacy_anonymized)
        self.assertEqual(recent.contact_name, "Zhao Recent")
        self.assertEqual(rule.last_count, 1)
        self.assertTrue(self.env["crm.audit.event"].search([("action", "=", "retention")]))
