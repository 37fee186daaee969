# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every control of the core tried as a hostile caller would: JSON-RPC calls
to /web/dataset/call_kw with extra context keys, direct writes of the fields
behind the controls, and hostile values. Each test names the bypass of the
issue it closes (#15, items 1-14)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon
from .rpc_common import CrmRpcAttackerCase

SALESMAN = ("cc_salesman", "cc_salesman")
SALESMAN_2 = ("cc_salesman_2", "cc_salesman_2")
LEADER = ("cc_leader", "cc_leader")
ADMIN = ("atk_admin", "atk_admin")


@tagged("post_install", "-at_install", "crm_controls")
class TestControls(CrmRpcAttackerCase, CrmCustomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin_atk = mail_new_test_user(
            cls.env,
            login="atk_admin",
            name="Attacking Admin",
            groups="base.group_system,crm_custom_core.group_crm_admin",
        )
        cls.company = cls.team.company_id or cls.env.company
        cls.company.write(
            {"crm_discount_approval_threshold": 10.0, "crm_contract_approval_amount": 1000000.0}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Hostile Test Customer",
                "email": "zhang.wei@example.com",
                "phone": "+86 138 0013 8000",
                "street": "88 Century Avenue",
                "city": "Shanghai",
                "user_id": cls.user_salesman.id,
            }
        )
        cls.pool = cls.env["crm.pool"].create(
            {"name": "Atk Pool", "max_claims": 1, "company_id": cls.team.company_id.id}
        )
        cls.team.pool_id = cls.pool

    def _lead(self, **vals):
        values = {"phone": "1", "partner_id": self.customer.id}
        values.update(vals)
        return self._create_lead(**values)

    def _quoted(self, **vals):
        lead = self._lead(
            expected_revenue=50000,
            date_deadline="2026-12-31",
            stage_id=self.stages[4].id,
            **vals,
        )
        self.env["ir.attachment"].create(
            {"name": "quote.pdf", "res_model": "crm.lead", "res_id": lead.id, "raw": b"x"}
        )
        return lead

    def _write(self, records, vals, context=None):
        return self.call_kw(records._name, "write", [records.ids, vals], context=context)

    # 1. A context key does not switch off the gates or the won-approval.
    def test_01_context_keys_do_not_skip_gates_or_approvals(self):
        self.authenticate(*SALESMAN)
        lead = self._lead(phone=False)
        for key in (
            "crm_skip_stage_history",
            "crm_stage_force_reason",
            "crm_forced_move",
            "skip_validation_check",
        ):
            response = self._write(lead, {"stage_id": self.stages[2].id}, context={key: "x"})
            self.assert_refused(response, "odoo.exceptions.ValidationError", message="missing")
        self.assertEqual(lead.stage_id, self.stages[0])
        quoted = self._quoted(discount_percent=50)
        response = self._write(
            quoted, {"stage_id": self.stages[5].id}, context={"crm_skip_stage_history": True}
        )
        self.assert_refused(response, message="before approval")
        self.assertEqual(quoted.stage_id, self.stages[4])
        # Forcing is a process manager's private method, not reachable by RPC.
        response = self.call_kw("crm.lead", "_crm_force_stage", [lead.ids, self.stages[3].id, "x"])
        self.assertTrue(response.get("error"))
        self.assertEqual(lead.stage_id, self.stages[0])

    # 2. The pool's limit, cooldown, history and team hold.
    def test_02_pool_claims_go_through_the_rules(self):
        leads = self._create_leads(2, "Pooled")
        leads._pool_put_back("release", "setup")
        self.authenticate(*SALESMAN_2)
        self.assert_accepted(self.call_kw("crm.lead", "action_pool_claim", [leads[0].ids]))
        response = self.call_kw(
            "crm.lead",
            "action_pool_claim",
            [leads[1].ids],
            context={"crm_pool_claim_approved": True},
        )
        self.assert_refused(response, message="Claim limit")
        self.assertTrue(leads[1].in_pool)
        for vals in (
            {"in_pool": False, "user_id": self.user_salesman.id},
            {"in_pool": False},
            {"pool_claim_user_id": False},
        ):
            self.assert_refused(
                self._write(leads[1], vals), "odoo.exceptions.AccessError", message="system"
            )
        self.assert_refused(self._write(leads[1], {"user_id": self.user_salesman_2.id}))
        self.assertTrue(leads[1].in_pool)
        self.assertFalse(leads[1].user_id)
        self.assertEqual(
            leads[1].pool_history_ids.mapped("action"), ["release"], "no unrecorded claim"
        )

    def test_02b_claim_keeps_team_and_outsiders_are_refused(self):
        other_team = self.env["crm.team"].create({"name": "Other Team"})
        outsider = mail_new_test_user(
            self.env, login="atk_outsider", groups="sales_team.group_sale_salesman"
        )
        other_team.member_ids = outsider
        lead = self._create_leads(1, "Pooled")
        lead._pool_put_back("release", "setup")
        self.authenticate("atk_outsider", "atk_outsider")
        response = self.call_kw("crm.lead", "action_pool_claim", [lead.ids])
        self.assert_refused(response, "odoo.exceptions.AccessError", message="members")
        self.assertTrue(lead.in_pool)
        # a member claims; the lead stays in the pool's team, counted there
        self.authenticate(*SALESMAN_2)
        self.assert_accepted(self.call_kw("crm.lead", "action_pool_claim", [lead.ids]))
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.pool_id, self.pool)
        self.assertEqual(lead.pool_claim_user_id, self.user_salesman_2)

    def test_02c_leader_assigns_a_pooled_lead_with_history(self):
        lead = self._create_leads(1, "Pooled")
        lead._pool_put_back("release", "setup")
        self.authenticate(*LEADER)
        self.assert_accepted(self._write(lead, {"user_id": self.user_salesman_2.id}))
        self.assertFalse(lead.in_pool)
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.pool_history_ids.sorted("id")[-1].action, "claim")

    # 3. Gates hold on create, copy and kanban quick-create.
    def test_03_gates_on_create_and_copy(self):
        self.authenticate(*SALESMAN)
        for stage in self.stages[2:5]:
            response = self.call_kw(
                "crm.lead",
                "create",
                [[{"name": "Skipper", "team_id": self.team.id, "stage_id": stage.id}]],
            )
            self.assert_refused(response, "odoo.exceptions.ValidationError", message="missing")
            # the kanban column's quick create: the stage comes as a default
            response = self.call_kw(
                "crm.lead",
                "name_create",
                ["Quick"],
                context={"default_stage_id": stage.id, "default_team_id": self.team.id},
            )
            self.assert_refused(response, "odoo.exceptions.ValidationError", message="missing")
        advanced = self._quoted()
        response = self.call_kw(
            "crm.lead", "copy", [advanced.ids], {"default": {"stage_id": self.stages[4].id}}
        )
        self.assert_refused(response, "odoo.exceptions.ValidationError", message="missing")
        self.assertFalse(self.env["crm.lead"].search([("name", "in", ("Skipper", "Quick"))]))
        # a lead created in the first stage is fine
        self.assert_accepted(
            self.call_kw(
                "crm.lead",
                "create",
                [[{"name": "Fine", "team_id": self.team.id, "stage_id": self.stages[0].id}]],
            )
        )

    # 4. Discounts and amounts: finite, in range, rechecked once won.
    def test_04_discount_and_revenue_values(self):
        self.authenticate(*SALESMAN)
        lead = self._quoted()
        for vals in (
            {"discount_percent": float("nan")},
            {"discount_percent": float("inf")},
            {"discount_percent": 150},
            {"discount_percent": -20},
            {"expected_revenue": -5},
            {"expected_revenue": float("nan")},
            {"discount_percent": "15"},
        ):
            response = self._write(lead, vals)
            self.assert_refused(response, "odoo.exceptions.ValidationError")
        self.assertEqual(lead.discount_percent, 0)
        self.assertEqual(lead.expected_revenue, 50000)
        self.assert_accepted(self._write(lead, {"stage_id": self.stages[5].id}))
        self.assertTrue(lead.stage_id.is_won)
        for vals in ({"discount_percent": 50}, {"expected_revenue": 5000000}):
            self.assert_refused(self._write(lead, vals), message="before approval")
        self.assertEqual(lead.discount_percent, 0)
        self.assertEqual(lead.expected_revenue, 50000)

    # 5. The fields the controls depend on are the server's.
    def test_05_control_fields_are_server_only(self):
        lead = self._lead()
        later = fields.Datetime.to_string(fields.Datetime.now() + timedelta(days=1500))
        values = {
            "date_last_stage_update": later,
            "stage_deadline": later,
            "stage_escalated": True,
            "date_last_followup": later,
            "date_first_action": later,
            "privacy_anonymized": True,
            "pool_return_reason": "whatever",
            "pool_due_date": later,
            "in_pool": True,
        }
        for user in (SALESMAN, ADMIN):
            self.authenticate(*user)
            for name, value in values.items():
                response = self._write(lead, {name: value})
                self.assert_refused(response, "odoo.exceptions.AccessError", message="system")
                response = self.call_kw("crm.lead", "create", [[{"name": "Forged", name: value}]])
                self.assert_refused(response, "odoo.exceptions.AccessError", message="system")
        before = lead.date_last_stage_update
        self.assertNotEqual(fields.Datetime.to_string(before), later)
        self.assertFalse(lead.stage_escalated or lead.privacy_anonymized)
        # a context default is a value from the caller too
        self.authenticate(*SALESMAN)
        created = self.assert_accepted(
            self.call_kw(
                "crm.lead",
                "create",
                [[{"name": "Defaults", "team_id": self.team.id}]],
                context={"default_date_first_action": later, "default_privacy_anonymized": True},
            )
        )
        created = self.env["crm.lead"].browse(created)
        self.assertFalse(created.date_first_action)
        self.assertFalse(created.privacy_anonymized)

    # 6. Masking covers what derives from a masked field.
    def test_06_masking_of_derived_fields(self):
        self.authenticate(*SALESMAN)
        partner = self.customer
        result = self.assert_accepted(
            self.call_kw(
                "res.partner",
                "read",
                [
                    partner.ids,
                    [
                        "phone",
                        "phone_sanitized",
                        "email",
                        "email_normalized",
                        "email_formatted",
                        "contact_address",
                        "contact_address_inline",
                    ],
                ],
            )
        )[0]
        text = str(result)
        for secret in ("zhang.wei", "0013 8000", "13800138000", "Century"):
            self.assertNotIn(secret, text, f"{secret} read in clear: {text}")
        for context in ({"show_email": True}, {"show_address": True}, {"show_vat": True}):
            names = self.assert_accepted(
                self.call_kw(
                    "res.partner",
                    "web_read",
                    [partner.ids, {"display_name": {}}],
                    context=context,
                )
            )
            self.assertNotIn("zhang.wei", str(names))
            self.assertNotIn("Century", str(names))
        lead = self._lead(email_from="zhang.wei@example.com", phone="+86 138 0013 8000")
        lead_values = self.assert_accepted(
            self.call_kw(
                "crm.lead",
                "read",
                [lead.ids, ["phone_sanitized", "email_normalized", "email_from", "phone"]],
            )
        )
        self.assertNotIn("zhang.wei", str(lead_values))
        self.assertNotIn("13800138000", str(lead_values))
        # partial searches on the derived fields find nothing
        for model, domain in (
            ("res.partner", [("phone_sanitized", "ilike", "138001")]),
            ("res.partner", [("phone_mobile_search", "ilike", "0013")]),
            ("res.partner", [("email_normalized", "ilike", "zhang")]),
            ("crm.lead", [("email_normalized", "=like", "zhang%")]),
            ("crm.lead", [("phone_sanitized", "ilike", "138")]),
        ):
            found = self.assert_accepted(self.call_kw(model, "search", [domain]))
            self.assertFalse(found, f"{model} {domain} found {found}")
        # grouping by them would show the values as group keys
        for groupby in ("email_normalized", "phone_sanitized", "email"):
            response = self.call_kw(
                "res.partner", "formatted_read_group", [[], [groupby], ["__count"]]
            )
            self.assert_refused(response, "odoo.exceptions.AccessError", message="group")
        response = self.call_kw(
            "crm.lead", "formatted_read_group", [[], ["team_id"], ["email_normalized:array_agg"]]
        )
        self.assert_refused(response, "odoo.exceptions.AccessError")

    def test_06b_export_through_a_relation_is_logged(self):
        lead = self._lead()
        self.user_salesman.group_ids += self.env.ref("base.group_allow_export")
        self.authenticate(*SALESMAN)
        self.assert_accepted(
            self.call_kw("crm.lead", "export_data", [lead.ids, ["name", "partner_id/phone"]])
        )
        event = self.env["crm.audit.event"].search(
            [("action", "=", "export"), ("user_id", "=", self.user_salesman.id)]
        )
        self.assertTrue(event, "the export of partner_id/phone is in the access log")
        self.assertIn("partner_id/phone", event.field_names)

    # 8. Audit rows: created by the audit mechanism only.
    def test_08_audit_rows_cannot_be_forged(self):
        self.authenticate(*ADMIN)
        model = self.env["ir.model"]._get("crm.lead")
        log = self.env["auditlog.log"].sudo().search([], limit=1)
        calls = [
            (
                "auditlog.log",
                "create",
                [[{"name": "forged", "model_id": model.id, "res_id": 1, "user_id": 1}]],
            ),
            (
                "auditlog.log.line",
                "create",
                [[{"log_id": log.id, "field_id": model.field_id[:1].id, "new_value": "x"}]],
            ),
            ("auditlog.http.request", "create", [[{"name": "/forged"}]]),
            ("auditlog.http.session", "create", [[{"name": "forged"}]]),
            ("crm.audit.event", "create", [[{"action": "export", "res_model": "x"}]]),
        ]
        requests = self.env["auditlog.http.request"].sudo().search([], limit=1)
        if requests:
            calls += [
                ("auditlog.http.request", "write", [requests.ids, {"name": "/rewritten"}]),
                ("auditlog.http.request", "unlink", [requests.ids]),
            ]
        if log:
            calls += [
                ("auditlog.log", "write", [log.ids, {"name": "rewritten"}]),
                ("auditlog.log", "unlink", [log.ids]),
                ("auditlog.log", "copy", [log.ids]),
            ]
        for model_name, method, args in calls:
            response = self.call_kw(model_name, method, args)
            self.assert_refused(response, "odoo.exceptions.AccessError")
        self.assertFalse(self.env["auditlog.log"].sudo().search([("name", "=", "forged")]))

    # 9. Approvals: actions by the reviewers only; a level nobody can approve.
    def test_09_approvals_by_reviewers_only(self):
        lead = self._quoted(discount_percent=15)
        lead.with_user(self.user_salesman).action_request_approval()
        request = lead.approval_ids
        self.assertEqual(request.state, "pending")
        self.authenticate(*SALESMAN)
        for method in ("reject_tier", "validate_tier", "restart_validation"):
            response = self.call_kw("crm.approval.request", method, [request.ids])
            self.assert_refused(response, "odoo.exceptions.AccessError")
        self.assertEqual(request.state, "pending")
        self.assertTrue(request.review_ids)
        for method, args in (
            ("write", [request.review_ids.ids, {"status": "approved"}]),
            ("unlink", [request.review_ids.ids]),
            (
                "create",
                [[{"model": "crm.approval.request", "res_id": request.id, "status": "approved"}]],
            ),
        ):
            self.assert_refused(
                self.call_kw("tier.review", method, args), "odoo.exceptions.AccessError"
            )
        self.assertEqual(request.review_ids.mapped("status"), ["pending"])
        # the team leader is the reviewer
        self.authenticate(*LEADER)
        self.assert_accepted(self.call_kw("crm.approval.request", "validate_tier", [request.ids]))
        self.assertEqual(request.state, "approved")

    def test_09b_level_without_reviewer_refused_at_request(self):
        self.team.user_id = False
        lead = self._quoted(discount_percent=15)
        self.authenticate(*SALESMAN)
        response = self.call_kw("crm.lead", "action_request_approval", [lead.ids])
        message = self.assert_refused(response, "odoo.exceptions.UserError")
        self.assertIn("team leader", message)
        self.assertIn(self.team.name, message)
        self.assertFalse(lead.approval_ids, "nothing half-written")

    # 10. The funnel is refreshed by those who read it all.
    def test_10_funnel_refresh_rights(self):
        self.authenticate(*SALESMAN)
        response = self.call_kw("crm.funnel.report", "refresh", [])
        self.assert_refused(response, "odoo.exceptions.AccessError")
        self.assertTrue(self.call_kw("crm.funnel.report", "_refresh", []).get("error"))
        self.authenticate(*LEADER)
        self.assert_accepted(self.call_kw("crm.funnel.report", "refresh", []))

    # 11. An escalation is not a follow-up.
    def test_11_escalation_does_not_reset_the_pool_clock(self):
        lead = self._lead(stage_id=self.stages[0].id)
        lead.sudo().write(
            {
                "date_last_stage_update": fields.Datetime.now() - timedelta(days=30),
                "date_last_followup": fields.Datetime.now() - timedelta(days=20),
            }
        )
        followup = lead.date_last_followup
        self.assertTrue(lead.stage_deadline)
        self.env["crm.lead"]._cron_escalate_overdue_stages()
        self.assertTrue(lead.stage_escalated)
        self.assertEqual(lead.date_last_followup, followup)
        # a salesperson's note still counts
        lead.with_user(self.user_salesman).message_post(body="Called", message_type="comment")
        self.assertGreater(lead.date_last_followup, followup)

    # 13. Configuration that would crash every lead passing by is refused.
    def test_13_configuration_bounds(self):
        self.authenticate(*ADMIN)
        tstage = self.stages[1].process_stage_id
        login = self.env["ir.model.fields"]._get("res.users", "login")
        for vals in (
            {"time_standard_hours": float("nan")},
            {"time_standard_hours": 1e12},
            {"time_standard_hours": -1},
            {"at_risk_ratio": float("nan")},
            {"required_field_ids": [(6, 0, login.ids)]},
        ):
            response = self._write(tstage, vals)
            self.assert_refused(response, "odoo.exceptions.ValidationError")
        for vals in (
            {"days_no_followup": 10**7},
            {"max_claims": 10**9},
            {"reclaim_cooldown_days": -1},
        ):
            self.assert_refused(self._write(self.pool, vals), "odoo.exceptions.ValidationError")
        self.assertEqual(self.pool.days_no_followup, 30)

    # 14. Our code answers bad calls with a message, not a traceback.
    def test_14_bad_calls_get_clean_errors(self):
        lead = self._lead()
        self.authenticate(*SALESMAN)
        for vals in ({"stage_id": "abc"}, {"stage_id": [1, 2]}, {"stage_id": 1.5}):
            self.assert_refused(self._write(lead, vals), "odoo.exceptions.ValidationError")
        self.assertEqual(lead.stage_id, self.stages[0])
        # an empty stage is Odoo's own (a merge empties the merged leads'): no traceback
        self.assert_accepted(self._write(lead, {"stage_id": False}))
        self.assertFalse(lead.stage_id)
        self.assertTrue(lead.stage_history_ids.filtered(lambda h: not h.stage_id or h.date_out))
        self.authenticate(*LEADER)
        for kwargs in ({"months": "x"}, {"months": 10**9}, {"team_id": "abc"}):
            response = self.call_kw("crm.funnel.report", "get_dashboard_data", [], kwargs)
            self.assert_refused(response, "odoo.exceptions.ValidationError")
        # a string where the server expects a datetime is ignored
        state = self.assert_accepted(
            self.call_kw(
                "crm.lead",
                "read",
                [lead.ids, ["time_standard_state"]],
                context={"crm_now": "garbage"},
            )
        )
        self.assertTrue(state)
        # approvals asked for two opportunities at once
        quoted = self._quoted(discount_percent=15) | self._quoted(discount_percent=12)
        quoted.user_id = self.user_leader
        self.assert_accepted(self.call_kw("crm.lead", "action_request_approval", [quoted.ids]))
        self.assertEqual(len(quoted.approval_ids), 2)
