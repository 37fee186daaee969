# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.rpc_common import CrmRpcAttackerCase

from .common import EduCommon

ACCESS = "odoo.exceptions.AccessError"
USER = "odoo.exceptions.UserError"
VALIDATION = "odoo.exceptions.ValidationError"
MODEL = "crm.edu.contract"
HOSTILE_CONTEXT = {"force": True, "install_mode": True, "tracking_disable": True}


@tagged("post_install", "-at_install")
class TestContractControls(CrmRpcAttackerCase, EduCommon):
    """An advisor attacks an enrollment contract over JSON-RPC: its status,
    refund and renewal fields move only through signing, closing and the
    campus manager's refund; what the family bought is frozen once signed;
    prices are finite. Lesson consumption and teacher rights keep holding."""

    def _snapshot(self, contract):
        contract.invalidate_recordset()
        return (
            contract.state,
            contract.lesson_count,
            contract.unit_price,
            contract.remaining_lessons,
            contract.refunded_lessons,
            contract.refund_amount,
            contract.date_signed,
            contract.exists().ids,
        )

    def test_signed_contract_controls(self):
        contract = self._contract(lessons=20)
        before = self._snapshot(contract)
        self.authenticate("edu_advisor", "edu_advisor")
        attacks = [
            ("write", {"state": "draft"}, ACCESS),
            ("write", {"state": "refunded"}, ACCESS),
            ("write", {"refunded_lessons": 20, "refund_amount": 1e9}, ACCESS),
            ("write", {"date_signed": "2020-01-01"}, ACCESS),
            ("write", {"renewal_lead_id": False}, ACCESS),
            ("write", {"name": "FORGED"}, ACCESS),
            ("write", {"lesson_count": 60}, USER),
            ("write", {"unit_price": 0}, USER),
            ("write", {"unit_price": float("nan")}, VALIDATION),
            ("write", {"unit_price": float("inf")}, VALIDATION),
            ("write", {"unit_price": "abc"}, VALIDATION),
            ("write", {"course_id": self.course_piano.id}, USER),
            ("write", {"date_end": "2030-01-01"}, USER),
        ]
        for method, vals, error in attacks:
            with self.subTest(vals=vals):
                response = self.call_kw(
                    MODEL, method, [[contract.id], vals], context=HOSTILE_CONTEXT
                )
                self.assert_refused(response, error)
        # the advisor may not delete, refund, nor close twice
        self.assert_refused(self.call_kw(MODEL, "unlink", [[contract.id]]), ACCESS)
        self.assert_refused(self.call_kw(MODEL, "action_refund", [[contract.id]]), ACCESS)
        self.assertEqual(self._snapshot(contract), before, "nothing half-written")
        # copying does not carry the signature
        response = self.call_kw(MODEL, "copy", [[contract.id], {"state": "active"}])
        self.assert_refused(response, ACCESS)
        copied = self.assert_accepted(self.call_kw(MODEL, "copy", [[contract.id]]))
        self.assertEqual(self.env[MODEL].browse(copied).state, "draft")
        # teachers and consumption still hold
        self.authenticate("edu_teacher", "edu_teacher")
        response = self.call_kw(MODEL, "write", [[contract.id], {"lesson_count": 30}])
        self.assert_refused(response, ACCESS)
        self.authenticate("edu_advisor", "edu_advisor")
        response = self.call_kw(
            "crm.edu.consumption", "create", [{"contract_id": contract.id, "lessons": -5}]
        )
        self.assert_refused(response, ACCESS)
        self.assertEqual(self._snapshot(contract), before)

    def test_draft_contract_flow(self):
        self.authenticate("edu_advisor", "edu_advisor")
        values = {
            "student_id": self.student.id,
            "partner_id": self.guardian.id,
            "course_id": self.course.id,
            "campus_id": self.campus.id,
            "lesson_count": 10,
        }
        for vals, error in (
            ({"state": "active"}, ACCESS),
            ({"date_signed": "2026-01-01"}, ACCESS),
            ({"refunded_lessons": 5}, ACCESS),
            ({"unit_price": float("inf")}, VALIDATION),
            ({"unit_price": -100}, VALIDATION),
        ):
            with self.subTest(vals=vals):
                response = self.call_kw(MODEL, "create", [dict(values, **vals)])
                self.assert_refused(response, error)
        contract_id = self.assert_accepted(self.call_kw(MODEL, "create", [values]))
        response = self.call_kw(MODEL, "action_close", [[contract_id]])
        self.assertIn("not active", self.assert_refused(response, USER))
        self.assert_accepted(self.call_kw(MODEL, "write", [[contract_id], {"lesson_count": 12}]))
        self.assert_accepted(self.call_kw(MODEL, "action_sign", [[contract_id]]))
        contract = self.env[MODEL].browse(contract_id)
        self.assertEqual((contract.state, contract.lesson_count), ("active", 12))
        self.assert_accepted(self.call_kw(MODEL, "action_close", [[contract_id]]))
        contract.invalidate_recordset()
        self.assertEqual(contract.state, "closed")
