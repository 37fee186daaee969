# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.orm.domains import NEGATIVE_CONDITION_OPERATORS

PERSONAL_DATA_GROUP = "crm_custom_core.group_crm_personal_data"
# Searching a masked field with these operators tells nothing the user did not
# already know; a partial match (ilike...) would reveal the value piece by piece.
SAFE_SEARCH_OPERATORS = {"=", "!=", "in", "not in"}
# Aggregates of a masked field that tell nothing of its values.
SAFE_AGGREGATES = {"count", "count_distinct"}


class CrmPersonalDataMixin(models.AbstractModel):
    """Masks the registered personal fields (see ``crm.personal.field``) for
    users without the Personal Data right: in ``read`` (hence ``web_read``,
    ``search_read``), in exports, and against revealing searches. Exports of
    personal data are logged; values are revealed one at a time, logged,
    through the reveal wizard."""

    _name = "crm.personal.data.mixin"
    _description = "Personal Data Masking"

    def _personal_fields(self):
        return self.env["crm.personal.field"]._get_fields_for(self._name)

    def _personal_masking_active(self):
        return not self.env.su and not self.env.user.has_group(PERSONAL_DATA_GROUP)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        personal = self._personal_fields()
        names = [name for name in fnames if name in personal]
        if names and self._personal_masking_active():
            mask = self.env["crm.personal.field"]._mask
            for values in result:
                for name in names:
                    if values.get(name):
                        values[name] = mask(values[name], personal[name])
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        lines = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        personal = self._personal_fields()
        columns = [
            (index, personal[path[0]])
            for index, path in enumerate(fields)
            if len(path) == 1 and path[0] in personal
        ]
        if columns and self._personal_masking_active():
            mask = self.env["crm.personal.field"]._mask
            for line in lines:
                for index, mask_type in columns:
                    if line[index]:
                        line[index] = mask(line[index], mask_type)
        return lines

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        exported = sorted(
            path for path in set(fields_to_export) if self._personal_export_path(path.split("/"))
        )
        if exported:
            self.env["crm.audit.event"]._log(
                "export",
                self,
                field_names=", ".join(exported),
                detail=self.env._(
                    "%(count)s record(s) exported, personal fields %(state)s",
                    count=len(self),
                    state=self.env._("masked")
                    if self._personal_masking_active()
                    else self.env._("in clear"),
                ),
            )
        return result

    @api.model
    def _personal_export_path(self, path):
        """Whether the export path (``["partner_id", "phone"]``) ends on a
        personal field of the model it reaches."""
        model = self
        for name in path[:-1]:
            field = model._fields.get(name.removesuffix(".id"))
            if field is None or not field.relational:
                return False
            model = self.env[field.comodel_name]
        last = path[-1]
        return hasattr(model, "_personal_fields") and last in model._personal_fields()

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), *args, **kwargs):
        self._guard_personal_grouping(groupby, aggregates)
        return super()._read_group(domain, groupby, aggregates, *args, **kwargs)

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), *args, **kwargs):
        for groupby in grouping_sets:
            self._guard_personal_grouping(groupby, aggregates)
        return super()._read_grouping_sets(domain, grouping_sets, aggregates, *args, **kwargs)

    def _guard_personal_grouping(self, groupby, aggregates):
        """Group keys and aggregates such as array_agg would show masked
        values in clear: refused on personal fields for masked users."""
        personal = self._personal_fields()
        if not personal or not self._personal_masking_active():
            return
        names = [spec.split(":")[0].split(".")[0] for spec in groupby or ()]
        for spec in aggregates or ():
            name, _sep, func = spec.partition(":")
            if func not in SAFE_AGGREGATES:
                names.append(name.split(".")[0])
        refused = [name for name in names if name in personal]
        if refused:
            raise AccessError(
                self.env._(
                    "You may not group or aggregate by the personal field \u201c%(field)s\u201d.",
                    field=self._fields[refused[0]]._description_string(self.env),
                )
            )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        personal = self._personal_fields()
        if personal and self._personal_masking_active():

            def guard(condition):
                if (
                    condition.field_expr in personal
                    and condition.operator not in SAFE_SEARCH_OPERATORS
                ):
                    if condition.operator in NEGATIVE_CONDITION_OPERATORS:
                        return Domain.TRUE
                    return Domain.FALSE
                return condition

            domain = Domain(domain).map_conditions(guard)
        return super()._search(domain, offset=offset, limit=limit, order=order, **kwargs)

    def write(self, vals):
        personal = self._personal_fields()
        echoed = [
            name
            for name, value in vals.items()
            if name in personal and isinstance(value, str) and "*" in value
        ]
        if echoed and self._personal_masking_active():
            # A form saved by a masked user must not store the mask itself.
            mask = self.env["crm.personal.field"]._mask
            vals = dict(vals)
            for name in echoed:
                if all(mask(record[name], personal[name]) == vals[name] for record in self):
                    del vals[name]
        return super().write(vals)

    def action_reveal_personal_data(self):
        """Open the reveal wizard on this record."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reveal Personal Data"),
            "res_model": "crm.personal.reveal",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }
