# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmMedClinicalTrial(models.Model):
    _name = "crm.med.clinical.trial"
    _description = "Clinical Trial"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Device",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    phase = fields.Selection(
        [
            ("feasibility", "Early Feasibility / Pilot"),
            ("pivotal", "Pivotal"),
            ("post_market", "Post-Market Clinical Follow-up"),
        ],
        required=True,
        default="pivotal",
        tracking=True,
    )
    registry_id = fields.Char(
        string="Registry ID", help="Identifier in a public registry, e.g. NCT01234567."
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("recruiting", "Recruiting"),
            ("active", "Active, Not Recruiting"),
            ("completed", "Completed"),
            ("terminated", "Terminated"),
        ],
        default="planned",
        required=True,
        tracking=True,
    )
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    site_ids = fields.One2many("crm.med.trial.site", "trial_id", string="Sites")
    planned_enrollment = fields.Integer(compute="_compute_enrollment", store=True)
    actual_enrollment = fields.Integer(compute="_compute_enrollment", store=True)
    user_id = fields.Many2one(
        "res.users", string="Clinical Lead", default=lambda s: s.env.user, ondelete="set null"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="restrict",
    )

    @api.depends("site_ids.planned_enrollment", "site_ids.actual_enrollment")
    def _compute_enrollment(self):
        for trial in self:
            trial.planned_enrollment = sum(trial.site_ids.mapped("planned_enrollment"))
            trial.actual_enrollment = sum(trial.site_ids.mapped("actual_enrollment"))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for trial in self:
            if trial.date_start and trial.date_end and trial.date_end < trial.date_start:
                raise ValidationError(
                    self.env._(
                        "Clinical trial %(name)s: the end date cannot be before the start date.",
                        name=trial.name,
                    )
                )
