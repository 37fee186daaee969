# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, tagged, users

from odoo.addons.crm_custom_core.models.crm_lead import CrmLead as CoreCrmLead

from .common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestStageGate(CrmCustomCommon):
    def _done(self, lead, xmlid):
        lead.activity_schedule(xmlid, user_id=lead.user_id.id)._action_done()

    @users("cc_salesman")
    def test_gate_lists_every_missing_item(self):
        lead = self._create_lead(name="Gated")
        lead = lead.with_env(self.env)
        with self.assertRaises(ValidationError) as ctx:
            lead.stage_id = self.stages[2]
        message = str(ctx.exception)
        self.assertIn("Gated", message)
        self.assertIn("Phone", message)
        self.assertIn("Call", message)
        self.assertEqual(lead.stage_id, self.stages[0], "the refused move changed nothing")
        self._done(lead, "mail.mail_activity_data_call")
        # the missing phone saved together with the move satisfies the gate
        lead.write({"phone": "+86 138 0013 8000", "stage_id": self.stages[2].id})
        self.assertEqual(lead.stage_id, self.stages[2])

    @users("cc_salesman")
    def test_moving_back_is_free(self):
        lead = self._create_lead(phone="123").with_env(self.env)
        lead.stage_id = self.stages[1]
        lead.stage_id = self.stages[0]
        self.assertEqual(lead.stage_id, self.stages[0])
        history = lead.stage_history_ids.sorted("id")
        self.assertEqual(len(history), 3)
        self.assertEqual(history.mapped("is_forward"), [True, True, False])
        self.assertEqual(history[1].is_advanced, False)
        self.assertTrue(history[0].is_advanced)
        self.assertTrue(history[0].date_out and history[1].date_out)
        self.assertFalse(history[2].date_out)

    def test_gate_follows_configuration_changes(self):
        """The gate configuration is cached: a change made by the process
        manager applies to the very next stage change."""
        lead = self._create_lead(phone="1").with_user(self.user_salesman)
        lead.stage_id = self.stages[1]
        lead.stage_id = self.stages[0]
        email_field = self.env.ref("crm.field_crm_lead__email_from")
        self.stages[0].process_stage_id.with_user(self.user_process_manager).write(
            {"required_field_ids": [(4, email_field.id)]}
        )
        with self.assertRaises(ValidationError) as ctx:
            lead.stage_id = self.stages[1]
        self.assertIn(email_field.field_description, str(ctx.exception))
        # Reordering the pipeline turns the move into a backward one: free.
        self.stages[1].with_user(self.user_process_manager).sequence = -1
        lead.stage_id = self.stages[1]
        self.assertEqual(lead.stage_id, self.stages[1])
        self.assertFalse(lead.stage_history_ids.sorted("id")[-1].is_forward)

    @users("cc_salesman")
    def test_salesman_cannot_force(self):
        lead = self._create_lead().with_env(self.env)
        with self.assertRaises(AccessError):
            self.env["crm.lead.stage.force"].create(
                {"lead_ids": lead.ids, "stage_id": self.stages[3].id, "reason": "x"}
            )
        with self.assertRaises(AccessError):
            lead._crm_force_stage(self.stages[3], "because")

    @users("cc_process_manager")
    def test_process_manager_forces_with_reason(self):
        lead = self._create_lead().with_env(self.env)
        wizard = self.env["crm.lead.stage.force"].create(
            {
                "lead_ids": lead.ids,
                "stage_id": self.stages[3].id,
                "reason": "Customer signed a letter of intent",
            }
        )
        wizard.action_force()
        self.assertEqual(lead.stage_id, self.stages[3])
        last = lead.stage_history_ids.sorted("id")[-1]
        self.assertTrue(last.is_forced)
        self.assertEqual(last.reason, "Customer signed a letter of intent")
        self.assertIn("letter of intent", lead.message_ids[0].body)

    @users("cc_leader")
    def test_batch_move_writes_history_for_each_lead(self):
        leads = self._create_leads(5, "Batch")
        leads.write({"stage_id": self.stages[1].id})
        rows = self.env["crm.lead.stage.history"].search([("lead_id", "in", leads.ids)])
        self.assertEqual(len(rows), 10)
        self.assertEqual(
            set(rows.filtered(lambda r: not r.date_out).stage_id.ids), {self.stages[1].id}
        )
        self.assertTrue(all(r.user_id == self.env.user for r in rows))

    def _count_queries(self, leads, stage, stock=False):
        leads = leads.with_user(self.user_leader)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        if stock:  # the write path below ours: Odoo's, without our stage logic
            super(CoreCrmLead, leads).write({"stage_id": stage.id})
        else:
            leads.write({"stage_id": stage.id})
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_stage_change_query_count(self):
        """A stage change costs a bounded number of queries more than the same
        write without our stage logic, and a batch does not grow per lead."""
        leads = self._create_leads(112, "Q")
        # warm the caches of both paths once
        self._count_queries(leads[110], self.stages[1])
        self._count_queries(leads[111], self.stages[1], stock=True)
        stock = self._count_queries(leads[0], self.stages[1], stock=True)
        ours = self._count_queries(leads[1], self.stages[1])
        # Measured: +3 (close the open stay, insert the new one, one more
        # flush); the gate configuration is cached. The issue allows +8.
        self.assertLessEqual(ours - stock, 8, f"stage change: {ours} queries vs {stock}")
        ten = self._count_queries(leads[2:12], self.stages[1])
        hundred = self._count_queries(leads[12:110], self.stages[1])
        self.assertLessEqual(hundred, ten + 2, f"10 leads: {ten} queries, 98: {hundred}")


@tagged("post_install", "-at_install")
class TestTimeStandard(CrmCustomCommon):
    def test_deadline_state_and_escalation_once(self):
        start = datetime(2026, 3, 2, 9, 0)  # a Monday
        lead = self._create_lead(phone="1", stage_id=self.stages[2].id)
        lead.date_last_stage_update = start
        # Needs Diagnosis: 120 calendar hours
        self.assertEqual(lead.stage_deadline, start + timedelta(hours=120))
        self.assertEqual(
            lead.with_context(crm_now=start + timedelta(hours=1)).time_standard_state, "on_track"
        )
        at_risk = lead.with_context(crm_now=start + timedelta(hours=100))
        self.assertEqual(at_risk.time_standard_state, "at_risk")
        with freeze_time(start + timedelta(hours=121)):
            self.env.invalidate_all()
            self.assertEqual(lead.time_standard_state, "overdue")
            self.assertIn(
                lead,
                self.env["crm.lead"].search(
                    [("time_standard_state", "=", "overdue"), ("id", "=", lead.id)]
                ),
            )
            escalated = self.env["crm.lead"]._cron_escalate_overdue_stages()
            self.assertIn(lead, escalated)
            self.assertTrue(lead.stage_escalated)
            self.assertTrue(
                lead.activity_ids.filtered(
                    lambda a: (
                        a.activity_type_id
                        == self.env.ref("crm_custom_core.mail_activity_type_stage_overdue")
                        and a.user_id == self.user_salesman
                    )
                )
            )
            self.assertIn(self.user_leader.partner_id, lead.message_ids[0].partner_ids)
            again = self.env["crm.lead"]._cron_escalate_overdue_stages()
            self.assertNotIn(lead, again, "a lead is escalated once")

    def test_working_calendar_deadline(self):
        # Lead Discovery: 24 working hours on the company calendar (8h a day,
        # Monday to Friday): entering on a Friday morning ends on Tuesday.
        start = datetime(2026, 3, 6, 1, 0)
        self.env.company.resource_calendar_id.tz = "UTC"
        lead = self._create_lead()
        lead.date_last_stage_update = start
        self.assertGreaterEqual(lead.stage_deadline, datetime(2026, 3, 10))
        self.assertLess(lead.stage_deadline, datetime(2026, 3, 11))

    def test_escalation_query_uses_partial_index(self):
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(
            "EXPLAIN SELECT id FROM crm_lead WHERE stage_deadline < now() "
            "AND stage_escalated IS NOT TRUE AND stage_deadline IS NOT NULL "
            "AND active IS TRUE ORDER BY stage_deadline LIMIT 500"
        )
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("crm_lead_stage_deadline_due_idx", plan)


@tagged("post_install", "-at_install")
class TestDispatchAndFunnel(CrmCustomCommon):
    def _ready_lead(self, **vals):
        lead = self._create_lead(
            phone="1",
            partner_id=self.partner.id,
            expected_revenue=1000,
            date_deadline="2030-01-01",
            **vals,
        )
        for xmlid in ("mail.mail_activity_data_call", "mail.mail_activity_data_meeting"):
            lead.activity_schedule(xmlid, user_id=lead.user_id.id)._action_done()
        self.env["ir.attachment"].create(
            {"name": "q.pdf", "res_model": "crm.lead", "res_id": lead.id, "raw": b"x"}
        )
        return lead

    def test_contract_signed_dispatches_delivery_plan(self):
        lead = self._ready_lead()
        self.assertTrue(lead.date_first_action)
        lead.with_user(self.user_salesman).stage_id = self.stages[5]
        delivery = self.env.ref("crm_custom_core.mail_activity_type_delivery_preparation")
        self.assertTrue(lead.activity_ids.filtered(lambda a: a.activity_type_id == delivery))
        self.assertEqual(lead.won_status, "won")

    def test_custom_requirement_triggers_feasibility_review(self):
        lead = self._create_lead()
        review = self.env.ref("crm_custom_core.mail_activity_type_feasibility_review")
        self.assertFalse(lead.activity_ids.filtered(lambda a: a.activity_type_id == review))
        lead.with_user(self.user_salesman).custom_requirement = True
        self.assertEqual(len(lead.activity_ids.filtered(lambda a: a.activity_type_id == review)), 1)

    def test_funnel_report_counts_and_rates(self):
        won = self._ready_lead(name="won")
        won.stage_id = self.stages[5]
        stuck = self._create_lead(name="stuck")
        stuck.action_set_lost()
        Report = self.env["crm.funnel.report"]
        Report.refresh()
        [[entered, advanced, rate, customers]] = Report._read_group(
            [("team_id", "=", self.team.id), ("stage_id", "=", self.stages[0].id)],
            [],
            ["entered_count:sum", "advanced_count:sum", "conversion_rate:avg", "customer_rate:avg"],
        )
        self.assertEqual((entered, advanced), (2, 1))
        self.assertAlmostEqual(rate, 50.0)
        self.assertAlmostEqual(customers, 50.0)
        data = Report.with_user(self.user_leader).get_dashboard_data(team_id=self.team.id)
        self.assertEqual(data["new_leads"], 2)
        self.assertEqual(data["customers"], 1)
        first = data["stages"][0]
        self.assertEqual((first["entered"], first["advanced"], first["lost"]), (2, 1, 1))

    def test_dashboard_all_teams_hours_and_one_line_per_stage(self):
        """Two teams run the same process: under all teams each process stage is
        one line, with the hours leads really spent in it (by hand: 10 h in team
        A, 30 h in team B: 20 h on average, median 20 h)."""
        template = self.env["crm.process.template"].create(
            {
                "name": "CC Two Steps",
                "stage_ids": [
                    (0, 0, {"name": "CC Step One", "sequence": 1}),
                    (0, 0, {"name": "CC Step Two", "sequence": 2}),
                ],
            }
        )
        team_a = self.env["crm.team"].create({"name": "CC Team A"})
        team_b = self.env["crm.team"].create({"name": "CC Team B"})
        stages_a = template._apply_to_teams(team_a).sorted(lambda s: s._order_key())
        stages_b = template._apply_to_teams(team_b).sorted(lambda s: s._order_key())
        # the teams of one process share its stages: one line per stage follows
        self.assertEqual(stages_a, stages_b, "the teams of a process share its stages")
        start = datetime(2026, 3, 2, 9, 0)
        with freeze_time(start):
            lead_a = self._create_lead(name="A", team_id=team_a.id, stage_id=stages_a[0].id)
            lead_b = self._create_lead(name="B", team_id=team_b.id, stage_id=stages_b[0].id)
        with freeze_time(start + timedelta(hours=10)):
            lead_a.stage_id = stages_a[1]
        with freeze_time(start + timedelta(hours=30)):
            lead_b.stage_id = stages_b[1]
        Report = self.env["crm.funnel.report"]
        Report.refresh()
        with freeze_time(start + timedelta(days=2)):
            data = Report.with_user(self.user_sales_manager).get_dashboard_data()
        names = [line["stage"] for line in data["stages"]]
        # (other processes may have stages of the same name: those are theirs)
        self.assertEqual(names.count("CC Step One"), 1, f"a stage twice: {names}")
        self.assertEqual(names.count("CC Step Two"), 1, f"a stage twice: {names}")
        first = next(line for line in data["stages"] if line["stage"] == "CC Step One")
        self.assertEqual((first["entered"], first["advanced"]), (2, 2))
        self.assertAlmostEqual(first["avg_hours"], 20.0)
        self.assertAlmostEqual(first["median_hours"], 20.0)
        self.assertAlmostEqual(first["conversion_rate"], 100.0)
        # one team: its own stage, its own hours
        with freeze_time(start + timedelta(days=2)):
            data = Report.with_user(self.user_sales_manager).get_dashboard_data(team_id=team_b.id)
        first = data["stages"][0]
        self.assertEqual(first["entered"], 1)
        self.assertAlmostEqual(first["avg_hours"], 30.0)

    def test_demo_history_spread_over_past_weeks(self):
        """Demo leads moved through their stages during the installation spend
        hours, not 0, in each stage once the demo spreads their history."""
        lead = self._ready_lead(name="demo")
        lead.stage_id = self.stages[1]
        lead.stage_id = self.stages[2]
        self.assertTrue(self.env["crm.lead.stage.history"]._demo_spread_history())
        rows = lead.stage_history_ids.sorted("date_in")
        self.assertEqual(len(rows), 3)
        closed = rows.filtered("date_out")
        self.assertEqual(len(closed), 2)
        for row in closed:
            self.assertGreater(row.duration_hours, 24.0)
        for index in range(len(rows) - 1):
            self.assertEqual(rows[index].date_out, rows[index + 1].date_in)
        self.assertLessEqual(lead.create_date, rows[0].date_in)
        self.assertEqual(lead.date_last_stage_update, rows[-1].date_in)
        self.assertGreater(fields.Datetime.now() - lead.create_date, timedelta(days=13))
