# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    edu_student_name = fields.Char(string="Student Name (form)")
    edu_student_birth_date = fields.Date(string="Student Birth Date (form)")
    edu_student_id = fields.Many2one(
        "crm.edu.student", string="Student", index="btree_not_null", ondelete="set null"
    )
    edu_trial_ids = fields.One2many("crm.edu.attendee", "lead_id", string="Trial Lessons")
    edu_trial_attended_date = fields.Date(string="Trial Attended On", copy=False)
    edu_recommended_course_id = fields.Many2one(
        "crm.edu.course", string="Recommended Course", ondelete="set null"
    )
    edu_contract_id = fields.Many2one(
        "crm.edu.contract",
        string="Enrollment Contract",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    edu_is_renewal = fields.Boolean(string="Renewal", copy=False)
    edu_renewed_contract_id = fields.Many2one(
        "crm.edu.contract",
        string="Renewed Contract",
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    edu_is_campus = fields.Boolean(related="team_id.is_campus", string="Campus Lead")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_edu_log_callback(self):
        """Record the phone callback (a done Call activity)."""
        for lead in self:
            activity = lead.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.env._("Phone callback"),
                user_id=lead.user_id.id or self.env.uid,
            )
            activity.action_feedback(feedback=self.env._("Family called back."))
        self._edu_advance("crm_edu.edu_stage_callback")
        return True

    def action_edu_create_student(self):
        """The student of the enquiry, with the enquirer as guardian."""
        self.ensure_one()
        if self.edu_student_id:
            return self._edu_student_action()
        partner = self.partner_id
        if not partner:
            if not (self.contact_name or self.partner_name):
                raise UserError(
                    self.env._(
                        "Lead \u201c%(lead)s\u201d: fill the field \u201cContact Name\u201d "
                        "(the guardian) before registering the student.",
                        lead=self.name,
                    )
                )
            partner = self.env["res.partner"].create(
                {
                    "name": self.contact_name or self.partner_name,
                    "phone": self.phone,
                    "email": self.email_from,
                }
            )
            self.partner_id = partner
        student = self.env["crm.edu.student"].create(
            {
                "name": self.edu_student_name or self.env._("Child of %s", partner.name),
                "birth_date": self.edu_student_birth_date,
                "campus_id": self.team_id.id if self.team_id.is_campus else False,
                "user_id": self.user_id.id,
                "lead_id": self.id,
                "company_id": (self.company_id or self.env.company).id,
                "guardian_ids": [
                    fields.Command.create(
                        {"partner_id": partner.id, "relationship": "mother", "is_primary": True}
                    )
                ],
            }
        )
        self.edu_student_id = student
        return self._edu_student_action()

    def _edu_student_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.edu.student",
            "res_id": self.edu_student_id.id,
            "view_mode": "form",
        }

    def action_edu_recommend(self):
        self.ensure_one()
        if not self.edu_student_id:
            raise UserError(
                self.env._(
                    "Lead \u201c%(lead)s\u201d: register the student first (field "
                    "\u201cStudent\u201d).",
                    lead=self.name,
                )
            )
        return self.env["crm.edu.recommend"]._edu_open(self.edu_student_id, self)

    def action_edu_new_contract(self):
        self.ensure_one()
        if not self.edu_student_id:
            raise UserError(
                self.env._(
                    "Lead \u201c%(lead)s\u201d: register the student before the contract.",
                    lead=self.name,
                )
            )
        course = self.edu_recommended_course_id
        guardian = self.edu_student_id.guardian_ids[:1].partner_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.edu.contract",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_lead_id": self.id,
                "default_student_id": self.edu_student_id.id,
                "default_partner_id": guardian.id,
                "default_course_id": course.id,
                "default_lesson_count": min(course.lesson_count, 60) if course else 0,
                "default_campus_id": self.team_id.id if self.team_id.is_campus else False,
                "default_user_id": self.user_id.id,
            },
        }

    def action_edu_view_contract(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.edu.contract",
            "res_id": self.edu_contract_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _edu_team_stage(self, team, xmlid):
        """The pipeline stage of ``team`` made from the enrollment template
        stage ``xmlid`` (empty when the team does not use the template)."""
        tstage = self.env.ref(xmlid, raise_if_not_found=False)
        if not team or not tstage:
            return self.env["crm.stage"]
        return (
            self.env["crm.stage"]
            .sudo()
            .search(
                [("process_stage_id", "=", tstage.id), ("team_ids", "in", team.ids)],
                limit=1,
            )
        )

    def _edu_advance(self, xmlid):
        """Move the leads forward to the enrollment stage ``xmlid`` when their
        campus uses the enrollment process and the gates let them; a lead that
        may not move yet keeps its stage and says why in its chatter."""
        for lead in self:
            stage = self._edu_team_stage(lead.team_id, xmlid)
            if not stage or stage == lead.stage_id:
                continue
            if lead.stage_id and stage._order_key() <= lead.stage_id._order_key():
                continue
            missing = lead._get_stage_gate_missing(stage).get(lead)
            if missing:
                # a note for the lead's advisor, in the advisor's language
                theirs = lead._crm_for(lead.user_id)
                missing = theirs._get_stage_gate_missing(stage).get(lead) or missing
                lead.message_post(
                    body=theirs.env._(
                        "Not moved to \u201c%(stage)s\u201d; missing: %(items)s",
                        stage=stage.with_env(theirs.env).name,
                        items="; ".join(missing),
                    )
                )
                continue
            lead.stage_id = stage
