# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase

CALL_KW = "/web/dataset/call_kw"


class CrmRpcAttackerCase(HttpCase):
    """Attack the server the way a hostile user of the web client would:
    real HTTP JSON-RPC calls to ``/web/dataset/call_kw`` in the session of a
    real user (``self.authenticate(login, password)`` first), with whatever
    context, fields and values the attacker chooses. Editions import this
    class; it holds no test."""

    def call_kw(self, model, method, args, kwargs=None, context=None):
        """Call ``model.method(*args, **kwargs)`` over JSON-RPC and return the
        parsed JSON-RPC response dict (``result`` or ``error``).

        ``context`` is merged into ``kwargs['context']``. The payload is
        serialized as Python's ``json`` does, so ``float('nan')`` and
        ``float('inf')`` travel as the ``NaN``/``Infinity`` literals the
        server's parser accepts."""
        kwargs = dict(kwargs or {})
        if context is not None:
            kwargs["context"] = {**kwargs.get("context", {}), **context}
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        }
        response = self.url_open(
            f"{CALL_KW}/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def assert_refused(self, response, *exception_names):
        """Assert the call was refused with one of ``exception_names`` (class
        paths such as ``'odoo.exceptions.UserError'``); return the message."""
        self.assertIn("error", response, f"accepted: {str(response)[:500]}")
        name = response["error"]["data"]["name"]
        self.assertIn(name, exception_names, response["error"]["data"].get("message"))
        return response["error"]["data"].get("message", "")

    def assert_accepted(self, response):
        """Assert the call succeeded; return its result."""
        self.assertNotIn("error", response, str(response.get("error"))[:2000])
        return response.get("result")
