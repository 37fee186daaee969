# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

CHANNELS = [
    ("walk_in", "Walk-in"),
    ("referral", "Referral"),
    ("broker", "Channel Broker"),
    ("online", "Online"),
    ("phone", "Phone Call"),
    ("event", "Event"),
]
# What the ownership ruling was made from: frozen once the visit is
# registered (a note may still be added).
RULED_FIELDS = {
    "lead_id",
    "project_id",
    "date",
    "user_id",
    "channel",
    "broker_id",
    "visit_type",
    "ruling_id",
}
# A visit is registered when it happens; a clock a little ahead is tolerated.
CLOCK_SKEW = timedelta(minutes=10)


class CrmReVisit(models.Model):
    """A buyer's visit to the sales office (来访登记): first or repeat visit,
    who received the buyer, through which channel. Registering it rules who
    owns the buyer (客户归属) by the project's protection window."""

    _name = "crm.re.visit"
    _description = "Sales Office Visit"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    lead_id = fields.Many2one(
        "crm.lead",
        string="Buyer Opportunity",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, string="Buyer")
    project_id = fields.Many2one("crm.re.project", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Received By",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        ondelete="restrict",
    )
    channel = fields.Selection(CHANNELS, required=True, default="walk_in")
    broker_id = fields.Many2one(
        "res.partner",
        string="Broker",
        index="btree_not_null",
        help="Channel broker company that brought the buyer.",
        ondelete="set null",
    )
    visit_type = fields.Selection(
        [("first", "First Visit"), ("repeat", "Repeat Visit")], readonly=True
    )
    ruling_id = fields.Many2one(
        "crm.re.ownership.ruling", readonly=True, copy=False, ondelete="set null"
    )
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su and {"visit_type", "ruling_id"}.intersection(vals):
                raise AccessError(
                    self.env._("Visit Type and Ownership Ruling: set by the ruling, not chosen.")
                )
            if not vals.get("project_id"):
                lead = self.env["crm.lead"].browse(vals.get("lead_id"))
                vals["project_id"] = lead.re_project_id.id
        visits = super().create(vals_list)
        if not self.env.su:
            visits._check_visit_date()
        for visit in visits:
            visit._rule_ownership()
        return visits

    def write(self, vals):
        forced = RULED_FIELDS.intersection(vals)
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: the ownership ruling was made from these; a registered visit "
                    "only takes notes. Register a new visit instead.",
                    fields=self._crm_field_labels(forced),
                )
            )
        return super().write(vals)

    def _check_visit_date(self):
        """A visit is registered as it happens: not in the future (which
        would outlast the owner's protection) nor before a visit of the
        buyer already ruled on (which would overtake that ruling)."""
        now = fields.Datetime.now()
        for visit in self:
            if visit.date > now + CLOCK_SKEW:
                raise ValidationError(
                    self.env._(
                        "Date: a visit is registered when it happens, not in advance (%(date)s).",
                        date=visit.date,
                    )
                )
            later = self.sudo().search(
                [
                    ("lead_id", "=", visit.lead_id.id),
                    ("id", "!=", visit.id),
                    ("date", ">", visit.date),
                ],
                limit=1,
            )
            if later:
                raise ValidationError(
                    self.env._(
                        "Date: the buyer's visit of %(later)s was already ruled on; a visit "
                        "cannot be registered before it (%(date)s).",
                        later=later.date,
                        date=visit.date,
                    )
                )

    def _rule_ownership(self):
        """Decide who owns the buyer after this visit and record the ruling:
        the first registration wins; a later visit received by someone else
        keeps the owner while protected, and hands the buyer over when the
        protection lapsed without follow-up."""
        self.ensure_one()
        lead = self.lead_id.sudo()
        earlier = self.sudo().search_count(
            [("lead_id", "=", lead.id), ("id", "!=", self.id), ("date", "<=", self.date)],
            limit=1,
        )
        days = self.project_id.ownership_protection_days or 30
        visit_day = self.date.date()
        owner = lead.user_id
        Ruling = self.env["crm.re.ownership.ruling"].sudo()
        values = {
            "lead_id": lead.id,
            "visit_id": self.id,
            "owner_before_id": owner.id,
            "channel_before": lead.re_owner_channel,
        }
        if not earlier or not owner:
            self.sudo().visit_type = "repeat" if earlier else "first"
            protected_until = visit_day + timedelta(days=days)
            lead.write(
                {
                    "user_id": self.user_id.id,
                    "re_owner_channel": self.channel,
                    "re_owner_broker_id": self.broker_id.id,
                    "re_protected_until": protected_until,
                }
            )
            values.update(
                rule="first_registration",
                reason=self.env._(
                    "First registration: %(user)s received the buyer (%(channel)s); "
                    "protected until %(date)s.",
                    user=self.user_id.name,
                    channel=self._channel_label(),
                    date=protected_until,
                ),
            )
        else:
            self.sudo().visit_type = "repeat"
            followup = lead.date_last_followup and lead.date_last_followup.date()
            candidates = [
                day
                for day in (
                    lead.re_protected_until,
                    followup and followup + timedelta(days=days),
                )
                if day
            ]
            protected_until = max(candidates) if candidates else visit_day - timedelta(days=1)
            if self.user_id == owner or visit_day <= protected_until:
                if self.user_id == owner:
                    protected_until = visit_day + timedelta(days=days)
                    lead.re_protected_until = protected_until
                values.update(
                    rule="protected",
                    reason=self.env._(
                        "Repeat visit received by %(user)s: the buyer stays with %(owner)s, "
                        "protected until %(date)s.",
                        user=self.user_id.name,
                        owner=owner.name,
                        date=protected_until,
                    ),
                )
            else:
                new_until = visit_day + timedelta(days=days)
                lead.write(
                    {
                        "user_id": self.user_id.id,
                        "re_owner_channel": self.channel,
                        "re_owner_broker_id": self.broker_id.id,
                        "re_protected_until": new_until,
                    }
                )
                values.update(
                    rule="lapsed",
                    reason=self.env._(
                        "The protection of %(owner)s lapsed on %(date)s without follow-up: "
                        "the buyer goes to %(user)s, who received the visit.",
                        owner=owner.name,
                        date=protected_until,
                        user=self.user_id.name,
                    ),
                )
        values.update(owner_after_id=lead.user_id.id, channel_after=lead.re_owner_channel)
        self.sudo().ruling_id = Ruling.create(values)
        self._rule_broker(lead, visit_day)
        return self.ruling_id

    def _rule_broker(self, lead, visit_day):
        """A buyer a broker pre-registered came: the broker's channel owns
        the buyer from this first real visit for the protection window."""
        registration = self.env["crm.re.broker.registration"]._match_lead(lead, self.project_id)
        if not registration or registration.lead_id == lead:
            return  # no registration, or already ruled on the first visit
        registration._on_visit(lead, visit_day)
        channel_before = lead.re_owner_channel
        lead.write({"re_owner_channel": "broker", "re_owner_broker_id": registration.broker_id.id})
        self.env["crm.re.ownership.ruling"].sudo().create(
            {
                "lead_id": lead.id,
                "visit_id": self.id,
                "owner_before_id": lead.user_id.id,
                "owner_after_id": lead.user_id.id,
                "channel_before": channel_before,
                "channel_after": "broker",
                "rule": "broker_registration",
                "reason": self.env._(
                    "Registered by broker %(broker)s on %(date)s: the broker's channel owns the "
                    "buyer until %(until)s.",
                    broker=registration.broker_id.name,
                    date=fields.Date.to_string(registration.registration_date.date()),
                    until=registration.protected_until,
                ),
            }
        )

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env)).get(self.channel, "")

    _crm_privacy_partner_field = "partner_id"
