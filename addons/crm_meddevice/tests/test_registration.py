# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestRegistration(MedDeviceCommon):
    def test_validity_from_type(self):
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, state="draft")
        # NMPA: valid 5 years, renewal filed at least 6 months before expiry
        self.assertEqual(reg.expiry_date, date(2030, 12, 31))
        self.assertEqual(reg.renewal_deadline, date(2030, 6, 30))
        clearance = self._registration(self.pump, self.us, self.fda_510k, state="draft")
        self.assertFalse(clearance.expiry_date, "a 510(k) does not expire")
        self.assertFalse(clearance.renewal_deadline)

    def test_bad_input_refused(self):
        Registration = self.env["crm.med.registration"].with_user(self.user_reg_manager)
        with self.assertRaisesRegex(ValidationError, "expiry date cannot be before"):
            Registration.create(
                {
                    "number": "X1",
                    "product_tmpl_id": self.pump.id,
                    "country_id": self.cn.id,
                    "type_id": self.nmpa_cert.id,
                    "issue_date": date(2026, 1, 1),
                    "expiry_date": date(2025, 1, 1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "does not cover"):
            Registration.create(
                {
                    "number": "X2",
                    "product_tmpl_id": self.pump.id,
                    "country_id": self.us.id,
                    "type_id": self.nmpa_cert.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "alert horizons"):
            self.nmpa_cert.with_user(self.user_reg_manager).alert_days = "90,soon"

    def test_state_flow_and_refusals(self):
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, state="draft", issue=False)
        reg = reg.with_user(self.user_reg_cn)
        reg.action_submit()
        with self.assertRaisesRegex(ValidationError, "issue date"):
            reg.action_activate()
        reg.issue_date = date(2026, 1, 1)
        reg.action_activate()
        self.assertEqual(reg.state, "active")
        with self.assertRaisesRegex(ValidationError, "cannot become"):
            reg.action_submit()
        reg.action_suspend()
        self.assertEqual(reg.state, "suspended")

    def test_expiry_job_alerts_once_per_horizon(self):
        reg = self._registration(self.pump, self.cn, self.nmpa_cert)
        Registration = self.env["crm.med.registration"]
        # NMPA horizons: 180, 90, 30 days before the renewal deadline (2030-06-30)
        self.assertFalse(Registration._cron_check_expiry(date(2029, 12, 1)) & reg)
        Registration._cron_check_expiry(date(2030, 1, 2))
        self.assertEqual(reg.state, "expiring")
        self.assertEqual(len(reg.activity_ids), 1)
        Registration._cron_check_expiry(date(2030, 1, 3))
        self.assertEqual(len(reg.activity_ids), 1, "the same horizon alerts once")
        Registration._cron_check_expiry(date(2030, 4, 1))
        self.assertEqual(len(reg.activity_ids), 2)
        Registration._cron_check_expiry(date(2031, 1, 1))
        self.assertEqual(reg.state, "expired")

    def test_expiry_job_reads_only_due_rows(self):
        """200,000 registrations not due: the job's queries do not grow."""
        reg = self._registration(self.pump, self.cn, self.nmpa_cert)
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO crm_med_registration
                   (number, product_tmpl_id, country_id, type_id, company_id, state,
                    issue_date, expiry_date, renewal_deadline, next_alert_date)
            SELECT 'BULK-' || g, %(product)s, %(country)s, %(type)s, %(company)s, 'active',
                   DATE '2026-01-01', DATE '2035-12-31', DATE '2035-06-30', DATE '2034-12-31'
              FROM generate_series(1, 200000) g
            """,
            {
                "product": self.monitor.id,
                "country": self.cn.id,
                "type": self.nmpa_cert.id,
                "company": self.env.company.id,
            },
        )
        self.env.cr.execute("ANALYZE crm_med_registration")
        Registration = self.env["crm.med.registration"]
        # the to-do is assigned to a person (not OdooBot), who is notified of it
        with self.assertQueryCount(__system__=75):
            due = Registration._cron_check_expiry(date(2030, 1, 2))
        self.assertIn(reg, due)
        self.assertFalse(due.filtered(lambda r: r.number.startswith("BULK-")))
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM crm_med_registration WHERE state IN ('active', 'expiring') "
            "AND next_alert_date IS NOT NULL AND next_alert_date <= '2030-01-02'"
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("crm_med_registration_due_idx", plan)

    def test_country_scope_and_rights(self):
        cn_reg = self._registration(self.pump, self.cn, self.nmpa_cert)
        us_reg = self._registration(self.pump, self.us, self.fda_510k)
        Registration = self.env["crm.med.registration"]
        seen = Registration.with_user(self.user_reg_cn).search(
            [("id", "in", (cn_reg | us_reg).ids)]
        )
        self.assertEqual(seen, cn_reg)
        with self.assertRaises(AccessError):
            us_reg.with_user(self.user_reg_cn).read(["number"])
        seen = Registration.with_user(self.user_reg_manager).search(
            [("id", "in", (cn_reg | us_reg).ids)]
        )
        self.assertEqual(seen, cn_reg | us_reg)
        with self.assertRaises(AccessError):
            Registration.with_user(self.user_salesman).create(
                {
                    "number": "S1",
                    "product_tmpl_id": self.pump.id,
                    "country_id": self.cn.id,
                    "type_id": self.nmpa_cert.id,
                }
            )
        with self.assertRaises(AccessError):
            self.nmpa_cert.with_user(self.user_reg_cn).validity_years = 10
        with self.assertRaises(AccessError):
            cn_reg.with_user(self.user_reg_cn).unlink()

    def test_other_company_invisible(self):
        other = self.env["res.company"].create({"name": "MD Other Co"})
        theirs = self._registration(self.pump, self.cn, self.nmpa_cert, company_id=other.id)
        mine = self._registration(self.monitor, self.cn, self.nmpa_cert)
        seen = (
            self.env["crm.med.registration"]
            .with_user(self.user_reg_cn)
            .search([("id", "in", (theirs | mine).ids)])
        )
        self.assertEqual(seen, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_reg_cn).write({"number": "hijack"})

    def test_renewal_overdue_flagged_and_alerted(self):
        """Past its renewal deadline (2030-06-30) a certificate still valid is
        flagged as such, and its owner is told, once."""
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, user_id=self.user_reg_cn.id)
        Registration = self.env["crm.med.registration"]
        Registration._cron_check_expiry(date(2030, 4, 1))
        self.assertFalse(reg.renewal_overdue)
        self.assertEqual(reg.state, "expiring")
        alerts = len(reg.activity_ids)
        self.assertIn(reg, Registration._cron_check_expiry(date(2030, 7, 1)))
        self.assertTrue(reg.renewal_overdue)
        self.assertEqual(reg.state, "expiring", "still valid until it expires")
        self.assertEqual(len(reg.activity_ids), alerts + 1)
        overdue = reg.activity_ids.sorted("id")[-1]
        self.assertEqual(overdue.user_id, self.user_reg_cn)
        self.assertIn("overdue", overdue.summary)
        self.assertNotIn(reg, Registration._cron_check_expiry(date(2030, 7, 2)))
        self.assertEqual(len(reg.activity_ids), alerts + 1, "flagged once")
        self.assertIn(
            reg,
            Registration.with_user(self.user_reg_cn).search([("renewal_overdue", "=", True)]),
        )
        Registration._cron_check_expiry(date(2031, 1, 1))
        self.assertEqual(reg.state, "expired")
        self.assertFalse(reg.renewal_overdue)

    def test_alerts_go_to_a_person_never_odoobot(self):
        """A registration owned by OdooBot (created by a job or the demo) alerts
        the regulatory manager; an adverse report created by a job as well."""
        odoobot = self.env.ref("base.user_root")
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, user_id=odoobot.id)
        self.env["crm.med.registration"]._cron_check_expiry(date(2030, 7, 1))
        self.assertTrue(reg.activity_ids)
        for activity in reg.activity_ids:
            self.assertNotEqual(activity.user_id, odoobot)
            self.assertFalse(activity.user_id._is_superuser())
            self.assertTrue(activity.user_id.has_group("crm_meddevice.group_med_manager"))
        event = self.env["crm.med.adverse.event"].create(
            {
                "product_tmpl_id": self.pump.id,
                "country_id": self.cn.id,
                "event_class": "death",
                "awareness_date": date(2026, 3, 2),
                "description": "<p>Alarm failure</p>",
            }
        )
        self.assertEqual(event.create_uid, odoobot)
        self.env["crm.med.adverse.event"]._cron_alert_overdue(date(2026, 4, 1))
        self.assertTrue(event.activity_ids)
        self.assertNotEqual(event.activity_ids.user_id, odoobot)
        self.assertTrue(event.activity_ids.user_id.has_group("crm_meddevice.group_med_manager"))

    def test_alert_in_the_owner_language(self):
        """The job writes the renewal to-do in its recipient's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.user_reg_cn.lang = "zh_CN"
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, user_id=self.user_reg_cn.id)
        self.env["crm.med.registration"].with_context(lang="en_US")._cron_check_expiry(
            date(2030, 1, 2)
        )
        self.assertEqual(reg.activity_ids.summary, f"提交 {reg.number} 的续展申请")
        self.assertRegex(reg.activity_ids.note, r"2030[-/年]0?6[-/月]30")
