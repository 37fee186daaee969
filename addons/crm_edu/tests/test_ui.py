# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestEduTour(HttpCase, EduCommon):
    def test_enrollment_tour(self):
        """Online form -> callback -> trial -> contract -> attendance ->
        renewal, through the buttons of the forms, as advisor and teacher."""
        lead = self._edu_lead(name="Tour enquiry", contact_name="Tour Mother")
        lead_url = f"/odoo/action-crm_edu.crm_edu_lead_action/{lead.id}"
        self.start_tour(lead_url, "crm_edu_callback_tour", login="edu_advisor")
        student = lead.edu_student_id
        self.assertTrue(student)
        self.start_tour(lead_url, "crm_edu_trial_tour", login="edu_advisor")
        trial = lead.edu_trial_ids
        self.assertEqual(trial.session_id, self.first_session)
        session_url = "/odoo/action-crm_edu.crm_edu_session_action/%s"
        self.start_tour(
            session_url % self.first_session.id, "crm_edu_attendance_tour", login="edu_teacher"
        )
        self.assertEqual(trial.state, "present")
        self.assertEqual(lead.stage_id.name, "Trial Attended")
        self.start_tour(lead_url, "crm_edu_contract_tour", login="edu_advisor")
        contract = lead.edu_contract_id
        self.assertEqual(contract.state, "active")
        self.assertEqual(lead.won_status, "won")
        self.env["crm.edu.attendee"].create(
            {"session_id": self.sessions[1].id, "student_id": student.id}
        )
        self.start_tour(
            session_url % self.sessions[1].id, "crm_edu_attendance_tour", login="edu_teacher"
        )
        self.assertEqual(contract.remaining_lessons, 3)
        self.assertEqual(lead.stage_id.name, "After-Class Follow-up")
        self.assertTrue(
            lead.activity_ids.filtered(lambda a: "After-class feedback" in (a.summary or ""))
        )
        self.assertTrue(contract.renewal_lead_id, "3 lessons left: renewal opportunity")
