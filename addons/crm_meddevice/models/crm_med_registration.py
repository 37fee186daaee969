# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class CrmMedRegistration(models.Model):
    """A marketing authorisation of a device (or device family) in a country."""

    _name = "crm.med.registration"
    _description = "Device Registration"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.input.guard.mixin"]
    _order = "renewal_deadline, id"
    _rec_name = "number"

    number = fields.Char(string="Certificate Number", required=True, tracking=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Device",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    country_id = fields.Many2one(
        "res.country", string="Country", required=True, index=True, ondelete="restrict"
    )
    type_id = fields.Many2one(
        "crm.med.registration.type",
        string="Type",
        required=True,
        tracking=True,
        ondelete="restrict",
    )
    regulator_id = fields.Many2one(related="type_id.regulator_id", store=True)
    issue_date = fields.Date(string="Issued", tracking=True)
    expiry_date = fields.Date(
        string="Expires",
        compute="_compute_expiry_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Empty for types that do not expire.",
    )
    renewal_deadline = fields.Date(
        string="Renewal Due",
        compute="_compute_renewal_deadline",
        store=True,
        help="Last day to file the renewal: expiry minus the type's renewal lead time.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("active", "Active"),
            ("expiring", "Expiring"),
            ("expired", "Expired"),
            ("suspended", "Suspended"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="restrict",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Regulatory Owner",
        default=lambda self: self.env.user,
        tracking=True,
        ondelete="set null",
    )
    next_alert_date = fields.Date(
        compute="_compute_next_alert_date",
        store=True,
        help="When the expiry job looks at this registration next.",
    )
    alerts_sent = fields.Char(copy=False, help="Alert horizons (days) already notified.")
    renewal_overdue = fields.Boolean(
        string="Renewal Overdue",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The last day to file the renewal has passed: the certificate is still "
        "valid until it expires, but its renewal may be refused.",
    )

    # The daily job reads only registrations due for an alert or a state change.
    _due_idx = models.Index(
        "(next_alert_date) WHERE state IN ('active', 'expiring') AND next_alert_date IS NOT NULL"
    )

    @api.depends("issue_date", "type_id.validity_years")
    def _compute_expiry_date(self):
        for reg in self:
            years = reg.type_id.validity_years
            if reg.issue_date and years:
                reg.expiry_date = reg.issue_date + relativedelta(years=years, days=-1)
            elif not years:
                reg.expiry_date = False

    @api.depends("expiry_date", "type_id.renewal_lead_months")
    def _compute_renewal_deadline(self):
        for reg in self:
            if reg.expiry_date:
                reg.renewal_deadline = reg.expiry_date - relativedelta(
                    months=reg.type_id.renewal_lead_months
                )
            else:
                reg.renewal_deadline = False

    @api.depends(
        "renewal_deadline", "expiry_date", "alerts_sent", "renewal_overdue", "type_id.alert_days"
    )
    def _compute_next_alert_date(self):
        for reg in self:
            if not reg.expiry_date:
                reg.next_alert_date = False
                continue
            sent = reg._get_alerts_sent()
            pending = [d for d in reg.type_id._get_alert_days() if d not in sent]
            candidates = [reg.expiry_date]
            if reg.renewal_deadline and not reg.renewal_overdue:
                candidates.append(reg.renewal_deadline + relativedelta(days=1))
            if pending and reg.renewal_deadline:
                candidates.append(reg.renewal_deadline - relativedelta(days=pending[0]))
            reg.next_alert_date = min(candidates)

    @api.constrains("issue_date", "expiry_date")
    def _check_dates(self):
        for reg in self:
            if reg.issue_date and reg.expiry_date and reg.expiry_date < reg.issue_date:
                raise ValidationError(
                    self.env._(
                        "Registration %(number)s: the expiry date cannot be before the issue date.",
                        number=reg.number,
                    )
                )

    @api.constrains("country_id", "type_id")
    def _check_country(self):
        for reg in self:
            countries = reg.type_id.regulator_id.country_ids
            if countries and reg.country_id not in countries:
                raise ValidationError(
                    self.env._(
                        "Registration %(number)s: %(regulator)s does not cover %(country)s.",
                        number=reg.number,
                        regulator=reg.type_id.regulator_id.name,
                        country=reg.country_id.name,
                    )
                )

    def _get_alerts_sent(self):
        return {int(d) for d in (self.alerts_sent or "").split(",") if d.strip()}

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_submit(self):
        self._check_transition({"draft"}, "submitted")
        self.state = "submitted"

    def action_activate(self):
        self._check_transition({"draft", "submitted", "suspended"}, "active")
        for reg in self:
            if reg.type_id.validity_years and not reg.issue_date:
                raise ValidationError(
                    self.env._(
                        "Registration %(number)s: set the issue date before activating it "
                        "(its type expires).",
                        number=reg.number,
                    )
                )
        self.write({"state": "active", "alerts_sent": False, "renewal_overdue": False})
        self._update_expiry_states()

    def action_suspend(self):
        self._check_transition({"active", "expiring"}, "suspended")
        self.state = "suspended"

    def action_withdraw(self):
        self._check_transition(
            {"draft", "submitted", "active", "expiring", "suspended"}, "withdrawn"
        )
        self.state = "withdrawn"

    def _check_transition(self, allowed, target):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for reg in self:
            if reg.state not in allowed:
                raise ValidationError(
                    self.env._(
                        "Registration %(number)s cannot become %(target)s from %(state)s.",
                        number=reg.number,
                        target=labels[target],
                        state=labels[reg.state],
                    )
                )

    # ------------------------------------------------------------
    # SCHEDULED JOB
    # ------------------------------------------------------------

    @api.model
    def _cron_check_expiry(self, today=None):
        """Move due registrations to expiring/expired and alert the regulatory
        team at the type's horizons. Reads only due rows through _due_idx."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id FROM crm_med_registration
             WHERE state IN ('active', 'expiring') AND next_alert_date IS NOT NULL
               AND next_alert_date <= %s
            """,
            [today],
        )
        due = self.browse([row[0] for row in self.env.cr.fetchall()])
        due._update_expiry_states(today)
        return due

    def _update_expiry_states(self, today=None):
        """Expire, flag past the renewal deadline and alert the registration's
        owner (or the regulatory manager), in their language, at the type's
        horizons and when the renewal deadline has passed."""
        today = today or fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        Users = self.env["res.users"]
        recipients = {}
        for reg in self.filtered(lambda r: r.state in ("active", "expiring") and r.expiry_date):
            if reg.expiry_date < today:
                reg.write({"state": "expired", "renewal_overdue": False})
                continue
            overdue = bool(reg.renewal_deadline and reg.renewal_deadline < today)
            newly_overdue = overdue and not reg.renewal_overdue
            if overdue != reg.renewal_overdue:
                reg.renewal_overdue = overdue
            sent = reg._get_alerts_sent()
            due_days = [
                days
                for days in reg.type_id._get_alert_days()
                if days not in sent and reg.renewal_deadline - relativedelta(days=days) <= today
            ]
            if not due_days and not newly_overdue:
                continue
            if reg.state == "active":
                reg.state = "expiring"
            key = (reg.user_id, reg.company_id)
            if key not in recipients:
                recipients[key] = Users._med_alert_recipient(*key)
            recipient = recipients[key]
            if recipient:
                reg._med_renewal_alert(recipient, activity_type, today, newly_overdue)
            if due_days:
                reg.alerts_sent = ",".join(str(d) for d in sorted(sent | set(due_days)))

    def _med_renewal_alert(self, recipient, activity_type, today, overdue):
        """The renewal to-do of ``recipient``, written in their language."""
        self.ensure_one()
        env = self.with_context(lang=recipient.lang or self.env.lang).env
        values = {
            "number": self.number,
            "device": self.product_tmpl_id.with_env(env).name,
            "country": self.country_id.with_env(env).name,
            "deadline": format_date(env, self.renewal_deadline),
            "expiry": format_date(env, self.expiry_date),
        }
        if overdue:
            summary = env._("Renewal of %(number)s overdue", **values)
            note = env._(
                "%(device)s in %(country)s: the renewal had to be filed by %(deadline)s "
                "and is overdue; the certificate expires %(expiry)s. File it now.",
                **values,
            )
        else:
            summary = env._("File the renewal of %(number)s", **values)
            note = env._(
                "%(device)s in %(country)s: the renewal must be filed by %(deadline)s "
                "(certificate expires %(expiry)s).",
                **values,
            )
        self.activity_schedule(
            activity_type_id=activity_type.id,
            summary=summary,
            note=note,
            user_id=recipient.id,
            date_deadline=max(today, self.renewal_deadline),
        )

    @api.model
    def _get_missing_registrations(self, products, country, date=None):
        """Return {product: reason} for the products not actively registered in
        ``country`` (reason is a translated sentence)."""
        date = date or fields.Date.context_today(self)
        if not country:
            return dict.fromkeys(products, self.env._("the customer has no country"))
        regs = self.sudo().search(
            [("product_tmpl_id", "in", products.ids), ("country_id", "=", country.id)]
        )
        labels = dict(self._fields["state"]._description_selection(self.env))
        missing = {}
        for product in products:
            mine = regs.filtered(lambda r, p=product: r.product_tmpl_id == p)
            valid = mine.filtered(
                lambda r: (
                    r.state in ("active", "expiring")
                    and (not r.expiry_date or r.expiry_date >= date)
                )
            )
            if valid:
                continue
            if not mine:
                missing[product] = self.env._("no registration")
            else:
                states = ", ".join(sorted({labels[r.state] for r in mine}))
                missing[product] = self.env._(
                    "no active registration (found: %(states)s)", states=states
                )
        return missing
