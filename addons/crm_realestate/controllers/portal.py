# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

FIELDS = ("project_id", "buyer_name", "phone_prefix", "phone_suffix")


class RealEstateBrokerPortal(CustomerPortal):
    """Channel brokers pre-register buyers (渠道报备) from the portal and
    through a JSON route, and see their own registrations only (record
    rules). Only the name and the first 3 / last 4 digits of the phone are
    taken: no full number, no photo, no biometric data."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "re_registration_count" in counters:
            Registration = request.env["crm.re.broker.registration"]
            values["re_registration_count"] = (
                Registration.search_count([]) if Registration.has_access("read") else 0
            )
        return values

    def _re_projects(self):
        # brokers read the projects on sale, not the project records themselves
        return (
            request.env["crm.re.project"]
            .sudo()
            .search([("active", "=", True), ("company_id", "in", request.env.user.company_ids.ids)])
        )

    def _re_register(self, values):
        """Create the registration as the broker; return (record, error)."""
        Registration = request.env["crm.re.broker.registration"]
        try:
            project_id = int(values.get("project_id") or 0)
        except (TypeError, ValueError):
            project_id = 0
        if project_id not in self._re_projects().ids:
            return Registration, request.env._("Project: choose a project on sale.")
        try:
            with request.env.cr.savepoint():
                registration = Registration.create(
                    {
                        "project_id": project_id,
                        "buyer_name": values.get("buyer_name") or "",
                        "phone_prefix": values.get("phone_prefix") or "",
                        "phone_suffix": values.get("phone_suffix") or "",
                    }
                )
        except (UserError, ValidationError, AccessError) as error:
            return Registration, str(error)
        return registration, False

    @http.route(["/my/re/registrations"], type="http", auth="user", website=True, methods=["GET"])
    def portal_re_registrations(self, **kwargs):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "re_registrations",
                "registrations": request.env["crm.re.broker.registration"].search([]),
                "projects": self._re_projects(),
                "error": kwargs.get("error"),
                "success": kwargs.get("success"),
                "form": {},
            }
        )
        return request.render("crm_realestate.portal_my_re_registrations", values)

    @http.route(
        ["/my/re/registrations/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_re_registration_new(self, **post):
        registration, error = self._re_register(post)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "re_registrations",
                "registrations": request.env["crm.re.broker.registration"].search([]),
                "projects": self._re_projects(),
                "error": error,
                "success": registration
                and request.env._(
                    "%(name)s (%(phone)s) is registered.",
                    name=registration.buyer_name,
                    phone=registration.phone_masked,
                ),
                "form": {} if registration else {k: post.get(k, "") for k in FIELDS},
            }
        )
        return request.render("crm_realestate.portal_my_re_registrations", values)

    @http.route(["/re/api/registrations"], type="jsonrpc", auth="user", methods=["POST"])
    def api_re_registration(
        self, project_id=None, buyer_name=None, phone_prefix=None, phone_suffix=None
    ):
        """Register a buyer: returns the registration, or the refusal."""
        registration, error = self._re_register(
            {
                "project_id": project_id,
                "buyer_name": buyer_name,
                "phone_prefix": phone_prefix,
                "phone_suffix": phone_suffix,
            }
        )
        if error:
            return {"ok": False, "error": error}
        return {
            "ok": True,
            "id": registration.id,
            "buyer_name": registration.buyer_name,
            "phone": registration.phone_masked,
            "state": registration.state,
        }

    @http.route(["/re/api/registrations/list"], type="jsonrpc", auth="user", methods=["POST"])
    def api_re_registration_list(self):
        """The broker's own registrations."""
        return [
            {
                "id": r.id,
                "project": r.project_id.sudo().name,
                "buyer_name": r.buyer_name,
                "phone": r.phone_masked,
                "state": r.state,
                "protected_until": r.protected_until and str(r.protected_until),
            }
            for r in request.env["crm.re.broker.registration"].search([])
        ]
