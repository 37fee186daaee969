# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

COMPLIANCE_GROUP = "crm_custom_core.group_crm_compliance"
ANONYMIZED = "[erased]"


class CrmDataRequest(models.Model):
    """A data-subject request (access, rectification, erasure, withdrawal)
    with its legal deadline. Export gathers everything the installed addons
    hold on the person in one file; erasure anonymizes the person in every
    addon through the ``_crm_privacy_*`` hooks, after confirmation by a
    compliance officer, and cannot be undone."""

    _name = "crm.data.request"
    _description = "Data-Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "deadline, id"

    name = fields.Char(
        string="Reference", readonly=True, copy=False, default=lambda self: self.env._("New")
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    requester_name = fields.Char(help="Who asked, when not the person themself.")
    requester_email = fields.Char()
    request_type = fields.Selection(
        [
            ("access", "Access / Export"),
            ("rectification", "Rectification"),
            ("erasure", "Erasure"),
            ("withdrawal", "Consent Withdrawal"),
        ],
        required=True,
        tracking=True,
    )
    regime_id = fields.Many2one(
        "crm.privacy.regime",
        string="Regime",
        required=True,
        default=lambda self: (
            self.env.company.crm_privacy_regime_id
            or self.env["crm.privacy.regime"].search([], limit=1)
        ),
        ondelete="restrict",
    )
    date_received = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    deadline = fields.Date(compute="_compute_deadline", store=True, index=True, tracking=True)
    confirm_deadline = fields.Date(
        string="Confirm Receipt By", compute="_compute_deadline", store=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("to_confirm", "Erasure to Confirm"),
            ("done", "Done"),
            ("rejected", "Rejected"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    description = fields.Text(help="What the person asks, in their words.")
    response = fields.Text(help="What was done and answered.")
    export_attachment_id = fields.Many2one(
        "ir.attachment", string="Export File", readonly=True, ondelete="set null"
    )
    erasure_requested_by_id = fields.Many2one("res.users", readonly=True, ondelete="set null")
    confirmed_by_id = fields.Many2one(
        "res.users", string="Erasure Confirmed By", readonly=True, ondelete="set null"
    )
    date_done = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        required=True,
        index=True,
        ondelete="restrict",
    )

    @api.depends("date_received", "regime_id.response_days", "regime_id.day_type", "company_id")
    def _compute_deadline(self):
        for request in self:
            regime = request.regime_id
            if not (regime and request.date_received):
                request.deadline = request.confirm_deadline = False
                continue
            company = request.company_id or self.env.company
            request.deadline = regime._add_days(
                request.date_received, regime.response_days, company
            )
            request.confirm_deadline = (
                regime._add_days(request.date_received, regime.confirm_days, company)
                if regime.confirm_days
                else False
            )

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = request.state not in ("done", "rejected") and bool(
                request.deadline and request.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "not in", ("done", "rejected")),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.data.request") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # FLOW
    # ------------------------------------------------------------

    def _check_compliance(self):
        if not self.env.user.has_group(COMPLIANCE_GROUP):
            raise AccessError(
                self.env._("Only a compliance officer may handle data-subject requests.")
            )

    def _check_open(self):
        for request in self:
            if request.state in ("done", "rejected"):
                raise UserError(self.env._("Request %(name)s is closed.", name=request.name))

    def action_start(self):
        self._check_compliance()
        self._check_open()
        self.filtered(lambda r: r.state == "new").write({"state": "in_progress"})
        return True

    def action_export(self):
        """Gather everything about the person into one JSON file."""
        self._check_compliance()
        self._check_open()
        for request in self:
            data = request.partner_id._crm_privacy_collect()
            content = json.dumps(data, ensure_ascii=False, indent=2, default=str)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{request.name.replace('/', '-')}-export.json",
                        "raw": content.encode(),
                        "mimetype": "application/json",
                        "res_model": self._name,
                        "res_id": request.id,
                    }
                )
            )
            request.write({"export_attachment_id": attachment.id, "state": "in_progress"})
            self.env["crm.audit.event"]._log(
                "dsr_export",
                request.partner_id,
                detail=self.env._(
                    "Export for request %(name)s: %(count)s record(s)",
                    name=request.name,
                    count=sum(len(rows) for rows in data["records"].values()),
                ),
            )
        return True

    def action_download_export(self):
        self.ensure_one()
        if not self.export_attachment_id:
            raise UserError(self.env._("Export File: run the export first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.export_attachment_id.id}?download=true",
            "target": "self",
        }

    def action_request_erasure(self):
        self._check_compliance()
        self._check_open()
        for request in self:
            if request.request_type != "erasure":
                raise UserError(
                    self.env._("Request %(name)s is not an erasure request.", name=request.name)
                )
        self.write({"state": "to_confirm", "erasure_requested_by_id": self.env.uid})
        return True

    def action_confirm_erasure(self):
        """Anonymize the person everywhere. Cannot be undone."""
        self._check_compliance()
        for request in self:
            if request.state != "to_confirm":
                raise UserError(
                    self.env._(
                        "Request %(name)s: prepare the erasure before confirming it.",
                        name=request.name,
                    )
                )
            partner = request.partner_id
            self.env["crm.audit.event"]._log(
                "erasure",
                partner,
                detail=self.env._("Erasure for request %(name)s", name=request.name),
            )
            partner._crm_privacy_erase()
            request.write(
                {
                    "state": "done",
                    "confirmed_by_id": self.env.uid,
                    "date_done": fields.Datetime.now(),
                }
            )
        return True

    def action_withdraw_consents(self):
        self._check_compliance()
        self._check_open()
        consents = self.env["crm.consent"].search(
            [("partner_id", "in", self.partner_id.ids), ("state", "=", "granted")]
        )
        consents.action_withdraw()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_done(self):
        self._check_compliance()
        self._check_open()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_reject(self):
        self._check_compliance()
        self._check_open()
        for request in self:
            if not (request.response or "").strip():
                raise UserError(
                    self.env._("Response: say why request %(name)s is rejected.", name=request.name)
                )
        self.write({"state": "rejected", "date_done": fields.Datetime.now()})
        return True

    # ------------------------------------------------------------
    # PRIVACY HOOKS
    # ------------------------------------------------------------

    _crm_privacy_partner_field = "partner_id"

    def _crm_privacy_anonymize(self):
        """Keep the request as proof of handling, without who asked."""
        self.sudo().write(
            {"requester_name": ANONYMIZED, "requester_email": False, "description": False}
        )
        self.export_attachment_id.sudo().unlink()
