# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import RealEstateCommon


@tagged("post_install", "-at_install")
class TestBuyer(RealEstateCommon):
    def test_gates_follow_the_residential_process(self):
        lead = self._buyer_lead().with_user(self.consultant_a)
        lead.stage_id = self.re_stages[1]  # first contact has the phone
        with self.assertRefused(ValidationError, "Budget To.*Funding.*Purpose"):
            lead.stage_id = self.re_stages[2]
        lead.write({"re_budget_max": 9000000, "re_funding": "mortgage", "re_purpose": "residence"})
        lead.stage_id = self.re_stages[2]
        with self.assertRefused(ValidationError, "Last Viewing"):
            lead.stage_id = self.re_stages[3]

    def test_viewing_on_calendar_and_done(self):
        lead = self._buyer_lead()
        viewing = (
            self.env["crm.re.viewing"]
            .with_user(self.consultant_a)
            .create(
                {
                    "lead_id": lead.id,
                    "unit_ids": [(6, 0, self.units[:2].ids)],
                    "start": datetime(2026, 12, 5, 10, 0),
                }
            )
        )
        event = viewing.calendar_event_id
        self.assertEqual(event.opportunity_id, lead)
        self.assertIn(self.buyer, event.partner_ids)
        with self.assertRefused(UserError, "Interest Level"):
            viewing.action_done()
        viewing.write({"interest_level": "hot", "feedback": "Loves the view"})
        viewing.action_done()
        self.assertEqual(lead.re_last_viewing_date, datetime(2026, 12, 5, 10, 0))
        self.assertEqual(lead.re_interest_level, "hot")
        self.assertEqual(lead.re_viewing_count, 1)
        # another consultant does not see it
        self.assertFalse(
            self.env["crm.re.viewing"]
            .with_user(self.consultant_b)
            .search([("id", "=", viewing.id)])
        )

    def test_matching_ranks_with_reasons(self):
        lead = self._buyer_lead(
            re_budget_min=0,
            re_budget_max=self.units.sorted("list_price")[3].list_price,
            re_layout_ids=[(6, 0, self.layout_4br.ids)],
            re_area_min=200,
            re_area_max=230,
        )
        results = lead._re_match_units()
        self.assertTrue(results)
        best, _score, reasons = results[0]
        self.assertEqual(best.layout_id, self.layout_4br)
        self.assertIn("within budget", reasons)
        self.assertTrue(any("preferred layout" in reason for reason in reasons))
        self.assertEqual([r[1] for r in results], sorted((r[1] for r in results), reverse=True))
        # sold and held units are not offered
        best.with_user(self.consultant_b).action_hold()
        self.assertNotIn(best, [r[0] for r in lead._re_match_units()])
        action = lead.with_user(self.consultant_a).action_re_match_units()
        wizard = self.env["crm.re.unit.match"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids[0].sequence, 1)

    def test_balanced_assignment(self):
        self.office.re_balanced_assignment = True
        self._buyer_lead(user=self.consultant_a, name="existing A1")
        self._buyer_lead(user=self.consultant_a, name="existing A2")
        Lead = self.env["crm.lead"]
        new = Lead.create(
            [
                {"name": f"Web enquiry {i}", "type": "opportunity", "team_id": self.office.id}
                for i in range(4)
            ]
        )
        self.assertEqual(new[:2].mapped("user_id"), self.consultant_b, "B had fewer buyers")
        self.assertEqual(
            sorted(new[2:].mapped("user_id").ids),
            sorted((self.consultant_a | self.consultant_b).ids),
            "then one each: the load stays balanced",
        )
        preferred = Lead.create(
            {
                "name": "Asks for A",
                "team_id": self.office.id,
                "re_preferred_user_id": self.consultant_a.id,
            }
        )
        self.assertEqual(preferred.user_id, self.consultant_a)

    def test_checklist_and_cadence(self):
        lead = self._buyer_lead(re_interest_level="hot")
        self.assertEqual(len(lead.re_milestone_ids), 3)
        lead.date_last_followup = datetime(2026, 11, 1, 9, 0)
        self.assertEqual(lead.re_touch_due, datetime(2026, 11, 4, 9, 0))
        lead.re_interest_level = "warm"
        self.assertEqual(lead.re_touch_due, datetime(2026, 11, 8, 9, 0))
        Lead = self.env["crm.lead"]
        leads, _milestones = Lead._cron_re_nurture(datetime(2026, 11, 7))
        self.assertNotIn(lead, leads)
        leads, _milestones = Lead._cron_re_nurture(datetime(2026, 11, 9))
        self.assertIn(lead, leads)
        touch = lead.activity_ids.filtered(lambda a: "Touch base" in (a.summary or ""))
        self.assertEqual(touch.user_id, self.consultant_a)
        self.assertFalse(lead.re_touch_due, "reminded once")
        leads, _milestones = Lead._cron_re_nurture(datetime(2026, 11, 10))
        self.assertNotIn(lead, leads)
        # a new touch starts the clock again
        lead.date_last_followup = datetime(2026, 11, 10, 9, 0)
        self.assertEqual(lead.re_touch_due, datetime(2026, 11, 17, 9, 0))
        # milestones are reminded ahead of their date, once
        milestone = lead.re_milestone_ids[0]
        day = milestone.remind_date
        _leads, milestones = Lead._cron_re_nurture(datetime.combine(day, datetime.min.time()))
        self.assertIn(milestone, milestones)
        _leads, milestones = Lead._cron_re_nurture(datetime.combine(day, datetime.min.time()))
        self.assertNotIn(milestone, milestones)

    def test_nurturing_job_reads_only_due_buyers(self):
        """100,000 buyers not due: the job's query count does not depend on them."""
        lead = self._buyer_lead(re_interest_level="hot")
        lead.re_touch_due = datetime(2026, 1, 1)
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO crm_lead (name, type, active, re_touch_due, re_project_id, company_id)
            SELECT 'Bulk buyer ' || g, 'opportunity', TRUE,
                   TIMESTAMP '2030-01-01' + g * INTERVAL '1 minute', %s, %s
              FROM generate_series(1, 100000) g
            """,
            [self.project.id, self.env.company.id],
        )
        self.env.cr.execute("ANALYZE crm_lead")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM crm_lead WHERE re_touch_due IS NOT NULL "
            "AND re_touch_due <= '2026-06-01'"
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("crm_lead_re_touch_idx", plan)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=80):
            leads, _milestones = self.env["crm.lead"]._cron_re_nurture(datetime(2026, 6, 1))
        self.assertEqual(leads, lead)

    def test_consultant_dashboard(self):
        referrer = self.env["res.partner"].create({"name": "Referrer"})
        lead_1 = self._buyer_lead(re_referrer_id=referrer.id)
        lead_2 = self._buyer_lead(name="second")
        for lead in lead_1 | lead_2:
            viewing = self.env["crm.re.viewing"].create(
                {"lead_id": lead.id, "interest_level": "warm"}
            )
            viewing.action_done()
        reservation = self.env["crm.re.reservation"].create(
            {
                "unit_id": self.units[0].id,
                "lead_id": lead_1.id,
                "deposit_amount": 1000,
                "deposit_paid_date": fields.Date.today(),
            }
        )
        reservation.action_subscribe()
        reservation.action_contract()
        self.env.flush_all()
        row = self.env["crm.re.consultant.report"].search([("user_id", "=", self.consultant_a.id)])
        self.assertEqual(row.buyer_count, 2)
        self.assertEqual(row.referral_rate, 50.0)
        self.assertEqual(row.viewing_to_deposit, 50.0)
        self.assertEqual(row.contract_count, 1)
        self.assertEqual(row.avg_cycle_days, 0.0, "created and signed today")
        # a consultant sees only their own line
        other = self.env["crm.re.consultant.report"].with_user(self.consultant_b).search([])
        self.assertNotIn(self.consultant_a, other.mapped("user_id"))

    def test_deal_cycle_over_contracts(self):
        """Contracts at 0, 0 and 45 days from first contact: the deal cycle is
        15 days (over contracts), whoever the consultants; a consultant with
        buyers but no contract has no deal cycle and does not count as 0."""
        consultant_c = mail_new_test_user(
            self.env,
            login="re_consultant_c",
            name="Consultant C",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        today = fields.Date.today()
        deals = [(self.consultant_a, 0), (self.consultant_a, 45), (self.consultant_b, 0)]
        for index, (user, days) in enumerate(deals):
            lead = self._buyer_lead(user=user, name=f"cycle {index}")
            if days:
                # first contact 45 days ago: the buyer came to a viewing then and
                # was registered a week later
                self.env.cr.execute(
                    "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                    [today - timedelta(days=days - 7), lead.id],
                )
                self.env["crm.re.viewing"].create(
                    {
                        "lead_id": lead.id,
                        "interest_level": "hot",
                        "start": datetime.combine(today - timedelta(days=days), datetime.min.time())
                        + timedelta(hours=10),
                    }
                ).action_done()
            reservation = self.env["crm.re.reservation"].create(
                {
                    "unit_id": self.units[index].id,
                    "lead_id": lead.id,
                    "user_id": user.id,
                    "deposit_amount": 1000,
                    "deposit_paid_date": today,
                }
            )
            reservation.action_subscribe()
            reservation.action_contract()
        self._buyer_lead(user=consultant_c, name="no contract yet")
        self.env.flush_all()
        Report = self.env["crm.re.consultant.report"].with_user(self.re_manager)
        users = self.consultant_a | self.consultant_b | consultant_c
        domain = [("user_id", "in", users.ids)]
        [(total, contracts)] = Report._read_group(
            domain, [], ["avg_cycle_days:avg", "contract_count:sum"]
        )
        self.assertEqual(contracts, 3)
        self.assertAlmostEqual(total, 15.0)
        per_user = dict(Report._read_group(domain, ["user_id"], ["avg_cycle_days:avg"]))
        self.assertAlmostEqual(per_user[self.consultant_a], 22.5)
        self.assertAlmostEqual(per_user[self.consultant_b], 0.0)
        self.assertIs(per_user[consultant_c], False, "no contract, no deal cycle")
        row = Report.search([("user_id", "=", consultant_c.id)])
        self.assertFalse(row.avg_cycle_days)
        self.assertEqual(row.contract_count, 0)

    def test_personal_fields_and_erasure(self):
        lead = self._buyer_lead(re_residence_city="Hangzhou Xihu District")
        masked = lead.with_user(self.consultant_a).read(["re_residence_city"])[0]
        self.assertEqual(masked["re_residence_city"], "Hang****")
        viewing = self.env["crm.re.viewing"].create(
            {"lead_id": lead.id, "feedback": "Test Buyer wants a quiet floor"}
        )
        data = self.buyer._crm_privacy_collect()
        self.assertIn("crm.re.viewing", data["records"])
        self.buyer._crm_privacy_erase()
        self.assertFalse(lead.re_residence_city)
        self.assertFalse(viewing.feedback)
