# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import EduCommon


@tagged("post_install", "-at_install")
class TestEduApp(EduCommon):
    """Education is its own app: the admissions pipeline shows the campuses'
    stages and leads only; an admissions lead shows no ID number or discount."""

    def test_admissions_pipeline_shows_the_edition_only(self):
        self.assertEqual(self.campus.crm_edition, "edu")
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_edu.crm_edu_lead_action")
        context = dict(safe_eval(action["context"]), read_group_expand=True)
        domain = safe_eval(action["domain"])
        lead = (
            self.env["crm.lead"]
            .with_user(self.advisor)
            .create({"name": "Form by RPC", "type": "opportunity", "team_id": self.campus.id})
        )
        self.assertEqual(lead.stage_id, self.edu_stages[0])
        other = self._create_lead(name="Lead of another app")
        Lead = self.env["crm.lead"].with_user(self.manager).with_context(**context)
        leads = Lead.search(domain)
        self.assertIn(lead, leads)
        self.assertNotIn(other, leads)
        groups = Lead.web_read_group(domain, ["stage_id"], unfold_read_specification={"id": {}})[
            "groups"
        ]
        columns = self.env["crm.stage"].browse(g["stage_id"][0] for g in groups if g["stage_id"])
        # columns shown although empty: the pipeline's own (a column with leads
        # is always shown, e.g. leads an older version left in a shared stage)
        stages = self.env["crm.stage"].browse(
            g["stage_id"][0] for g in groups if g["stage_id"] and not g["__count"]
        )
        self.assertLessEqual(self.edu_stages, columns)
        editions = {stage: set(stage.team_ids.mapped("crm_edition")) for stage in stages}
        self.assertFalse([s for s, e in editions.items() if e != {"edu"}])
        self.assertNotIn(self.env.ref("crm.stage_lead1"), stages)

    def test_admissions_form_has_no_id_number_or_discount(self):
        lead = self._create_lead(team_id=self.campus.id, user_id=self.advisor.id, stage_id=False)
        with Form(lead.with_user(self.advisor)) as form:
            form.edu_student_name = "小明"
            with self.assertRaisesRegex(AssertionError, "invisible"):
                form.id_number = "310101199001011234"
            with self.assertRaisesRegex(AssertionError, "invisible"):
                form.discount_percent = 10
        other = self._create_lead(name="Lead of another app")
        with Form(other) as form, self.assertRaisesRegex(AssertionError, "invisible"):
            form.edu_student_name = "小明"

    def test_advisor_daily_work_on_leads_others_created_and_follow(self):
        """An advisor opens, edits and moves a lead the campus manager created
        and an administrator follows, and creates one in their campus."""
        admin = self.env.ref("base.user_admin")
        admin.partner_id.user_id = admin
        lead = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Form by the manager",
                    "type": "opportunity",
                    "team_id": self.campus.id,
                    "user_id": self.advisor.id,
                }
            )
        )
        lead.sudo().message_subscribe(partner_ids=(admin.partner_id | self.manager.partner_id).ids)
        self.assertEqual(lead.stage_id, self.edu_stages[0])
        with Form(lead.with_user(self.advisor)) as form:
            form.edu_student_name = "小红"
            form.description = "Called the parents"
        Lead = (
            self.env["crm.lead"]
            .with_user(self.advisor)
            .with_context(default_type="opportunity", default_team_id=self.campus.id)
        )
        with Form(Lead) as form:
            form.name = "Walk-in family"
        self.assertEqual(form.record.stage_id, self.edu_stages[0])
