# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Bounds of what a person can mean to type. Odoo stores a list sent as a name
# as "['a', 'b']", NaN as a number and a megabyte as a name: refused here.
CHAR_MAX = 2048
TEXT_MAX = 1_000_000
INT_RANGE = (-(2**31), 2**31 - 1)
FLOAT_MAX = 1e15
YEAR_RANGE = (1900, 2999)


class CrmInputGuardMixin(models.AbstractModel):
    """Validates the values a caller sends to ``create`` and ``write`` before
    Odoo converts them: the right type, a finite number, a real date, a known
    selection value, a bounded text without NUL bytes. A refusal is a
    ``ValidationError`` naming the field and the reason, raised before
    anything is written."""

    _name = "crm.input.guard.mixin"
    _description = "Input Validation"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_check_input(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_check_input(vals)
        return super().write(vals)

    @api.model
    def _crm_check_input(self, vals):
        """Raise a ValidationError naming the first field of ``vals`` whose
        value cannot be what the field holds."""
        if not isinstance(vals, dict):
            raise ValidationError(
                self.env._("%(model)s: values must be a dictionary.", model=self._description)
            )
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                raise ValidationError(
                    self.env._(
                        "%(model)s has no field \u201c%(field)s\u201d.",
                        model=self._description,
                        field=str(name)[:80],
                    )
                )
            problem = self._crm_input_problem(field, value)
            if problem:
                raise ValidationError(
                    self.env._(
                        "%(model)s, field \u201c%(field)s\u201d: %(problem)s",
                        model=self._description,
                        field=field._description_string(self.env),
                        problem=problem,
                    )
                )

    def _crm_field_labels(self, names):
        """The labels of the fields ``names``, sorted, for a refusal message."""
        return ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))

    def _crm_input_problem(self, field, value):
        """Why ``value`` cannot be stored in ``field``, or None."""
        kind = field.type
        if value is None or (value is False and kind != "boolean"):
            return None
        if value == "" and kind in ("date", "datetime", "selection"):
            return None
        check = {
            "char": self._crm_text_problem,
            "text": self._crm_text_problem,
            "html": self._crm_text_problem,
            "selection": self._crm_selection_problem,
            "boolean": self._crm_boolean_problem,
            "integer": self._crm_integer_problem,
            "float": self._crm_number_problem,
            "monetary": self._crm_number_problem,
            "date": self._crm_date_problem,
            "datetime": self._crm_date_problem,
            "many2one": self._crm_many2one_problem,
            "one2many": self._crm_list_problem,
            "many2many": self._crm_list_problem,
        }.get(kind)
        return check(field, value) if check else None

    def _crm_text_problem(self, field, value):
        if field.name.endswith("domain") and isinstance(value, list | tuple):
            # Odoo's domain fields (assignment_domain...) take a domain list,
            # stored as its text and checked by their own constraint.
            value = str(value)
        if not isinstance(value, str):
            return self.env._("text expected, got %(type)s.", type=type(value).__name__)
        limit = field.size or (CHAR_MAX if field.type == "char" else TEXT_MAX)
        if len(value) > limit:
            return self.env._(
                "%(length)s characters is too long (at most %(limit)s).",
                length=len(value),
                limit=limit,
            )
        if "\x00" in value:
            return self.env._("NUL characters are not allowed.")
        return None

    def _crm_selection_problem(self, field, value):
        allowed = [key for key, _label in field._description_selection(self.env)]
        if value in allowed:
            return None
        return self.env._(
            "%(value)r is not one of %(allowed)s.",
            value=str(value)[:80],
            allowed=", ".join(map(str, allowed)),
        )

    def _crm_boolean_problem(self, field, value):
        if isinstance(value, bool) or value in (0, 1):
            return None
        return self.env._("true or false expected, got %(type)s.", type=type(value).__name__)

    def _crm_integer_problem(self, field, value):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.env._("whole number expected, got %(type)s.", type=type(value).__name__)
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return self.env._("%(value)s is out of range.", value=value)
        return None

    def _crm_number_problem(self, field, value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return self.env._("number expected, got %(type)s.", type=type(value).__name__)
        if not math.isfinite(value) or abs(value) > FLOAT_MAX:
            return self.env._("%(value)s is not a finite amount.", value=value)
        return None

    def _crm_many2one_problem(self, field, value):
        if isinstance(value, models.BaseModel):
            if value._name != field.comodel_name or len(value) > 1:
                return self.env._("a single %(model)s expected.", model=field.comodel_name)
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            return self.env._("a record id expected, got %(value)r.", value=str(value)[:80])
        if field.company_dependent and not self.env[field.comodel_name].browse(value).exists():
            # Stored as JSON: no foreign key refuses an unknown id.
            return self.env._("there is no record %(value)s.", value=value)
        return None

    def _crm_list_problem(self, field, value):
        if isinstance(value, list | tuple | models.BaseModel):
            return None
        return self.env._("a list of records expected, got %(type)s.", type=type(value).__name__)

    def _crm_date_problem(self, field, value):
        if isinstance(value, datetime.date):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = (
                    fields.Date.to_date(value)
                    if field.type == "date"
                    else fields.Datetime.to_datetime(value)
                )
            except ValueError:
                parsed = None
            if parsed is None:
                return self.env._("%(value)r is not a valid date.", value=value[:40])
        else:
            return self.env._("a date expected, got %(type)s.", type=type(value).__name__)
        if not YEAR_RANGE[0] <= parsed.year <= YEAR_RANGE[1]:
            return self.env._("year %(year)s is out of range.", year=parsed.year)
        return None
