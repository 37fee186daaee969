# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Calls as an attacker makes them: real HTTP JSON-RPC to /web/dataset/call_kw,
the path the web client uses, with whatever context and values the caller
chooses. Shared by the adversarial tests of the suite's addons."""

import json
from pathlib import Path

from odoo.tests import HttpCase
from odoo.tools import mute_logger

# What a clean refusal is: an exception meant for the user, with its message.
CLEAN_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
}
# The folder of the suite's addons: a traceback raised in a file there is our bug.
OUR_CODE = str(Path(__file__).resolve().parents[2]) + "/"


class CrmRpcAttackerCase(HttpCase):
    """Attack the server the way a hostile user of the web client would: real
    HTTP JSON-RPC calls to ``/web/dataset/call_kw`` in the session of a real
    user (``self.authenticate(login, password)`` first), with whatever
    context, fields and values the attacker chooses. Editions import this
    class; it holds no test."""

    def call_kw(self, model, method, args, kwargs=None, context=None):
        """POST ``model.method(*args, **kwargs)`` as the authenticated user and
        return the decoded JSON-RPC response (``result`` or ``error``)."""
        kwargs = dict(kwargs or {})
        if context is not None:
            kwargs["context"] = {**kwargs.get("context", {}), **context}
        payload = {
            "id": 1,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        }
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),  # NaN and Infinity as Python's json sends them
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    @staticmethod
    def error_name(response):
        return (response.get("error") or {}).get("data", {}).get("name")

    def assert_refused(self, response, *names, message=None):
        """The call was refused with one of ``names`` (default: any clean
        refusal), and its message matches ``message`` if given."""
        names = names or tuple(CLEAN_ERRORS)
        error = response.get("error")
        self.assertTrue(error, f"accepted: {str(response.get('result'))[:200]}")
        self.assertIn(error["data"]["name"], names, error["data"].get("debug", "")[-1500:])
        if message:
            self.assertRegex(error["data"]["message"], message)
        return error["data"]["message"]

    def assert_accepted(self, response):
        error = response.get("error")
        self.assertFalse(error, error and error["data"].get("debug", "")[-1500:])
        return response.get("result")

    @staticmethod
    def classify(response):
        """``accepted``, ``refused`` (a clean error), ``ours`` (a traceback
        from our code) or ``odoo`` (a traceback from Odoo's conversions)."""
        error = response.get("error")
        if not error:
            return "accepted"
        data = error.get("data", {})
        if data.get("name") in CLEAN_ERRORS:
            return "refused"
        frames = [
            line for line in data.get("debug", "").splitlines() if line.strip().startswith('File "')
        ]
        return "ours" if frames and OUR_CODE in frames[-1] else "odoo"


# Hostile values per field type: wrong types, NaN and infinities, huge texts,
# NUL bytes, impossible dates, unknown ids.
HUGE = "x" * 1_000_001
BAD_VALUES = {
    "char": [["a", "b"], {"a": 1}, 12345, "nul\x00byte", HUGE],
    "text": [["a", "b"], 12345, "nul\x00byte", HUGE + "x"],
    "html": [["a", "b"], 12345, "nul\x00byte"],
    "integer": ["abc", 1.5, 2**40, [1], float("nan")],
    "float": ["abc", float("nan"), float("inf"), float("-inf"), 1e300, [1]],
    "monetary": ["abc", float("nan"), float("inf"), 1e300, [1]],
    "date": ["2026-02-30", "garbage", 20260101, "0001-01-01", [2026]],
    "datetime": ["2026-13-01 00:00:00", "garbage", 20260101, "0001-01-01 00:00:00"],
    "boolean": ["yes", 2, [True]],
    "selection": ["no_such_value", 12345, ["a"]],
    "many2one": ["abc", 10**9, -1, [1, 2], 1.5],
}
MAGIC_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}


class CrmBadInputCorpus:
    """Mixin for a CrmRpcAttackerCase: send every hostile value to every
    stored, writable field of given records and sort the answers."""

    def run_bad_input_corpus(self, records):
        """Return (stats, problems, odoo_errors): counts per outcome, the
        calls that stored a bad value or broke in our code or changed a
        refused record, and Odoo's own conversion errors by name."""
        stats = {"calls": 0, "accepted": 0, "refused": 0, "ours": 0, "odoo": 0}
        problems, odoo_errors = [], {}
        # The database's own refusals (unknown ids) are logged as errors by
        # the server thread: expected here, asserted on below.
        with mute_logger("odoo.sql_db", "odoo.http"):
            for record in records:
                self._corpus_record(record, stats, problems, odoo_errors)
        return stats, problems, odoo_errors

    def _corpus_record(self, record, stats, problems, odoo_errors):
        if len(record) != 1 or not record.exists():
            problems.append(f"no record to try: {record}")
            return
        fields_to_try = [
            field
            for name, field in record._fields.items()
            if field.store
            and name not in MAGIC_FIELDS
            and field.type in BAD_VALUES
            and not (field.compute and field.readonly)
            and not field.related
            and not name.startswith(("message_", "activity_"))
        ]
        calls = [({"no_such_field_xyz": 1}, None)]
        calls += [
            ({field.name: value}, field)
            for field in fields_to_try
            for value in BAD_VALUES[field.type]
        ]
        for vals, field in calls:
            before = record.sudo().read([field.name])[0][field.name] if field else None
            response = self.call_kw(record._name, "write", [record.ids, vals])
            outcome = self.classify(response)
            stats["calls"] += 1
            stats[outcome] += 1
            label = f"{record._name}.{next(iter(vals))} = {str(next(iter(vals.values())))[:30]!r}"
            if outcome == "odoo":
                name = self.error_name(response) or "?"
                odoo_errors.setdefault(name, []).append(label)
            elif outcome != "refused":
                problems.append(f"{outcome}: {label}")
            if field and outcome != "accepted":
                record.invalidate_recordset()
                after = record.sudo().read([field.name])[0][field.name]
                if after != before:
                    problems.append(f"changed although refused: {label}")
