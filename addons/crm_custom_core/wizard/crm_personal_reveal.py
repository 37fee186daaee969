# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmPersonalReveal(models.TransientModel):
    """Show one masked value of one record to a user without the Personal
    Data right, and log who saw it, when and from where."""

    _name = "crm.personal.reveal"
    _description = "Reveal Personal Data"
    _inherit = ["crm.input.guard.mixin"]

    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Integer(required=True, readonly=True)
    personal_field_id = fields.Many2one(
        "crm.personal.field",
        string="Field",
        required=True,
        domain="[('model', '=', res_model)]",
    )
    value = fields.Char(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("res_model") and "personal_field_id" in fields_list:
            first = self.env["crm.personal.field"].search(
                [("model", "=", values["res_model"])], limit=1
            )
            values.setdefault("personal_field_id", first.id)
        return values

    def action_reveal(self):
        self.ensure_one()
        if self.personal_field_id.model != self.res_model:
            raise UserError(self.env._("Field: choose a personal field of this record."))
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record no longer exists."))
        record.check_access("read")
        name = self.personal_field_id.field_name
        self.value = record.sudo()[name] or ""
        self.env["crm.audit.event"]._log(
            "reveal",
            record,
            field_names=name,
            detail=self.personal_field_id.sudo().field_id.field_description,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
