# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["crm.team", "crm.input.guard.mixin"]

    region_id = fields.Many2one(
        "crm.region",
        string="Region",
        index="btree_not_null",
        check_company=True,
        help="Regional managers of this region see the team's leads and customers.",
        ondelete="set null",
    )
    process_template_id = fields.Many2one(
        "crm.process.template",
        string="Process",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="Process whose stages, gates and time standards this team follows.",
        ondelete="set null",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        help="Calendar used for time standards counted in working hours. "
        "The company's calendar is used when empty.",
        ondelete="set null",
    )

    crm_edition = fields.Selection(
        [],
        string="Edition",
        index="btree_not_null",
        help="Edition whose app shows this team: its pipeline, its stages and the "
        "sections of its lead form. Each edition adds its value.",
    )

    pool_id = fields.Many2one(
        "crm.pool",
        string="Customer Pool",
        index="btree_not_null",
        check_company=True,
        help="Pool the team's neglected leads return to.",
        ondelete="set null",
    )

    def action_apply_process_template(self):
        """Apply the team's process again (e.g. after the template changed)."""
        for team in self.filtered("process_template_id"):
            team.process_template_id._apply_to_teams(team)
        return True

    def _get_working_calendar(self):
        self.ensure_one()
        return (
            self.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )
