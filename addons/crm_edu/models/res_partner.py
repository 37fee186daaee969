# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    edu_guardian_ids = fields.One2many(
        "crm.edu.guardian",
        "partner_id",
        string="Guardian Of",
        groups="sales_team.group_sale_salesman",
    )
    edu_student_count = fields.Integer(
        compute="_compute_edu_student_count",
        string="Students",
        groups="sales_team.group_sale_salesman",
    )

    def _compute_edu_student_count(self):
        self._crm_count("edu_student_count", "crm.edu.guardian", "partner_id")

    def action_edu_view_students(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_edu.crm_edu_student_action")
        action["domain"] = [("guardian_ids.partner_id", "=", self.id)]
        return action

    @api.ondelete(at_uninstall=False)
    def _unlink_except_contracts(self):
        self.env["crm.delete.guard"]._refuse_if_holding(
            self, self.env["crm.edu.contract"].sudo().search([("partner_id", "in", self.ids)])
        )
