# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .crm_re_unit import check_finite

MANAGER_GROUP = "sales_team.group_sale_manager"
# units whose price is not agreed yet: a new price list reprices them
PRICED_STATES = ("available", "held", "withheld")


class CrmRePriceList(models.Model):
    """A version of the price list (价目表) of a project or of some of its
    buildings, in force from its effective date. The list price of a unit is
    its base price, plus an amount per floor above a threshold floor, then
    adjusted by a percentage for its orientation. The version in force is the
    latest one whose effective date has come; applying it reprices the
    unsold units in one set-based write."""

    _name = "crm.re.price.list"
    _description = "Price List Version"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "project_id, effective_date desc, version desc"

    name = fields.Char(required=True, tracking=True)
    project_id = fields.Many2one(
        "crm.re.project", required=True, index=True, ondelete="cascade", tracking=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="project_id.currency_id")
    building_ids = fields.Many2many(
        "crm.re.building",
        string="Buildings",
        domain="[('project_id', '=', project_id)]",
        help="Buildings the version prices; all the project's buildings when empty.",
    )
    version = fields.Integer(readonly=True, copy=False)
    effective_date = fields.Date(required=True, tracking=True, index=True)
    floor_threshold = fields.Integer(
        string="Floor Premium Above",
        default=1,
        help="Floors above this one add the floor premium, once per floor.",
    )
    floor_premium = fields.Monetary(
        string="Premium per Floor",
        currency_field="currency_id",
        help="Amount added to the base price for each floor above the threshold floor.",
    )
    line_ids = fields.One2many(
        "crm.re.price.list.line", "price_list_id", string="Orientation Adjustments", copy=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("applied", "Applied")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    applied_date = fields.Datetime(readonly=True, copy=False)
    applied_count = fields.Integer(string="Units Repriced", readonly=True, copy=False)

    _version_unique = models.Constraint(
        "UNIQUE(project_id, version)", "A price list version is unique within its project."
    )

    @api.constrains("floor_premium", "floor_threshold")
    def _check_floor_rule(self):
        for price_list in self:
            if (
                not math.isfinite(price_list.floor_premium)
                or price_list.floor_premium < 0
                or price_list.floor_threshold < 0
            ):
                raise ValidationError(
                    self.env._("Premium per Floor: the premium and the floor cannot be negative.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_flow_fields(vals)
            project = self.env["crm.re.project"].browse(vals.get("project_id"))
            last = self.search_fetch(
                [("project_id", "=", project.id)], ["version"], order="version desc", limit=1
            )
            vals["version"] = last.version + 1
        return super().create(vals_list)

    def write(self, vals):
        self._check_flow_fields(vals)
        return super().write(vals)

    def _check_flow_fields(self, vals):
        check_finite(self, vals, ("floor_premium",))
        forced = {"version", "state", "applied_date", "applied_count"}.intersection(vals)
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by numbering and applying the price list, never directly.",
                    fields=self._crm_field_labels(forced),
                )
            )

    def _scope_buildings(self):
        self.ensure_one()
        return self.building_ids or self.project_id.building_ids

    @api.model
    def _get_in_force(self, building, today=None):
        """The version in force for ``building``: the latest whose effective
        date has come, among those covering it."""
        today = today or fields.Date.context_today(self)
        candidates = self.search(
            [("project_id", "=", building.project_id.id), ("effective_date", "<=", today)],
            order="effective_date desc, version desc",
        )
        return candidates.filtered(lambda p: building in p._scope_buildings())[:1]

    def action_apply(self):
        """Reprice the unsold units the version covers, in one UPDATE."""
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager may apply a price list."))
        today = fields.Date.context_today(self)
        for price_list in self:
            if price_list.effective_date > today:
                raise UserError(
                    self.env._(
                        "Effective Date: %(name)s is in force from %(date)s only.",
                        name=price_list.name,
                        date=price_list.effective_date,
                    )
                )
            buildings = price_list._scope_buildings().filtered(
                lambda b, p=price_list: self._get_in_force(b, today) == p
            )
            if not buildings:
                raise UserError(
                    self.env._(
                        "%(name)s is not the price list in force: a later version applies.",
                        name=price_list.name,
                    )
                )
            count = price_list._apply_to(buildings)
            price_list.sudo().write(
                {"state": "applied", "applied_date": fields.Datetime.now(), "applied_count": count}
            )
            price_list.message_post(
                body=self.env._(
                    "Applied to %(count)s unsold unit(s) of %(buildings)s.",
                    count=count,
                    buildings=", ".join(buildings.mapped("name")),
                )
            )
        return True

    def _apply_to(self, buildings):
        """Compute the list prices of the unsold units of ``buildings`` in one
        set-based UPDATE; return how many units were repriced."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_re_unit u
                   SET list_price = ROUND(
                           ((u.base_price + GREATEST(u.floor - %(threshold)s, 0) * %(premium)s)
                            * (1 + COALESCE((
                                SELECT l.percent FROM crm_re_price_list_line l
                                 WHERE l.price_list_id = %(price_list)s
                                   AND l.orientation = u.orientation), 0) / 100.0)
                           )::numeric, 2),
                       write_date = NOW() AT TIME ZONE 'UTC',
                       write_uid = %(uid)s
                 WHERE u.building_id IN %(buildings)s
                   AND u.state IN %(states)s
                   AND u.base_price > 0
                """,
                threshold=self.floor_threshold,
                premium=self.floor_premium or 0.0,
                uid=self.env.uid,
                price_list=self.id,
                buildings=tuple(buildings.ids),
                states=PRICED_STATES,
            )
        )
        count = self.env.cr.rowcount
        self.env["crm.re.unit"].invalidate_model(["list_price", "price_per_sqm", "write_date"])
        return count

    @api.model
    def _cron_apply_in_force(self):
        """Apply the versions whose effective date has come and that are not
        applied yet (only if still the version in force)."""
        today = fields.Date.context_today(self)
        due = self.sudo().search([("state", "=", "draft"), ("effective_date", "<=", today)])
        for price_list in due:
            buildings = price_list._scope_buildings().filtered(
                lambda b, p=price_list: self._get_in_force(b, today) == p
            )
            if buildings:
                price_list.action_apply()
        return due
