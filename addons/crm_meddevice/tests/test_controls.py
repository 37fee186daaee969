# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmRpcAttackerCase
from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MedDeviceCommon

ACCESS = "odoo.exceptions.AccessError"
USER = "odoo.exceptions.UserError"
MODEL = "crm.med.adverse.event"
HOSTILE_CONTEXT = {"force": True, "install_mode": True, "tracking_disable": True}


@tagged("post_install", "-at_install")
class TestAdverseEventFrozen(CrmRpcAttackerCase, MedDeviceCommon):
    """Item 16: a submitted adverse event cannot be reopened, rewritten,
    deleted or copied as submitted over JSON-RPC, by a regional officer nor
    by an administrator; only the superuser's flow moves its status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = mail_new_test_user(
            cls.env,
            login="md_admin_rpc",
            name="MD Administrator",
            groups="base.group_system,crm_meddevice.group_med_manager",
        )
        cls.event = (
            cls.env[MODEL]
            .with_user(cls.user_reg_manager)
            .create(
                {
                    "product_tmpl_id": cls.pump.id,
                    "country_id": cls.cn.id,
                    "event_class": "serious_injury",
                    "awareness_date": date(2026, 3, 2),
                    "description": "<p>Alarm failure</p>",
                }
            )
        )
        cls.event.with_user(cls.user_reg_manager).action_submit()

    def _snapshot(self):
        self.event.invalidate_recordset()
        return (
            self.event.exists().ids,
            self.event.state,
            self.event.description,
            self.event.submitted_date,
            self.event.closed_date,
            self.event.event_class,
        )

    def test_submitted_event_frozen_over_rpc(self):
        before = self._snapshot()
        self.assertEqual(before[1], "submitted")
        attacks = [
            ("write", [[self.event.id], {"state": "draft"}], ACCESS),
            ("write", [[self.event.id], {"state": "draft", "description": "<p>x</p>"}], ACCESS),
            ("write", [[self.event.id], {"submitted_date": "2026-03-01"}], ACCESS),
            ("write", [[self.event.id], {"closed_date": "2026-03-01"}], ACCESS),
            ("write", [[self.event.id], {"description": "<p>Rewritten</p>"}], USER),
            ("write", [[self.event.id], {"event_class": "malfunction"}], USER),
            ("write", [[self.event.id], {"awareness_date": "2026-03-20"}], USER),
            ("write", [[self.event.id], {"followup_ids": [(5, 0, 0)]}], USER),
            ("write", [[self.event.id], {"message_ids": [(5, 0, 0)]}], USER),
            ("unlink", [[self.event.id]], (USER, ACCESS)),
            ("copy", [[self.event.id], {"state": "submitted"}], ACCESS),
            (
                "create",
                [
                    {
                        "product_tmpl_id": self.pump.id,
                        "country_id": self.cn.id,
                        "event_class": "death",
                        "state": "submitted",
                        "submitted_date": "2026-03-02",
                    }
                ],
                ACCESS,
            ),
        ]
        for login in ("md_reg_cn", "md_admin_rpc"):
            self.authenticate(login, login)
            for method, args, errors in attacks:
                errors = errors if isinstance(errors, tuple) else (errors,)
                with self.subTest(login=login, method=method, args=args):
                    response = self.call_kw(MODEL, method, args, context=HOSTILE_CONTEXT)
                    self.assert_refused(response, *errors)
        self.assertEqual(self._snapshot(), before, "nothing reopened, rewritten or deleted")
        # the administrator has the unlink right: the refusal is the freeze's
        self.authenticate("md_admin_rpc", "md_admin_rpc")
        message = self.assert_refused(self.call_kw(MODEL, "unlink", [[self.event.id]]), USER)
        self.assertIn("cannot be deleted", message)

    def test_flow_still_works_and_closed_is_frozen(self):
        """The flow moves the status; a follow-up is a new linked draft; a
        closed report is frozen too; the chatter stays open."""
        self.authenticate("md_reg_cn", "md_reg_cn")
        response = self.call_kw(MODEL, "action_create_followup", [[self.event.id]])
        followup = self.env[MODEL].browse(self.assert_accepted(response)["res_id"])
        self.assertEqual((followup.state, followup.parent_id), ("draft", self.event))
        self.assert_accepted(
            self.call_kw(MODEL, "write", [[followup.id], {"description": "<p>Root cause</p>"}])
        )
        # a draft is not submitted by writing its state either
        response = self.call_kw(MODEL, "write", [[followup.id], {"state": "submitted"}])
        self.assert_refused(response, ACCESS)
        self.assert_accepted(self.call_kw(MODEL, "action_submit", [[followup.id]]))
        self.assert_accepted(
            self.call_kw(MODEL, "message_post", [[self.event.id]], {"body": "Regulator replied"})
        )
        self.assert_accepted(self.call_kw(MODEL, "action_close", [[self.event.id]]))
        self.event.invalidate_recordset()
        self.assertEqual(self.event.state, "closed")
        for vals in ({"state": "submitted"}, {"state": "draft"}, {"closed_date": False}):
            with self.subTest(vals=vals):
                response = self.call_kw(MODEL, "write", [[self.event.id], vals])
                self.assert_refused(response, ACCESS)
        self.assertEqual(self.event.state, "closed")
        # only the superuser (the flow's own writes) is exempt
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.event.with_user(self.admin).unlink()
        self.event.sudo().write({"description": "<p>Scrubbed by erasure</p>"})
