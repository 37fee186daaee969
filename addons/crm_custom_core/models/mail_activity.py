# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        lead_ids = {a.res_id for a in self if a.res_model == "crm.lead" and a.res_id}
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if lead_ids:
            leads = self.env["crm.lead"].sudo().browse(lead_ids).exists()
            leads.write({"date_last_followup": fields.Datetime.now()})
            leads.filtered(lambda lead: not lead.date_first_action).write(
                {"date_first_action": fields.Datetime.now()}
            )
        return result
