# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from .crm_re_viewing import INTEREST_LEVELS
from .crm_re_visit import CHANNELS

# Reservations that hold a unit or a sale: they must survive the buyer's lead.
LIVE_RESERVATION_STATES = ("active", "subscribed", "contracted")


class CrmLead(models.Model):
    """A buyer's purchase project: profile, viewings, reservations,
    milestones and follow-up cadence."""

    _inherit = "crm.lead"

    re_project_id = fields.Many2one(
        "crm.re.project",
        string="Project of Interest",
        index="btree_not_null",
        ondelete="set null",
    )
    # Buyer profile
    re_budget_min = fields.Monetary(string="Budget From", currency_field="company_currency")
    re_budget_max = fields.Monetary(string="Budget To", currency_field="company_currency")
    re_funding = fields.Selection(
        [("cash", "Cash"), ("mortgage", "Mortgage"), ("mixed", "Cash and mortgage")],
        string="Funding",
    )
    re_funding_status = fields.Selection(
        [
            ("to_check", "To check"),
            ("pre_approved", "Mortgage pre-approved"),
            ("approved", "Mortgage approved"),
            ("funds_proven", "Funds proven"),
        ],
        string="Funding Status",
    )
    re_purpose = fields.Selection(
        [
            ("residence", "Residence"),
            ("investment", "Investment"),
            ("education", "School district"),
        ],
        string="Purpose",
    )
    re_layout_ids = fields.Many2many("crm.re.layout", string="Preferred Layouts")
    re_area_min = fields.Float(string="Area From (m²)")
    re_area_max = fields.Float(string="Area To (m²)")
    re_decision_maker_ids = fields.Many2many(
        "res.partner",
        "crm_lead_re_decision_maker_rel",
        "lead_id",
        "partner_id",
        string="Family Decision Makers",
    )
    re_eligibility = fields.Selection(
        [("pending", "To verify"), ("eligible", "Eligible"), ("not_eligible", "Not eligible")],
        string="Purchase Eligibility",
        help="Local purchase restrictions (购房资格): household registration, tax or social "
        "insurance history.",
    )
    re_eligibility_attachment_ids = fields.Many2many("ir.attachment", string="Eligibility Evidence")
    re_preferred_user_id = fields.Many2one(
        "res.users", string="Preferred Consultant", ondelete="set null"
    )
    re_residence_city = fields.Char(string="City of Residence")
    re_interest_level = fields.Selection(INTEREST_LEVELS, string="Interest", tracking=True)
    re_referrer_id = fields.Many2one(
        "res.partner",
        string="Referring Customer",
        index="btree_not_null",
        help="Existing customer who referred the buyer (老带新).",
        ondelete="set null",
    )
    re_viewing_ids = fields.One2many("crm.re.viewing", "lead_id", string="Viewings")
    re_viewing_count = fields.Integer(compute="_compute_re_counts")
    re_last_viewing_date = fields.Datetime(string="Last Viewing", readonly=True)
    re_reservation_ids = fields.One2many("crm.re.reservation", "lead_id", string="Reservations")
    re_reservation_count = fields.Integer(compute="_compute_re_counts")
    re_deposit_paid_date = fields.Date(
        string="Deposit Received", compute="_compute_re_deposit_paid_date", store=True
    )
    re_milestone_ids = fields.One2many("crm.re.milestone", "lead_id", string="Milestones")
    re_reward_ids = fields.One2many("crm.re.referral.reward", "lead_id", string="Referral Rewards")
    re_touch_due = fields.Datetime(
        string="Next Touch Due",
        compute="_compute_re_touch_due",
        store=True,
        readonly=False,
        copy=False,
        help="When the consultant is reminded to contact the buyer, by the cadence of their "
        "interest level.",
    )

    # Ownership (客户归属)
    re_visit_ids = fields.One2many("crm.re.visit", "lead_id", string="Visits")
    re_ruling_ids = fields.One2many(
        "crm.re.ownership.ruling", "lead_id", string="Ownership Rulings"
    )
    re_owner_channel = fields.Selection(CHANNELS, string="Owning Channel", readonly=True)
    re_owner_broker_id = fields.Many2one(
        "res.partner",
        string="Owning Broker",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    re_protected_until = fields.Date(
        string="Ownership Protected Until",
        readonly=True,
        help="Until this day the buyer stays with their consultant or channel; a follow-up "
        "extends it.",
    )

    # The nurturing job reads only buyers due for a touch.
    _re_touch_idx = models.Index("(re_touch_due) WHERE re_touch_due IS NOT NULL")
    # The ownership job reads only buyers whose protection may have lapsed.
    _re_protected_idx = models.Index(
        "(re_protected_until) WHERE re_protected_until IS NOT NULL AND user_id IS NOT NULL"
    )

    def _compute_re_counts(self):
        self._crm_count("re_viewing_count", "crm.re.viewing", "lead_id")
        self._crm_count("re_reservation_count", "crm.re.reservation", "lead_id")

    @api.depends("re_reservation_ids.deposit_paid_date", "re_reservation_ids.state")
    def _compute_re_deposit_paid_date(self):
        for lead in self:
            paid = lead.re_reservation_ids.filtered(
                lambda r: r.deposit_paid_date and r.state in ("active", "subscribed", "contracted")
            )
            lead.re_deposit_paid_date = max(paid.mapped("deposit_paid_date"), default=False)

    @api.depends("re_project_id", "re_interest_level", "date_last_followup", "won_status", "active")
    def _compute_re_touch_due(self):
        cadence = self.env["crm.re.cadence.rule"]._get_days()
        for lead in self:
            days = cadence.get(lead.re_interest_level or "cold")
            if not (lead.re_project_id and lead.active and lead.won_status == "pending" and days):
                lead.re_touch_due = False
                continue
            base = lead.date_last_followup or lead.create_date or fields.Datetime.now()
            lead.re_touch_due = base + timedelta(days=days)

    # ------------------------------------------------------------
    # CREATION: balanced assignment and checklist
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        teams = self.env["crm.team"].browse(
            {vals["team_id"] for vals in vals_list if vals.get("team_id")}
        )
        balanced = teams.filtered("re_balanced_assignment")
        if balanced:
            load = balanced._re_consultant_load()
            for vals in vals_list:
                team = balanced.filtered(lambda t, v=vals: t.id == v.get("team_id"))
                if team and "user_id" not in vals:
                    user = team._re_pick_consultant(load, vals.get("re_preferred_user_id"))
                    if user:
                        vals["user_id"] = user.id
                        load[user.id] = load.get(user.id, 0) + 1
        leads = super().create(vals_list)
        leads.filtered("re_project_id")._re_create_checklist()
        return leads

    def _re_create_checklist(self):
        templates = self.env["crm.re.milestone.template"].search([])
        today = fields.Date.context_today(self)
        milestones = self.env["crm.re.milestone"].create(
            [
                {
                    "lead_id": lead.id,
                    "template_id": template.id,
                    "name": template.name,
                    "sequence": template.sequence,
                    "due_date": today + timedelta(days=template.offset_days),
                }
                for lead in self
                for template in templates
            ]
        )
        if milestones:
            milestones._sync_template_translations()

    def _re_broker_commission(self, reservation):
        today = fields.Date.context_today(self)
        Registration = self.env["crm.re.broker.registration"].sudo()
        for lead in self:
            registration = Registration.search(
                [
                    ("lead_id", "=", lead.id),
                    ("project_id", "=", reservation.project_id.id),
                    ("state", "=", "protected"),
                    ("protected_until", ">=", today),
                ],
                limit=1,
            )
            if not registration:
                continue
            rate = (
                registration.broker_id.re_commission_rate
                or reservation.project_id.broker_commission_rate
            )
            self.env["crm.re.broker.commission"].sudo().create(
                {
                    "broker_id": registration.broker_id.id,
                    "registration_id": registration.id,
                    "reservation_id": reservation.id,
                    "base_amount": reservation.price,
                    "rate": rate,
                    "amount": reservation.currency_id.round(reservation.price * rate / 100.0),
                }
            )
            registration.state = "contracted"

    def action_re_arbitrate(self):
        """Open the ownership arbitration of a dispute (managers)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Arbitrate Ownership"),
            "res_model": "crm.re.ownership.arbitrate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def _re_on_contract(self, reservation):
        """A purchase contract was signed: owe the referrer their reward and
        the registering broker their commission."""
        self._re_broker_commission(reservation)
        for lead in self.filtered("re_referrer_id"):
            amount = reservation.project_id.referral_reward_amount
            if amount and not lead.re_reward_ids.filtered(lambda r: r.state != "cancelled"):
                self.env["crm.re.referral.reward"].sudo().create(
                    {
                        "lead_id": lead.id,
                        "referrer_id": lead.re_referrer_id.id,
                        "reservation_id": reservation.id,
                        "amount": amount,
                    }
                )

    # ------------------------------------------------------------
    # MATCHING
    # ------------------------------------------------------------

    def _re_match_units(self, limit=20):
        """Available units ranked by fit with the buyer's profile:
        [(unit, score, [reasons])], best first."""
        self.ensure_one()
        domain = [("state", "=", "available")]
        if self.re_project_id:
            domain.append(("project_id", "=", self.re_project_id.id))
        if self.re_budget_max:
            domain.append(("list_price", "<=", self.re_budget_max * 1.1))
        units = self.env["crm.re.unit"].search(domain)
        currency = self.company_currency
        results = []
        for unit in units:
            score, reasons = 0, []
            if self.re_budget_max:
                low = self.re_budget_min or 0.0
                if low <= unit.list_price <= self.re_budget_max:
                    score += 40
                    reasons.append(self.env._("within budget"))
                elif unit.list_price > self.re_budget_max:
                    over = 100.0 * (unit.list_price / self.re_budget_max - 1)
                    score += 10
                    reasons.append(self.env._("%(over)s%% over budget", over=round(over)))
                else:
                    score += 20
                    reasons.append(self.env._("below budget"))
            if self.re_layout_ids and unit.layout_id in self.re_layout_ids:
                score += 25
                reasons.append(
                    self.env._("preferred layout %(layout)s", layout=unit.layout_id.name)
                )
            if self.re_area_max and (self.re_area_min or 0.0) <= unit.area <= self.re_area_max:
                score += 20
                reasons.append(self.env._("area %(area)s m² fits", area=round(unit.area)))
            if unit.orientation in ("south", "south_east", "south_west"):
                score += 5
                reasons.append(self.env._("south-facing"))
            if self.re_purpose == "investment" and unit.price_per_sqm:
                reasons.append(
                    self.env._("%(price)s per m²", price=currency.format(unit.price_per_sqm))
                )
            results.append((unit, score, reasons))
        results.sort(key=lambda r: (-r[1], r[0].list_price, r[0].id))
        return results[:limit]

    def action_re_match_units(self):
        self.ensure_one()
        wizard = self.env["crm.re.unit.match"].create({"lead_id": self.id})
        wizard._fill()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.re.unit.match",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Units for %(lead)s", lead=self.name),
        }

    def action_re_view_viewings(self):
        return self._crm_related_action("crm_realestate.crm_re_viewing_action", "lead_id")

    def action_re_view_reservations(self):
        return self._crm_related_action("crm_realestate.crm_re_reservation_action", "lead_id")

    # ------------------------------------------------------------
    # NURTURING
    # ------------------------------------------------------------

    @api.model
    def _cron_re_ownership_lapse(self, today=None):
        """Projects whose rule returns lapsed buyers to the pool: the buyers
        whose protection ran out without follow-up go back to their team's
        customer pool, each with a ruling giving the reason."""
        today = today or fields.Date.context_today(self)
        leads = self._crm_due_records(
            SQL(
                """re_protected_until < %(today)s AND user_id IS NOT NULL AND active
                   AND pool_id IS NOT NULL AND NOT COALESCE(in_pool, FALSE)
                   AND COALESCE(probability, 0) < 100
                   AND re_project_id IN (
                       SELECT id FROM crm_re_project WHERE ownership_lapse_rule = 'pool')
                   AND (date_last_followup IS NULL OR date_last_followup::date + (
                       SELECT COALESCE(NULLIF(p.ownership_protection_days, 0), 30)
                         FROM crm_re_project p WHERE p.id = re_project_id) < %(today)s)""",
                today=today,
            )
        )
        if not leads:
            return leads
        rulings = []
        for lead in leads:
            # kept on the ruling and the pool history, read by the team: in the
            # company's language
            env = lead._crm_for(None).env
            reason = env._(
                "The protection of %(owner)s lapsed on %(date)s without follow-up: the buyer "
                "returns to the customer pool %(pool)s.",
                owner=lead.user_id.name,
                date=format_date(env, lead.re_protected_until),
                pool=lead.pool_id.with_env(env).name,
            )
            rulings.append(
                {
                    "lead_id": lead.id,
                    "rule": "lapsed",
                    "owner_before_id": lead.user_id.id,
                    "channel_before": lead.re_owner_channel,
                    "reason": reason,
                }
            )
            lead._pool_put_back("return", reason)
        leads.write({"re_protected_until": False, "re_owner_channel": False})
        self.env["crm.re.ownership.ruling"].sudo().create(rulings)
        return leads

    @api.model
    def _cron_re_nurture(self, now=None):
        """Remind consultants of buyers due for a touch and of milestones
        coming up; reads only due rows through partial indexes."""
        now = now or fields.Datetime.now()
        leads = self._crm_due_records(SQL("re_touch_due IS NOT NULL AND re_touch_due <= %s", now))
        milestones = self.env["crm.re.milestone"]._crm_due_records(
            SQL("done IS NOT TRUE AND reminded IS NOT TRUE AND remind_date <= %s", now.date())
        )
        # each reminder in its consultant's language
        activities = []
        for lead in leads:
            user = lead.user_id or self.env.user
            env = lead._crm_for(user).env
            summary = env._(
                "Touch base with the buyer (no contact since %(date)s)",
                date=format_date(env, (lead.date_last_followup or lead.create_date).date()),
            )
            activities.append(lead._crm_todo_values(user, summary, now.date()))
        for milestone in milestones:
            user = milestone.lead_id.user_id or self.env.user
            env = milestone._crm_for(user).env
            summary = env._("Milestone: %(name)s", name=milestone.with_env(env).name)
            activities.append(milestone.lead_id._crm_todo_values(user, summary, milestone.due_date))
        if activities:
            self.env["mail.activity"].sudo().create(activities)
        leads.write({"re_touch_due": False})
        milestones.write({"reminded": True})
        return leads, milestones

    # ------------------------------------------------------------
    # PRIVACY
    # ------------------------------------------------------------

    def _crm_privacy_anonymize(self):
        res = super()._crm_privacy_anonymize()
        self.sudo().write(
            {
                "re_residence_city": False,
                "re_decision_maker_ids": [(5, 0, 0)],
                "re_eligibility_attachment_ids": [(5, 0, 0)],
            }
        )
        return res

    # ------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------

    @api.model
    def _re_demo_generate(self, project_id, team_id):
        """Demo: 200 units (2 towers x 25 floors x 4) and a buyer at every stage
        of the process, with viewings, reservations and a contract."""
        project = self.env["crm.re.project"].browse(project_id)
        team = self.env["crm.team"].browse(team_id)
        layouts = self.env["crm.re.layout"].search([], order="bedrooms")
        for building in project.building_ids:
            project._generate_units(building, 25, 4, layouts[:4], 52000, 400)
        stages = (
            self.env["crm.stage"]
            .search([("team_ids", "in", team.id), ("process_stage_id", "!=", False)])
            .sorted(lambda s: s._order_key())
        )
        units = project.unit_ids.sorted(lambda u: (u.building_id.code, u.floor, u.code))
        buyers = [
            ("Zhang Wei", "cash", "investment", "hot"),
            ("Li Na", "mortgage", "residence", "warm"),
            ("Wang Fang", "mixed", "education", "hot"),
            ("Liu Yang", "mortgage", "residence", "cold"),
            ("Chen Jing", "cash", "investment", "warm"),
            ("Yang Lei", "mortgage", "education", "hot"),
            ("Zhao Min", "cash", "residence", "hot"),
            ("Huang Qiang", "mixed", "investment", "warm"),
            ("Zhou Xin", "cash", "residence", "hot"),
        ]
        referrer = self.env["res.partner"].create({"name": "Sun Hao (owner, Tower 1)"})
        today = fields.Date.context_today(self)
        for index, (name, funding, purpose, interest) in enumerate(buyers):
            partner = self.env["res.partner"].create(
                {
                    "name": name,
                    "phone": f"139{index:04d}{index:04d}",
                    "email": f"buyer{index}@example.com",
                    "city": "Shanghai",
                }
            )
            lead = self.create(
                {
                    "name": f"{name} - Riverside",
                    "type": "opportunity",
                    "team_id": team.id,
                    "partner_id": partner.id,
                    "phone": partner.phone,
                    "re_project_id": project.id,
                    "re_budget_min": 6_000_000 + 500_000 * index,
                    "re_budget_max": 9_000_000 + 800_000 * index,
                    "re_funding": funding,
                    "re_purpose": purpose,
                    "re_interest_level": interest,
                    "re_layout_ids": [(6, 0, layouts[index % 3 + 1 : index % 3 + 2].ids)],
                    "re_area_min": 120,
                    "re_area_max": 200,
                    "re_residence_city": "Shanghai",
                    "re_referrer_id": referrer.id if index % 3 == 0 else False,
                    "expected_revenue": 8_000_000 + 600_000 * index,
                }
            )
            target = min(index, len(stages) - 1)
            # a true story: the buyer registered weeks ago, viewed a week later,
            # paid the deposit 10 days after, signed 2 weeks after that
            first_contact = today - timedelta(days=40 + 6 * index)
            self.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s, date_open = %s WHERE id = %s",
                [first_contact, first_contact, lead.id],
            )
            lead.invalidate_recordset(["create_date", "date_open"])
            viewing_day = first_contact + timedelta(days=7)
            deposit_day = viewing_day + timedelta(days=10)
            if target >= 2:
                viewing = self.env["crm.re.viewing"].create(
                    {
                        "lead_id": lead.id,
                        "user_id": lead.user_id.id,
                        "start": datetime.combine(viewing_day, time(10, 0)),
                        "unit_ids": [(6, 0, units[index * 3 : index * 3 + 2].ids)],
                        "interest_level": interest,
                        "feedback": "Likes the river view",
                    }
                )
                viewing.action_done()
            if target >= 3:
                lead.re_funding_status = "pre_approved" if funding != "cash" else "funds_proven"
            if target >= 4:
                lead.re_eligibility = "eligible"
            if target >= 5:
                reservation = self.env["crm.re.reservation"].create(
                    {
                        "unit_id": units[index * 3].id,
                        "lead_id": lead.id,
                        "user_id": lead.user_id.id,
                        "deposit_amount": 200_000,
                        "deposit_paid_date": deposit_day,
                    }
                )
                if target >= 6:
                    reservation.action_subscribe()
                if target >= 7:
                    reservation.action_contract()
                    reservation.contract_date = deposit_day + timedelta(days=14)
            self.env["ir.attachment"].create(
                {
                    "name": "subscription.pdf",
                    "res_model": "crm.lead",
                    "res_id": lead.id,
                    "raw": b"%PDF-1.4 demo",
                }
            )
            for stage in stages[1 : target + 1]:
                if stage.is_won and lead.approval_needed:
                    # contracts over the company's amount are approved first
                    lead.action_request_approval()
                    for request in lead.approval_ids.filtered(lambda r: r.state == "pending"):
                        for review in request.review_ids.sorted("sequence"):
                            request.with_user(review.reviewer_ids[:1]).validate_tier()
                lead.stage_id = stage
            # a past that reads true: created weeks ago, the viewing after the
            # inquiry, the deposit on the day the lead reached its stage
            entered = lead._demo_spread_history(days_ago=35 + 5 * index)
            if target >= 2:
                viewing_start = entered[stages[2]] + timedelta(hours=2)
                viewing.start = viewing_start
                lead.re_last_viewing_date = viewing_start
            if target >= 5:
                reservation.deposit_paid_date = entered[stages[5]].date()
        units[100:103].action_hold()

    # ------------------------------------------------------------
    # MERGE AND DELETE
    # ------------------------------------------------------------

    def _merge_check_conflicts(self, opportunities):
        result = super()._merge_check_conflicts(opportunities)
        leads = (self | opportunities).sudo()
        live = leads.re_reservation_ids.filtered(lambda r: r.state == "active")
        if len(live.lead_id) > 1:
            raise UserError(
                self.env._(
                    "These opportunities cannot be merged: each holds an active reservation "
                    "(%(reservations)s). Release all but one first.",
                    reservations=", ".join(live.mapped("display_name")),
                )
            )
        numbers = self.env["crm.re.queue.number"].sudo().search([("lead_id", "in", leads.ids)])
        for launch in numbers.launch_id:
            taken = numbers.filtered(lambda n, launch=launch: n.launch_id == launch)
            if len(taken) > 1:
                raise UserError(
                    self.env._(
                        "These opportunities cannot be merged: the buyer would hold several "
                        "queue numbers of %(launch)s (%(numbers)s). Refund all but one first.",
                        launch=launch.name,
                        numbers=", ".join(taken.mapped("display_name")),
                    )
                )
        registrations = (
            self.env["crm.re.broker.registration"]
            .sudo()
            .search([("lead_id", "in", leads.ids), ("state", "!=", "expired")])
        )
        for project in registrations.project_id:
            brokers = registrations.filtered(lambda r, p=project: r.project_id == p).broker_id
            if len(brokers) > 1:
                raise UserError(
                    self.env._(
                        "These opportunities cannot be merged: the buyer is registered for "
                        "%(project)s by several brokers (%(brokers)s). Settle the ownership "
                        "first.",
                        project=project.name,
                        brokers=", ".join(brokers.mapped("name")),
                    )
                )
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reserved(self):
        if self.env.su:
            return
        guard = self.env["crm.delete.guard"]
        leads = self.sudo()
        guard._refuse_if_holding(
            self,
            leads.re_reservation_ids.filtered(lambda r: r.state in LIVE_RESERVATION_STATES),
        )
        guard._refuse_if_holding(
            self,
            self.env["crm.re.queue.number"]
            .sudo()
            .search(
                [
                    ("lead_id", "in", self.ids),
                    ("deposit_paid_date", "!=", False),
                    ("state", "!=", "refunded"),
                ]
            ),
        )
