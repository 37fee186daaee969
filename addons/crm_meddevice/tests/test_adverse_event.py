# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MedDeviceCommon

# (country, seriousness, remedial action, awareness date, expected deadline)
DEADLINE_CASES = [
    ("us", "malfunction", False, date(2026, 3, 2), date(2026, 4, 1)),  # 30 calendar days
    ("us", "death", False, date(2026, 3, 2), date(2026, 4, 1)),
    ("us", "malfunction", True, date(2026, 3, 5), date(2026, 3, 12)),  # Thu + 5 work days
    ("us", "serious_injury", True, date(2026, 3, 6), date(2026, 3, 13)),  # Fri + 5 work days
    ("us", "serious_injury", True, date(2026, 3, 7), date(2026, 3, 13)),  # Sat: from Monday
    # 21 CFR 803.3: work days skip federal holidays; Fri 2026-11-20 + 5 skips Thanksgiving
    ("us", "malfunction", True, date(2026, 11, 20), date(2026, 11, 30)),
    ("de", "public_health_threat", False, date(2026, 3, 2), date(2026, 3, 4)),  # 2 days
    ("de", "death", False, date(2026, 3, 2), date(2026, 3, 12)),  # 10 days
    ("de", "serious_deterioration", False, date(2026, 3, 2), date(2026, 3, 12)),  # 10 days
    ("de", "serious_injury", False, date(2026, 3, 2), date(2026, 3, 17)),  # 15 days
    ("cn", "death", False, date(2026, 3, 2), date(2026, 3, 9)),  # 7 days
    ("cn", "serious_injury", False, date(2026, 3, 2), date(2026, 3, 22)),  # 20 days
]


@tagged("post_install", "-at_install")
class TestAdverseEvent(MedDeviceCommon):
    def _event(self, country, event_class="serious_injury", remedial=False, aware=None, user=None):
        Event = self.env["crm.med.adverse.event"].with_user(user or self.user_reg_manager)
        return Event.create(
            {
                "product_tmpl_id": self.pump.id,
                "country_id": country.id,
                "event_class": event_class,
                "remedial_action": remedial,
                "awareness_date": aware or date(2026, 3, 2),
                "description": "<p>Alarm failure</p>",
            }
        )

    def test_deadline_table(self):
        for code, event_class, remedial, aware, expected in DEADLINE_CASES:
            with self.subTest(country=code, event=event_class, remedial=remedial, aware=aware):
                event = self._event(self.env.ref(f"base.{code}"), event_class, remedial, aware)
                self.assertEqual(event.report_deadline, expected)
                self.assertTrue(event.rule_id)

    def test_rules_are_data(self):
        rule = self.env.ref("crm_meddevice.rule_nmpa_death")
        rule.with_user(self.user_reg_manager).days = 5
        event = self._event(self.cn, "death")
        self.assertEqual(event.report_deadline, date(2026, 3, 7))
        with self.assertRaises(AccessError):
            rule.with_user(self.user_reg_cn).days = 3

    def test_submitted_report_is_frozen(self):
        event = self._event(self.cn)
        self.assertTrue(event.name.startswith("AE/"))
        event.action_submit()
        self.assertEqual(event.state, "submitted")
        self.assertTrue(event.deadline_met or event.submitted_date > event.report_deadline)
        with self.assertRaisesRegex(UserError, "frozen"):
            event.description = "<p>Rewritten</p>"
        with self.assertRaisesRegex(UserError, "already submitted"):
            event.action_submit()
        action = event.action_create_followup()
        followup = self.env["crm.med.adverse.event"].browse(action["res_id"])
        self.assertEqual(followup.parent_id, event)
        self.assertEqual(followup.state, "draft")
        followup.with_user(self.user_reg_manager).description = "<p>Root cause found</p>"
        self.assertEqual(event.followup_ids, followup)

    def test_rights_and_country_scope(self):
        # a salesperson in the field may report an event but not submit or edit it
        event = self._event(self.cn, user=self.user_salesman)
        with self.assertRaises(AccessError):
            event.action_submit()
        us_event = self._event(self.us)
        seen = (
            self.env["crm.med.adverse.event"]
            .with_user(self.user_reg_cn)
            .search([("id", "in", (event | us_event).ids)])
        )
        self.assertEqual(seen, event)

    def test_overdue_alert_once(self):
        event = self._event(self.cn, "death", aware=date(2026, 3, 2))
        Event = self.env["crm.med.adverse.event"]
        self.assertFalse(Event._cron_alert_overdue(date(2026, 3, 8)) & event)
        Event._cron_alert_overdue(date(2026, 3, 9))
        self.assertEqual(len(event.activity_ids), 1)
        Event._cron_alert_overdue(date(2026, 3, 10))
        self.assertEqual(len(event.activity_ids), 1)

    def test_reporter_erasure_keeps_the_report(self):
        """A data-subject erasure anonymizes the reporter everywhere but keeps
        the vigilance report the law requires, without the reporter's name."""
        reporter = self.env["res.partner"].create(
            {"name": "Dr. Reporter Erasable", "email": "reporter.erasable@example.com"}
        )
        event = self._event(self.cn, "death")
        event.write(
            {
                "reporter_id": reporter.id,
                "description": "<p>Reported by Dr. Reporter Erasable by phone</p>",
            }
        )
        data = reporter._crm_privacy_collect()
        self.assertEqual(len(data["records"]["crm.med.adverse.event"]), 1)
        reporter._crm_privacy_erase()
        self.assertTrue(event.exists())
        self.assertEqual(event.reporter_id, reporter)
        self.assertNotIn("Erasable", reporter.name)
        self.assertNotIn("Erasable", event.description)
        self.assertEqual(event.report_deadline, date(2026, 3, 9), "the report keeps its clock")

    def test_nmpa_work_days_follow_chinese_holidays(self):
        """A rule counted in NMPA work days skips the Chinese public holidays and
        counts the make-up working days (调休) of the State Council's notice."""
        rule = self.env.ref("crm_meddevice.rule_nmpa_death")
        rule.with_user(self.user_reg_manager).write({"day_type": "work", "days": 1})
        # National Day 2026-10-01..07: the next work day after 09-30 is 10-08
        self.assertEqual(
            self._event(self.cn, "death", aware=date(2026, 9, 30)).report_deadline,
            date(2026, 10, 8),
        )
        # Saturday 2026-02-14 is a make-up working day before the Spring Festival
        self.assertEqual(
            self._event(self.cn, "death", aware=date(2026, 2, 13)).report_deadline,
            date(2026, 2, 14),
        )
        # Sunday 2026-09-20 is worked: Saturday 09-19 + 1 work day is that Sunday
        self.assertEqual(
            self._event(self.cn, "death", aware=date(2026, 9, 19)).report_deadline,
            date(2026, 9, 20),
        )
