# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import CrmCustomCommon

ROLES = ("salesman", "leader", "regional", "compliance", "admin", "salesman_b")


@tagged("post_install", "-at_install")
class TestGovernanceAccess(CrmCustomCommon):
    """Every role x (read, write, create, unlink) on leads, customers,
    consents, data-subject requests and audit logs, across two companies
    and two teams of company A: the allowed and the refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company_a = env.company
        cls.company_b = env["res.company"].create({"name": "Governance B"})
        contacts = "base.group_partner_manager"

        def user(login, groups, companies=None):
            companies = companies or cls.company_a
            return mail_new_test_user(
                env,
                login=login,
                name=login,
                groups=groups,
                company_id=companies[0].id,
                company_ids=[Command.set(companies.ids)],
            )

        cls.users = {
            "salesman": user("gov_salesman", f"sales_team.group_sale_salesman,{contacts}"),
            "salesman_2": user("gov_salesman_2", f"sales_team.group_sale_salesman,{contacts}"),
            "leader": user("gov_leader", f"crm_custom_core.group_crm_team_leader,{contacts}"),
            "regional": user(
                "gov_regional", f"crm_custom_core.group_crm_regional_manager,{contacts}"
            ),
            "compliance": user("gov_compliance", "crm_custom_core.group_crm_compliance"),
            "admin": user("gov_admin", f"crm_custom_core.group_crm_admin,{contacts}"),
            "salesman_b": user(
                "gov_salesman_b", f"sales_team.group_sale_salesman,{contacts}", cls.company_b
            ),
        }
        u = cls.users
        cls.region = env["crm.region"].create(
            {"name": "East", "manager_ids": [Command.link(u["regional"].id)]}
        )
        Team = env["crm.team"]
        cls.team_1 = Team.create(
            {
                "name": "Gov T1",
                "user_id": u["leader"].id,
                "region_id": cls.region.id,
                "member_ids": [Command.link(u["salesman"].id)],
            }
        )
        cls.team_2 = Team.create(
            {"name": "Gov T2", "member_ids": [Command.link(u["salesman_2"].id)]}
        )
        cls.team_b = Team.create(
            {
                "name": "Gov TB",
                "company_id": cls.company_b.id,
                "member_ids": [Command.link(u["salesman_b"].id)],
            }
        )
        Partner = env["res.partner"]
        cls.partner_1 = Partner.create({"name": "Gov Customer 1", "user_id": u["salesman"].id})
        cls.partner_2 = Partner.create({"name": "Gov Customer 2", "user_id": u["salesman_2"].id})
        cls.partner_b = Partner.create(
            {
                "name": "Gov Customer B",
                "user_id": u["salesman_b"].id,
                "company_id": cls.company_b.id,
            }
        )
        # customers of the partner matrix: referenced by nothing, deletable
        cls.customer_1 = Partner.create({"name": "Gov Matrix 1", "user_id": u["salesman"].id})
        cls.customer_2 = Partner.create({"name": "Gov Matrix 2", "user_id": u["salesman_2"].id})
        cls.customer_b = Partner.create(
            {"name": "Gov Matrix B", "user_id": u["salesman_b"].id, "company_id": cls.company_b.id}
        )
        Lead = env["crm.lead"]
        cls.lead_1 = Lead.create(
            {
                "name": "Gov Lead 1",
                "team_id": cls.team_1.id,
                "user_id": u["salesman"].id,
                "partner_id": cls.partner_1.id,
            }
        )
        cls.lead_2 = Lead.create(
            {
                "name": "Gov Lead 2",
                "team_id": cls.team_2.id,
                "user_id": u["salesman_2"].id,
                "partner_id": cls.partner_2.id,
            }
        )
        cls.lead_b = Lead.create(
            {
                "name": "Gov Lead B",
                "team_id": cls.team_b.id,
                "user_id": u["salesman_b"].id,
                "company_id": cls.company_b.id,
            }
        )
        purpose = env.ref("crm_custom_core.consent_purpose_sms")
        Consent = env["crm.consent"]

        def consent(partner, company):
            return Consent.create(
                {
                    "partner_id": partner.id,
                    "purpose_id": purpose.id,
                    "policy_version": "v1",
                    "company_id": company.id,
                }
            )

        cls.consent_1 = consent(cls.partner_1, cls.company_a)
        cls.consent_2 = consent(cls.partner_2, cls.company_a)
        cls.consent_b = consent(cls.partner_b, cls.company_b)
        Request = env["crm.data.request"]
        cls.request_1 = Request.with_user(u["salesman"]).create(
            {"partner_id": cls.partner_1.id, "request_type": "access"}
        )
        cls.request_2 = Request.create({"partner_id": cls.partner_2.id, "request_type": "access"})
        cls.request_b = Request.create(
            {
                "partner_id": cls.partner_b.id,
                "request_type": "access",
                "company_id": cls.company_b.id,
            }
        )
        cls.event = env["crm.audit.event"]._log("reveal", cls.partner_1, field_names="phone")
        cls.lead_1.write({"description": "audited change"})
        cls.auditlog = env["auditlog.log"].search(
            [("model_model", "=", "crm.lead"), ("res_id", "=", cls.lead_1.id)], limit=1
        )
        cls.purpose = purpose

    def _attempt(self, user, op, record, create_vals=None, write_vals=None):
        """True if ``user`` may do ``op``; every refusal must be an access
        error (or the evidence guard on consents), never a crash."""
        try:
            with self.env.cr.savepoint():
                if op == "read":
                    target = record.with_user(user)
                    target.invalidate_recordset()
                    target.read(["display_name"])
                elif op == "write":
                    record.with_user(user).write(write_vals)
                elif op == "create":
                    record.with_user(user).create(create_vals)
                else:
                    record.with_user(user).unlink()
                self.env.flush_all()
                raise _Allowed
        except _Allowed:
            return True
        except (AccessError, ValidationError, UserError):
            return False

    def _check_matrix(self, cases):
        failures = []
        for role, op, record, expected, kwargs in cases:
            got = self._attempt(self.users[role], op, record, **kwargs)
            if got != expected:
                failures.append(
                    f"{role} {op} {record._name}({record.display_name if record else ''}): "
                    f"expected {'allowed' if expected else 'refused'}"
                )
        self.assertFalse(failures, "\n".join(failures))

    def _matrix(self, table, records, create_vals, write_vals):
        """``table``: {role: (read/write/unlink flags on record 1, on record 2,
        on the company B record, may create)}."""
        cases = []
        for role, (*flags_per_record, can_create) in table.items():
            for flags, record in zip(flags_per_record, records, strict=True):
                for op, flag in zip(("read", "write", "unlink"), flags, strict=True):
                    kwargs = {"write_vals": write_vals} if op == "write" else {}
                    cases.append((role, op, record, flag == "1", kwargs))
            cases.append(
                (role, "create", records[0], can_create, {"create_vals": create_vals(role)})
            )
        self._check_matrix(cases)

    def test_leads(self):
        def create_vals(role):
            team = self.team_b if role == "salesman_b" else self.team_1
            return {
                "name": f"new by {role}",
                "team_id": team.id,
                "user_id": self.users[role].id,
                "company_id": team.company_id.id or self.company_a.id,
            }

        self._matrix(
            {
                # read/write/unlink on: lead 1, lead 2, lead B; create
                "salesman": ("110", "000", "000", True),
                "leader": ("110", "000", "000", True),
                "regional": ("110", "000", "000", True),
                "compliance": ("100", "100", "000", False),
                "admin": ("111", "111", "000", True),
                "salesman_b": ("000", "000", "110", True),
            },
            (self.lead_1, self.lead_2, self.lead_b),
            create_vals,
            {"description": "edited"},
        )

    def test_customers(self):
        def create_vals(role):
            return {"name": f"customer of {role}", "user_id": self.users[role].id}

        self._matrix(
            {
                # read/write/unlink on: customer 1, 2, B; create
                "salesman": ("111", "000", "000", True),
                "leader": ("111", "000", "000", True),
                "regional": ("111", "000", "000", True),
                "compliance": ("100", "100", "000", False),
                "admin": ("111", "111", "000", True),
                "salesman_b": ("000", "000", "111", True),
            },
            (self.customer_1, self.customer_2, self.customer_b),
            create_vals,
            {"comment": "edited"},
        )

    def test_consents(self):
        def create_vals(role):
            partner = self.partner_b if role == "salesman_b" else self.partner_1
            purpose = self.env.ref("crm_custom_core.consent_purpose_marketing_email")
            return {
                "partner_id": partner.id,
                "purpose_id": purpose.id,
                "policy_version": "v2",
                "company_id": partner.company_id.id or self.company_a.id,
            }

        # write = withdrawal; consents are never deleted
        self._matrix(
            {
                # read/withdraw/unlink on: consent 1, 2, B; create
                "salesman": ("110", "000", "000", True),
                "leader": ("110", "000", "000", True),
                "regional": ("110", "000", "000", True),
                "compliance": ("110", "110", "000", True),
                "admin": ("110", "110", "000", True),
                "salesman_b": ("000", "000", "110", True),
            },
            (self.consent_1, self.consent_2, self.consent_b),
            create_vals,
            {"state": "withdrawn"},
        )
        # anything else than a withdrawal is refused, even to compliance
        with self.assertRaises(ValidationError):
            self.consent_1.with_user(self.users["compliance"]).write({"policy_version": "v9"})

    def test_data_requests(self):
        def create_vals(role):
            partner = self.partner_b if role == "salesman_b" else self.partner_1
            return {
                "partner_id": partner.id,
                "request_type": "erasure",
                "company_id": partner.company_id.id or self.company_a.id,
            }

        self._matrix(
            {
                # read/write/unlink on: request 1, 2, B; create
                "salesman": ("100", "000", "000", True),
                "leader": ("000", "000", "000", True),
                "regional": ("000", "000", "000", True),
                "compliance": ("110", "110", "000", True),
                "admin": ("110", "110", "000", True),
                "salesman_b": ("000", "000", "000", True),
            },
            (self.request_1, self.request_2, self.request_b),
            create_vals,
            {"response": "answered"},
        )

    def test_audit_logs(self):
        cases = []
        for role in ROLES:
            reader = role in ("compliance", "admin")
            for record in (self.event, self.auditlog):
                cases.append((role, "read", record, reader, {}))
                cases.append((role, "write", record, False, {"write_vals": {"res_id": 1}}))
                cases.append((role, "unlink", record, False, {}))
            cases.append(
                (
                    role,
                    "create",
                    self.event,
                    False,
                    {"create_vals": {"action": "reveal", "user_id": self.users[role].id}},
                )
            )
        self._check_matrix(cases)
        # not even the auditlog manager or the settings administrator
        root_like = mail_new_test_user(
            self.env,
            login="gov_sysadmin",
            groups="base.group_system,auditlog.group_auditlog_manager",
        )
        for record in (self.auditlog, self.auditlog.line_ids[:1], self.event):
            with self.assertRaises(AccessError):
                record.with_user(root_like).write({"create_uid": root_like.id})
            with self.assertRaises(AccessError):
                record.with_user(root_like).unlink()

    def test_menus_follow_roles(self):
        def menus(role):
            return set(self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids())

        privacy = self.env.ref("crm_custom_core.crm_audit_event_menu").id
        pipeline = self.env.ref("crm.crm_menu_root").id
        self.assertIn(privacy, menus("compliance"))
        self.assertNotIn(privacy, menus("salesman"))
        self.assertIn(pipeline, menus("compliance"))
        regions = self.env.ref("crm_custom_core.crm_region_menu").id
        self.assertIn(regions, menus("admin"))
        self.assertNotIn(regions, menus("leader"))


class _Allowed(Exception):
    """Raised inside the savepoint to roll back an allowed operation."""
