# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestEduMergeDelete(EduCommon):
    """Duplicate enquiries merge with their students, trials and contracts;
    a contract keeps its course and its payer from being deleted."""

    def test_merge_moves_every_record(self):
        lead_a = self._edu_lead(name="Enquiry A")
        lead_b = self._edu_lead(name="Enquiry B")
        self.student_2.lead_id = lead_b
        trial = self.env["crm.edu.attendee"].create(
            {
                "session_id": self.first_session.id,
                "student_id": self.student_2.id,
                "kind": "trial",
                "lead_id": lead_b.id,
            }
        )
        contract = self._contract(student=self.student_2, sign=False, lead_id=lead_b.id)
        renewal = self._contract(sign=False, renewal_lead_id=lead_b.id)
        merged = (lead_a | lead_b).with_user(self.manager)._merge_opportunity(max_length=None)
        self.assertEqual(len((lead_a | lead_b).exists()), 1)
        self.assertEqual(self.student_2.lead_id, merged)
        self.assertEqual(trial.lead_id, merged)
        self.assertEqual(contract.lead_id, merged)
        self.assertEqual(renewal.renewal_lead_id, merged)

    def test_delete_lead_keeps_contract(self):
        """A contract belongs to the student and the payer: deleting the
        enquiry only unlinks it."""
        lead = self._edu_lead(name="Enquiry C")
        contract = self._contract(lead_id=lead.id)
        lead.with_user(self.user_sales_manager).unlink()
        self.assertTrue(contract.exists())
        self.assertFalse(contract.lead_id)

    def test_delete_course_or_payer_with_contract_refused(self):
        contract = self._contract()
        manager = mail_new_test_user(
            self.env,
            login="edu_partner_manager",
            groups="crm_edu.group_edu_manager,base.group_partner_manager",
        )
        with self.assertRefused(UserError, "cannot be deleted.*Enrollment Contract.*Archive"):
            self.course.with_user(self.manager).unlink()
        with self.assertRefused(UserError, "Test Mother Zhang cannot be deleted.*Contract"):
            self.guardian.with_user(manager).unlink()
        self.assertTrue(contract.exists())

    def test_partner_merge_keeps_guardians(self):
        """Odoo's partner merge deletes every row a unique constraint refuses
        to move: a guardian listed under two contacts keeps one row, and the
        other students of the merged contact keep theirs."""
        duplicate = self.env["res.partner"].create({"name": "Zhang (dup)"})
        self.student.guardian_ids = [(0, 0, {"partner_id": duplicate.id, "relationship": "mother"})]
        self.student_2.guardian_ids = [
            (0, 0, {"partner_id": duplicate.id, "relationship": "other"})
        ]
        contract = self._contract(student=self.student_2, partner_id=duplicate.id, sign=False)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.guardian | duplicate).ids, self.guardian)
        self.env.invalidate_all()
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.student.guardian_ids.partner_id, self.guardian)
        self.assertEqual(len(self.student.guardian_ids), 1)
        self.assertIn(self.guardian, self.student_2.guardian_ids.partner_id)
        self.assertEqual(contract.partner_id, self.guardian)
