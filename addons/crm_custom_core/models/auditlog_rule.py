# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.auditlog.models.auditlog_rule import EMPTY_DICT, DictDiffer


class AuditlogRule(models.Model):
    """Log a batch write or create with a constant number of queries: one
    insert of logs and one of lines, names computed for the whole batch,
    instead of a name fetch and an insert per record."""

    _inherit = "auditlog.rule"

    def create_logs(
        self,
        uid,
        res_model,
        res_ids,
        method,
        old_values=None,
        new_values=None,
        additional_log_values=None,
    ):
        if method not in ("create", "write") or len(res_ids) < 2:
            return super().create_logs(
                uid, res_model, res_ids, method, old_values, new_values, additional_log_values
            )
        old_values = old_values or EMPTY_DICT
        new_values = new_values or EMPTY_DICT
        model_id = self.pool._auditlog_model_cache[res_model]
        rule = self.env["auditlog.rule"].search([("model_id", "=", model_id)], limit=1)
        excluded = rule.fields_to_exclude_ids.mapped("name")
        base_vals = {
            "model_id": model_id,
            "method": method,
            "user_id": uid,
            "http_request_id": self.env["auditlog.http.request"].current_http_request(),
            "http_session_id": self.env["auditlog.http.session"].current_http_session(),
            **(additional_log_values or {}),
        }
        records = self.env[res_model].browse(res_ids)
        names = {record.id: record.display_name for record in records}
        vals_list = []
        for res_id in res_ids:
            log_vals = {**base_vals, "res_id": res_id}
            diff = DictDiffer(
                new_values.get(res_id, EMPTY_DICT), old_values.get(res_id, EMPTY_DICT)
            )
            if method == "create":
                lines = self._create_log_line_on_create(
                    log_vals, diff.added(), new_values, excluded
                )
            else:
                lines = self._create_log_line_on_write(
                    log_vals, diff.changed(), old_values, new_values, excluded
                )
            if lines:
                vals_list.append({**log_vals, "line_ids": lines, "name": names.get(res_id)})
        return self.env["auditlog.log"].create(vals_list)
