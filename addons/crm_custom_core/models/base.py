# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime

EXPORTED_TYPES = {
    "char",
    "text",
    "html",
    "selection",
    "date",
    "datetime",
    "integer",
    "float",
    "monetary",
    "boolean",
    "many2one",
}


class Base(models.AbstractModel):
    """Privacy hooks every model may implement. A model holding data about
    people sets ``_crm_privacy_subject = True`` and implements
    ``_crm_privacy_records`` (its records about given partners) and
    ``_crm_privacy_anonymize``; ``_crm_privacy_export_values`` has a generic
    default. ``res.partner._crm_privacy_collect`` and ``_crm_privacy_erase``
    call them on every installed model, so editions join in by implementing
    them on their models."""

    _inherit = "base"

    _crm_privacy_subject = False
    # Many2one to res.partner naming the person a record is about: enough for
    # the default _crm_privacy_records (and makes the model a subject).
    _crm_privacy_partner_field = None

    @api.model
    def _crm_privacy_records(self, partners):
        """The records of this model about ``partners``."""
        if not self._crm_privacy_partner_field:
            return self.browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([(self._crm_privacy_partner_field, "in", partners.ids)])
        )

    def _crm_privacy_export_values(self):
        """Everything stored on these records, as plain values."""
        names = [
            name
            for name, field in self._fields.items()
            if field.store and field.type in EXPORTED_TYPES and not name.startswith("message_")
        ]
        rows = self.sudo().read(names)
        for row in rows:
            for name, value in row.items():
                if isinstance(value, tuple):  # many2one: keep the label
                    row[name] = value[1]
        return rows

    def _crm_privacy_strings(self):
        """Identifying values of these records (names, e-mails, phones...),
        scrubbed from messages and logs when the records are anonymized."""
        personal = self.env["crm.personal.field"]._get_fields_for(self._name)
        strings = set()
        for record in self.sudo():
            for name in personal:
                value = record[name]
                if isinstance(value, str) and len(value.strip()) >= 4:
                    strings.add(value.strip())
        return strings

    def _crm_privacy_anonymize(self):
        """Replace what identifies a person on these records; keep the rest
        for anonymous statistics."""
        return True

    def _crm_related_action(self, xmlid, inverse_name):
        """The window action ``xmlid`` on the records pointing at this one
        through ``inverse_name``, new ones defaulting to it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(inverse_name, "=", self.id)]
        action["context"] = {f"default_{inverse_name}": self.id}
        return action

    # ------------------------------------------------------------
    # COUNTERS
    # ------------------------------------------------------------

    def _crm_count(self, field_name, comodel, inverse_name, domain=()):
        """Set ``field_name`` on ``self`` to the number of ``comodel`` records
        pointing at each record through ``inverse_name``: one grouped query."""
        counts = dict(
            self.env[comodel]._read_group(
                [(inverse_name, "in", self.ids), *domain], [inverse_name], ["__count"]
            )
        )
        for record in self:
            record[field_name] = counts.get(record, 0)

    # ------------------------------------------------------------
    # CONCURRENCY
    # ------------------------------------------------------------

    def _crm_lock_rows(self, message=None, wait=False, error=UserError):
        """Lock the rows of these records (in id order, so two transactions
        locking overlapping sets cannot deadlock) until the transaction ends.

        Without ``wait``, refuse at once when another transaction holds one
        of them; with it, wait for that transaction. A conflict raises
        ``error(message)`` (it is expected, so nothing is logged as an
        error); without ``message`` it propagates as the database's."""
        if not self:
            return
        self.env.flush_all()
        query = SQL(
            "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE%s",
            SQL.identifier(self._table),
            tuple(self.ids),
            SQL() if wait else SQL(" NOWAIT"),
        )
        if message is None:
            self.env.cr.execute(query)
        else:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(query, log_exceptions=False)
            except (LockNotAvailable, SerializationFailure):
                raise error(message) from None
        self.invalidate_recordset()

    # ------------------------------------------------------------
    # SCHEDULED JOBS
    # ------------------------------------------------------------

    @api.model
    def _crm_due_records(self, condition):
        """The records matching the SQL ``condition``, selected by one query
        meant for a partial index (the scheduled jobs never scan a table)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT id FROM %s WHERE %s", SQL.identifier(self._table), condition)
        )
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])

    # ------------------------------------------------------------
    # TEXTS FOR A PERSON (language, timezone)
    # ------------------------------------------------------------

    def _crm_for(self, user):
        """These records in the language of ``user`` (a res.users or
        res.partner), to write them a text from a job: ``rec._crm_for(user).env._(...)``.
        Without a person (a note read by several people), the language of
        the records' company's partner (the company's language)."""
        if user:
            lang = user.lang
        else:
            company = self[:1].company_id if "company_id" in self._fields else False
            lang = (company or self.env.company).partner_id.lang
        return self.with_context(lang=lang or self.env.lang or "en_US")

    def _crm_datetime(self, value, tz=None):
        """``value`` (UTC) written for a message in the language of this
        environment, in ``tz`` (the record's, e.g. its team's, campus's or
        project's timezone, else the recipient's), which the text names:
        ``2026-11-27 09:00 (Asia/Shanghai)``."""
        if not value:
            return ""
        tz = tz or self.env.context.get("tz") or self.env.user.tz or "UTC"
        when = format_datetime(self.env, value, tz=tz, dt_format="yyyy-MM-dd HH:mm")
        return f"{when} ({tz})"

    def _crm_todo_values(self, user, summary, deadline):
        """Values of a to-do activity on this record for ``user``."""
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": user.id,
            "date_deadline": deadline,
            "summary": summary,
        }
