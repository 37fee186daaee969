# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

MASK_TYPES = [
    ("phone", "Phone number"),
    ("email", "E-mail"),
    ("id_number", "ID number"),
    ("address", "Address"),
    ("name", "Name"),
    ("generic", "Other"),
]


# Fields Odoo derives from a personal field (sanitized, normalized, formatted,
# address compounds): masked, and guarded in searches, like their source.
DERIVED_FIELDS = {
    "phone": ("phone_sanitized", "phone_mobile_search", "mobile_blacklisted"),
    "email": ("email_normalized", "email_formatted"),
    "address": ("contact_address", "contact_address_inline", "contact_address_complete"),
}


class CrmPersonalField(models.Model):
    """Registry of personal fields: which field of which model holds personal
    data and how to mask it. The core registers the usual fields of partners
    and leads; editions register their own as data."""

    _name = "crm.personal.field"
    _description = "Personal Data Field"
    _inherit = ["crm.input.guard.mixin"]
    _order = "model, sequence, id"

    sequence = fields.Integer(default=10)
    model_id = fields.Many2one("ir.model", required=True, ondelete="cascade", index=True)
    model = fields.Char(related="model_id.model", store=True, index=True, string="Model Name")
    field_id = fields.Many2one(
        "ir.model.fields",
        required=True,
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('char', 'text'))]",
    )
    field_name = fields.Char(related="field_id.name", store=True)
    mask_type = fields.Selection(MASK_TYPES, required=True, default="generic")
    active = fields.Boolean(default=True)
    sensitive = fields.Boolean(
        help="Sensitive personal information (PIPL Art. 28: health, financial accounts, "
        "whereabouts, biometrics, data of minors under 14)."
    )

    _field_unique = models.Constraint(
        "UNIQUE(field_id)", "This field is already registered as personal data."
    )

    @api.constrains("model_id", "field_id")
    def _check_field_of_model(self):
        for record in self:
            if record.field_id.model_id != record.model_id:
                raise ValidationError(
                    self.env._(
                        "Field: %(field)s does not belong to %(model)s.",
                        field=record.field_id.name,
                        model=record.model_id.model,
                    )
                )

    @api.model
    @tools.ormcache("model_name")
    def _get_fields_for(self, model_name):
        """{field name: mask type} of the active personal fields of a model,
        and of the fields Odoo derives from them."""
        rows = self.sudo().search_read(
            [("model", "=", model_name), ("active", "=", True)], ["field_name", "mask_type"]
        )
        personal = {row["field_name"]: row["mask_type"] for row in rows}
        model_fields = self.env[model_name]._fields if model_name in self.env else {}
        for mask_type in set(personal.values()):
            for name in DERIVED_FIELDS.get(mask_type, ()):
                field = model_fields.get(name)
                if field is not None and field.type == "char":
                    personal.setdefault(name, mask_type)
        return personal

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _mask(self, value, mask_type):
        """``138****5678`` for a phone, ``z***@example.com`` for an e-mail..."""
        if not value or not isinstance(value, str):
            return value
        if mask_type == "phone":
            compact = re.sub(r"[\s\-().]", "", value)
            if len(compact) <= 7:
                return compact[:1] + "****"
            return compact[:3] + "****" + compact[-4:]
        if mask_type == "email":
            local, _sep, domain = value.partition("@")
            return (local[:1] or "*") + "***@" + domain if domain else value[:1] + "***"
        if mask_type == "id_number":
            if len(value) <= 8:
                return value[:1] + "****"
            return value[:3] + "*" * (len(value) - 7) + value[-4:]
        if mask_type == "address":
            return value[:4] + "****"
        if mask_type == "name":
            return value[:1] + "**"
        return "****"
