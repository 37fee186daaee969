# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo.tests import freeze_time, tagged

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestLocale(CrmCustomCommon):
    """Jobs write to each person in their language, times in the record's
    timezone said so; Chinese weeks start on Monday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        # the salesman and the leader read Chinese, the team works in Shanghai
        (cls.user_salesman | cls.user_leader).write({"lang": "zh_CN"})
        calendar = cls.env["resource.calendar"].create(
            {"name": "Shanghai", "tz": "Asia/Shanghai", "company_id": False}
        )
        cls.team.resource_calendar_id = calendar

    def test_zh_cn_week_starts_on_monday(self):
        lang = self.env["res.lang"]._lang_get("zh_CN")
        self.assertEqual(lang.week_start, "1")
        self.assertEqual(lang.date_format, "%Y-%m-%d")
        # an upgrade of base writes Odoo's defaults back: fixed again
        lang._load_records_write({"week_start": "7", "date_format": "%Y/%m/%d"})
        self.assertEqual(lang.week_start, "1")
        self.assertEqual(lang.date_format, "%Y-%m-%d")
        # loaded after this module: fixed when activated
        self.env.cr.execute(
            "UPDATE res_lang SET active = FALSE, week_start = '7' WHERE id = %s", [lang.id]
        )
        self.env.invalidate_all()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(lang.week_start, "1")

    def test_escalation_in_each_readers_language_and_team_timezone(self):
        start = datetime(2026, 3, 2, 1, 0)  # 09:00 in Shanghai
        lead = self._create_lead(phone="1", stage_id=self.stages[2].id)
        lead.date_last_stage_update = start
        with freeze_time(start + timedelta(hours=121)):
            self.env["crm.lead"].with_context(lang="en_US")._cron_escalate_overdue_stages()
        activity = lead.activity_ids.filtered(lambda a: a.user_id == self.user_salesman)
        self.assertTrue(activity.summary.startswith("在阶段"), activity.summary)
        note = lead.message_ids[0]
        self.assertIn(self.user_leader.partner_id, note.partner_ids)
        self.assertIn("超出时限标准", note.body)
        # due 120 hours after 09:00 Shanghai time: 2026-03-07 09:00 there, named
        self.assertIn("2026-03-07 09:00 (Asia/Shanghai)", note.body)

    def test_receivable_alert_in_salesperson_language(self):
        lead = self._create_lead(phone="1", expected_revenue=1000, stage_id=self.stages[5].id)
        line = self.env["crm.receivable.line"].create(
            {"lead_id": lead.id, "name": "Deposit", "due_date": "2026-03-01", "amount": 600}
        )
        self.env["crm.receivable.line"].with_context(lang="en_US")._cron_alert_overdue(
            datetime(2026, 3, 20).date()
        )
        activity = lead.activity_ids.filtered(lambda a: "Deposit" in (a.summary or ""))
        self.assertTrue(activity.summary.startswith("逾期回款"), activity.summary)
        self.assertIn("2026-03-01", activity.summary)
        self.assertIn(line.currency_id.symbol, activity.summary)

    def test_demo_company_amounts_in_cny(self):
        """The demo (a Chinese business) puts the main company in CNY, unless
        accounting entries already fix its currency."""
        company = self.env.ref("base.main_company")
        cny = self.env.ref("base.CNY")
        has_entries = "account.move.line" in self.env and self.env[
            "account.move.line"
        ].sudo().search_count([("company_id", "=", company.id)], limit=1)
        changed = self.env["res.company"]._crm_demo_use_currency("CNY")
        if has_entries and company.currency_id != cny:
            self.assertFalse(changed)
        else:
            self.assertEqual(company.currency_id, cny)
            lead = self._create_lead(expected_revenue=12345)
            self.assertEqual(lead.company_currency, cny)
