# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import timedelta

from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

CHANNEL_MANAGER_GROUP = "crm_realestate.group_re_channel_manager"


class CrmReBrokerRegistration(models.Model):
    """A channel broker's pre-registration of a buyer (渠道报备).

    Only what identifies the buyer for the ownership ruling is stored: the
    name, the first 3 and the last 4 digits of the mobile number (shown as
    138****1234). The full number, identity documents, photos and any
    biometric data (face, fingerprint) are never collected.

    A registration waits for the buyer's first real visit; from that visit
    it is protected for the project's window (e.g. 90 days): the buyer then
    belongs to the broker's channel, and a contract owes the broker their
    commission."""

    _name = "crm.re.broker.registration"
    _description = "Broker Buyer Registration"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "id desc"
    _rec_name = "buyer_name"

    broker_id = fields.Many2one(
        "res.partner",
        string="Broker",
        required=True,
        index=True,
        domain="[('re_is_broker', '=', True)]",
        help="The broker company (channel) the buyer is registered for.",
        ondelete="restrict",
    )
    broker_user_id = fields.Many2one(
        "res.users",
        string="Registered By",
        default=lambda self: self.env.user,
        readonly=True,
        ondelete="set null",
    )
    project_id = fields.Many2one("crm.re.project", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    buyer_name = fields.Char(required=True, tracking=True)
    phone_prefix = fields.Char(string="Phone (first 3)", size=3, required=True)
    phone_suffix = fields.Char(string="Phone (last 4)", size=4, required=True)
    phone_masked = fields.Char(string="Phone", compute="_compute_phone_masked")
    state = fields.Selection(
        [
            ("registered", "Registered"),
            ("protected", "Protected"),
            ("contracted", "Contract Signed"),
            ("expired", "Expired"),
        ],
        default="registered",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    registration_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    first_visit_date = fields.Date(readonly=True)
    protected_until = fields.Date(readonly=True, index="btree_not_null")
    lead_id = fields.Many2one(
        "crm.lead", string="Buyer Opportunity", readonly=True, index=True, ondelete="set null"
    )
    commission_ids = fields.One2many(
        "crm.re.broker.commission", "registration_id", string="Commissions"
    )

    # The duplicate check and the visit matching read live registrations by
    # project and phone digits.
    _match_idx = models.Index(
        "(project_id, phone_suffix, phone_prefix) WHERE state IN ('registered', 'protected', "
        "'contracted')"
    )
    # The database itself refuses a second live registration of the same
    # buyer for a project: two brokers registering at the same moment each
    # read a snapshot without the other's row, so only the index serializes
    # them (the transaction that inserts second waits, then is refused).
    _buyer_unique = models.UniqueIndex(
        "(project_id, lower(buyer_name), phone_prefix, phone_suffix) "
        "WHERE state IN ('registered', 'protected', 'contracted')",
        "This buyer is already registered for this project: a buyer is registered once.",
    )

    @api.depends("phone_prefix", "phone_suffix")
    def _compute_phone_masked(self):
        for registration in self:
            registration.phone_masked = (
                f"{registration.phone_prefix or ''}****{registration.phone_suffix or ''}"
            )

    @api.constrains("phone_prefix", "phone_suffix")
    def _check_phone(self):
        for registration in self:
            if not re.fullmatch(r"1\d{2}", registration.phone_prefix or "") or not re.fullmatch(
                r"\d{4}", registration.phone_suffix or ""
            ):
                raise ValidationError(
                    self.env._(
                        "Phone: give the first 3 digits (a mobile number starts with 1) and "
                        "the last 4 digits, e.g. 138 and 1234."
                    )
                )

    # ------------------------------------------------------------
    # REGISTRATION
    # ------------------------------------------------------------

    @api.model
    def _normalize(self, vals):
        vals = dict(vals)
        vals["buyer_name"] = " ".join((vals.get("buyer_name") or "").split())
        for key in ("phone_prefix", "phone_suffix"):
            vals[key] = re.sub(r"\D", "", vals.get(key) or "")
        return vals

    @api.model
    def _find_duplicate(self, vals):
        """The reason a registration of this buyer is refused, or False:
        a live registration of the same buyer (name, first 3 and last 4
        digits) for the project, or a buyer the project already has."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT r.id, r.broker_id, r.registration_date
                     FROM crm_re_broker_registration r
                    WHERE r.project_id = %(project)s
                      AND r.state IN ('registered', 'protected', 'contracted')
                      AND lower(r.buyer_name) = lower(%(name)s)
                      AND r.phone_prefix = %(prefix)s AND r.phone_suffix = %(suffix)s
                    LIMIT 1""",
                project=vals["project_id"],
                name=vals["buyer_name"],
                prefix=vals["phone_prefix"],
                suffix=vals["phone_suffix"],
            )
        )
        row = self.env.cr.fetchone()
        if row:
            broker = self.env["res.partner"].sudo().browse(row[1])
            mine = broker == self._current_broker()
            return self.env._(
                "%(name)s (%(phone)s) is already registered for this project %(who)s on "
                "%(date)s: a buyer is registered once.",
                name=vals["buyer_name"],
                phone=f"{vals['phone_prefix']}****{vals['phone_suffix']}",
                who=self.env._("by you") if mine else self.env._("by another broker"),
                date=fields.Date.to_string(row[2].date()),
            )
        self.env.cr.execute(
            SQL(
                """SELECT l.id
                     FROM crm_lead l
                LEFT JOIN res_partner p ON p.id = l.partner_id
                    WHERE l.re_project_id = %(project)s
                      AND l.active
                      AND lower(COALESCE(p.name, l.contact_name, l.partner_name, ''))
                          = lower(%(name)s)
                      AND regexp_replace(COALESCE(l.phone, p.phone, ''), '\\D', '', 'g')
                          ~ %(pattern)s
                    LIMIT 1""",
                project=vals["project_id"],
                name=vals["buyer_name"],
                pattern=f"^(86)?{vals['phone_prefix']}\\d*{vals['phone_suffix']}$",
            )
        )
        if self.env.cr.fetchone():
            return self.env._(
                "%(name)s (%(phone)s) is already a buyer of this project: the sales office "
                "registered them first.",
                name=vals["buyer_name"],
                phone=f"{vals['phone_prefix']}****{vals['phone_suffix']}",
            )
        return False

    def _current_broker(self):
        """The broker company of the current portal user, if any."""
        partner = self.env.user.partner_id.commercial_partner_id
        return partner if partner.sudo().re_is_broker else self.env["res.partner"]

    @api.model_create_multi
    def create(self, vals_list):
        internal = self.env.su or self.env.user.has_group(CHANNEL_MANAGER_GROUP)
        broker = self._current_broker()
        if not internal and not broker:
            raise AccessError(self.env._("Only a channel broker registers buyers."))
        checked = []
        for vals in vals_list:
            vals = self._normalize(vals)
            if not internal:
                vals["broker_id"] = broker.id  # a broker registers for their own company
            for key in ("state", "first_visit_date", "protected_until", "lead_id"):
                if key in vals and not self.env.su:
                    raise AccessError(self.env._("A registration starts as registered."))
            if not vals.get("project_id"):
                raise ValidationError(self.env._("Project: say which project the buyer is for."))
            if not vals["buyer_name"]:
                raise ValidationError(self.env._("Buyer Name: it is required."))
            # serialize the registrations of the project: the duplicate
            # check and the insert happen as one
            self.env["crm.re.project"].browse(vals["project_id"])._crm_lock_rows(wait=True)
            reason = self._find_duplicate(vals)
            if reason:
                raise UserError(reason)
            if not self._probe_buyer_free(vals):
                raise UserError(self._duplicate_message([vals]))
            checked.append(vals)
        try:
            with self.env.cr.savepoint(flush=False):
                return super().create(checked)
        except UniqueViolation as error:
            if error.diag.constraint_name != f"{self._table}_buyer_unique":
                raise
            raise UserError(self._duplicate_message(checked)) from None

    def _probe_buyer_free(self, vals):
        """Whether no other transaction registered this buyer for the
        project. The duplicate check reads this transaction's snapshot, which
        may predate another broker's registration committed since; the unique
        index does not: a trial insert, always rolled back, asks it without
        logging an error. The index stays the guarantee at the real insert."""
        cr = self.env.cr
        broker_id = vals.get("broker_id") or self._current_broker().id
        if not broker_id:
            return True  # refused by the insert itself: the broker is required
        try:
            with cr.savepoint(flush=False) as savepoint:
                cr.execute(
                    SQL(
                        """INSERT INTO crm_re_broker_registration
                               (project_id, broker_id, buyer_name, phone_prefix, phone_suffix,
                                state)
                           VALUES (%s, %s, %s, %s, %s, 'registered')
                           ON CONFLICT DO NOTHING RETURNING id""",
                        vals["project_id"],
                        broker_id,
                        vals["buyer_name"],
                        vals["phone_prefix"],
                        vals["phone_suffix"],
                    ),
                    log_exceptions=False,
                )
                free = bool(cr.fetchone())
                savepoint.rollback()
        except SerializationFailure:
            # the conflicting registration was committed after our snapshot
            return False
        return free

    def _duplicate_message(self, vals_list):
        """The refusal of registrations the database found a duplicate of
        (another broker registered the same buyer at the same moment, or the
        batch holds the buyer twice)."""
        seen, duplicate = set(), None
        for vals in vals_list:
            key = (
                vals["project_id"],
                vals["buyer_name"].lower(),
                vals["phone_prefix"],
                vals["phone_suffix"],
            )
            if key in seen:
                duplicate = vals
                break
            seen.add(key)
        if duplicate:
            vals = duplicate
            who = self.env._("twice in the same request")
        else:
            vals = vals_list[0] if len(vals_list) == 1 else None
            who = self.env._("by another broker")
        if vals is None:
            return self.env._(
                "One of the buyers %(names)s was just registered by another broker: a buyer is "
                "registered once.",
                names=", ".join(v["buyer_name"] for v in vals_list),
            )
        project = self.env["crm.re.project"].sudo().browse(vals["project_id"])
        return self.env._(
            "%(name)s (%(phone)s) was just registered for %(project)s %(who)s: a buyer is "
            "registered once.",
            name=vals["buyer_name"],
            phone=f"{vals['phone_prefix']}****{vals['phone_suffix']}",
            project=project.name,
            who=who,
        )

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group(CHANNEL_MANAGER_GROUP):
            raise AccessError(self.env._("A registration changes only by the visit flow."))
        return super().write(vals)

    # ------------------------------------------------------------
    # VISIT, PROTECTION, EXPIRY
    # ------------------------------------------------------------

    @api.model
    def _match_lead(self, lead, project):
        """The live registration matching the buyer of ``lead`` (name, first
        3 and last 4 digits of the phone) for ``project``, if any."""
        name = (lead.partner_id.name or lead.contact_name or lead.partner_name or "").strip()
        digits = re.sub(r"\D", "", lead.phone or lead.partner_id.phone or "")
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if not name or len(digits) < 7:
            return self.browse()
        return self.sudo().search(
            [
                ("project_id", "=", project.id),
                ("state", "in", ("registered", "protected")),
                ("buyer_name", "=ilike", name),
                ("phone_prefix", "=", digits[:3]),
                ("phone_suffix", "=", digits[-4:]),
            ],
            limit=1,
        )

    def _on_visit(self, lead, visit_date):
        """The registered buyer came: the protection runs from this first
        real visit."""
        for registration in self.sudo():
            if registration.state == "registered":
                days = registration.project_id.broker_protection_days or 90
                registration.write(
                    {
                        "state": "protected",
                        "lead_id": lead.id,
                        "first_visit_date": visit_date,
                        "protected_until": visit_date + timedelta(days=days),
                    }
                )

    @api.model
    def _cron_expire(self, today=None):
        """Registrations whose protection lapsed, or whose buyer never came
        within the project's window, expire."""
        today = today or fields.Date.context_today(self)
        # one query through the live-registration index, never a scan
        expired = self._crm_due_records(
            SQL(
                """(state = 'protected' AND protected_until < %(today)s)
                   OR (state = 'registered' AND registration_date::date + (
                        SELECT COALESCE(NULLIF(p.broker_protection_days, 0), 90)
                          FROM crm_re_project p WHERE p.id = project_id) < %(today)s)""",
                today=today,
            )
        )
        expired.write({"state": "expired"})
        return expired

    # ------------------------------------------------------------
    # PRIVACY
    # ------------------------------------------------------------

    # a registration is about the buyer of the opportunity its visit found
    _crm_privacy_partner_field = "lead_id.partner_id"

    def _crm_privacy_strings(self):
        return super()._crm_privacy_strings() | {
            name for name in self.sudo().mapped("buyer_name") if len(name.strip()) >= 4
        }

    def _crm_privacy_anonymize(self):
        """The broker keeps the fact of the registration (and its commission),
        not who the buyer was."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                # the id keeps two anonymized live registrations of a
                # project apart for the one-registration-per-buyer index
                "UPDATE crm_re_broker_registration SET buyer_name = %s || ' #' || id, "
                "phone_prefix = '100', phone_suffix = '0000' WHERE id IN %s",
                self.env._("Anonymized"),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["buyer_name", "phone_prefix", "phone_suffix"])
        return True
