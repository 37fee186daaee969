# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

MANAGER_GROUP = "sales_team.group_sale_manager"
ORIENTATIONS = [
    ("south", "South"),
    ("south_east", "South-East"),
    ("south_west", "South-West"),
    ("east", "East"),
    ("west", "West"),
    ("north", "North"),
]


def check_finite(model, vals, names):
    """Refuse NaN, infinite or non-numeric amounts before the ORM converts
    them (its rounding would fail with a raw Python error)."""
    for name in names:
        if name not in vals or vals[name] is False or vals[name] is None:
            continue
        value = vals[name]
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            raise ValidationError(
                model.env._(
                    "%(field)s: %(value)s is not a finite number.",
                    field=model._fields[name].get_description(model.env)["string"],
                    value=repr(value)[:40],
                )
            )


# Set by holding, reserving, withholding and releasing only.
FLOW_FIELDS = {"state", "hold_user_id", "hold_lead_id", "hold_expiry", "reservation_id"}


class CrmReUnit(models.Model):
    """A unit (房源) and its sales status. Holding and reserving lock the
    unit's row first, so two consultants acting at the same moment cannot
    both succeed: the second gets a clear refusal."""

    _name = "crm.re.unit"
    _description = "Unit"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "project_id, building_id, floor, code"
    _rec_name = "code"

    code = fields.Char(required=True, index=True)
    building_id = fields.Many2one("crm.re.building", required=True, ondelete="cascade", index=True)
    project_id = fields.Many2one(related="building_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="building_id.company_id", store=True)
    currency_id = fields.Many2one(related="project_id.currency_id")
    floor = fields.Integer(required=True)
    layout_id = fields.Many2one("crm.re.layout", string="Layout", index=True, ondelete="set null")
    area = fields.Float(string="Area (m²)", digits=(10, 2))
    orientation = fields.Selection(ORIENTATIONS)
    base_price = fields.Monetary(
        tracking=True,
        help="Price before the floor and orientation adjustments of the price list in force.",
    )
    list_price = fields.Monetary(tracking=True)
    price_per_sqm = fields.Monetary(compute="_compute_price_per_sqm", string="Price per m²")
    state = fields.Selection(
        [
            ("available", "Available"),
            ("held", "Held"),
            ("reserved", "Reserved"),
            ("subscribed", "Subscribed"),
            ("sold", "Sold"),
            ("withheld", "Withheld from Sale"),
        ],
        default="available",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    hold_user_id = fields.Many2one(
        "res.users", string="Held By", readonly=True, ondelete="set null"
    )
    hold_lead_id = fields.Many2one(
        "crm.lead", string="Held For", readonly=True, ondelete="set null"
    )
    hold_expiry = fields.Datetime(string="Hold Ends", readonly=True)
    reservation_id = fields.Many2one(
        "crm.re.reservation", readonly=True, copy=False, ondelete="set null"
    )
    buyer_id = fields.Many2one(related="reservation_id.partner_id", string="Buyer")

    _code_unique = models.Constraint(
        "UNIQUE(building_id, code)", "A unit code is unique within its building."
    )
    # The hold job reads only held units.
    _hold_idx = models.Index("(hold_expiry) WHERE state = 'held'")

    @api.depends("list_price", "area")
    def _compute_price_per_sqm(self):
        for unit in self:
            unit.price_per_sqm = unit.area and unit.list_price / unit.area

    @api.constrains("base_price", "list_price", "area")
    def _check_amounts(self):
        for unit in self:
            for name in ("base_price", "list_price", "area"):
                if not math.isfinite(unit[name]) or unit[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: unit %(unit)s needs a finite value of zero or more.",
                            field=self._fields[name].get_description(self.env)["string"],
                            unit=unit.code,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite(self, vals, ("base_price", "list_price", "area"))
            names = set(vals)
            if vals.get("state") == "available":
                names.discard("state")  # a new unit is on sale: the default
            self._check_flow_fields(names)
        return super().create(vals_list)

    def write(self, vals):
        check_finite(self, vals, ("base_price", "list_price", "area"))
        self._check_flow_fields(set(vals))
        return super().write(vals)

    def _check_flow_fields(self, names):
        forced = FLOW_FIELDS & names
        if forced and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: a unit's status changes only by holding, reserving, "
                    "withholding or releasing it, never directly.",
                    fields=self._crm_field_labels(forced),
                )
            )

    # ------------------------------------------------------------
    # CONCURRENCY
    # ------------------------------------------------------------

    def _lock(self):
        """Lock the unit's row or refuse at once if another transaction has it."""
        self.ensure_one()
        self._crm_lock_rows(
            self.env._(
                "Unit %(unit)s was just taken by another consultant: it is no longer "
                "available. Refresh and choose another unit.",
                unit=self.code,
            )
        )

    def _lock_all(self):
        """Lock the rows of all the units in one query, or refuse at once if
        another transaction has one of them."""
        self._crm_lock_rows(
            self.env._(
                "Some of the units are being changed by another user right now. "
                "Refresh and try again."
            )
        )

    def _check_available_for(self, user):
        """Raise unless the locked unit is free, or held by ``user``."""
        self.ensure_one()
        if self.state == "held" and (
            self.hold_user_id == user
            or (self.hold_expiry and self.hold_expiry < fields.Datetime.now())
        ):
            return
        if self.state != "available":
            labels = dict(self._fields["state"]._description_selection(self.env))
            holder = self.hold_user_id.name if self.state == "held" else ""
            raise UserError(
                self.env._(
                    "Unit %(unit)s is %(state)s%(holder)s: it cannot be held or reserved.",
                    unit=self.code,
                    state=labels[self.state].lower(),
                    holder=self.env._(" by %s", holder) if holder else "",
                )
            )

    def action_hold(self, lead=None):
        """Hold the unit for a buyer while they decide."""
        for unit in self:
            unit.check_access("read")
            unit._lock()
            unit._check_available_for(self.env.user)
            unit.sudo().write(
                {
                    "state": "held",
                    "hold_user_id": self.env.uid,
                    "hold_lead_id": lead.id if lead else False,
                    "hold_expiry": fields.Datetime.now()
                    + timedelta(hours=unit.project_id.hold_hours or 2),
                }
            )
        return True

    def action_release_hold(self):
        for unit in self:
            if unit.state != "held":
                continue
            if unit.hold_user_id != self.env.user and not self.env.user.has_group(MANAGER_GROUP):
                raise AccessError(
                    self.env._(
                        "Unit %(unit)s is held by %(user)s: only they or a sales manager may "
                        "release it.",
                        unit=unit.code,
                        user=unit.hold_user_id.name,
                    )
                )
            unit._lock()
            unit.sudo()._set_available()
        return True

    def _set_available(self):
        self.write(
            {
                "state": "available",
                "hold_user_id": False,
                "hold_lead_id": False,
                "hold_expiry": False,
                "reservation_id": False,
            }
        )

    def action_reserve(self):
        """Open the reservation form for this unit."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.re.reservation",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_unit_id": self.id,
                "default_lead_id": self.hold_lead_id.id,
            },
        }

    # ------------------------------------------------------------
    # WITHHOLDING FROM SALE (销控)
    # ------------------------------------------------------------

    def _check_sales_manager(self, action):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only a sales manager may %(action)s units.", action=action)
            )

    def action_withhold(self):
        """Take available units off sale in one batch (all or none)."""
        self._check_sales_manager(self.env._("withhold"))
        self._lock_all()
        refused = self.filtered(lambda u: u.state != "available")
        if refused:
            raise UserError(
                self.env._(
                    "Status: only available units can be withheld from sale; "
                    "%(units)s are not available.",
                    units=", ".join(refused.mapped("code")),
                )
            )
        self.sudo().write({"state": "withheld"})
        return True

    def action_release_withheld(self):
        """Put withheld units back on sale in one batch (all or none)."""
        self._check_sales_manager(self.env._("release"))
        self._lock_all()
        refused = self.filtered(lambda u: u.state != "withheld")
        if refused:
            raise UserError(
                self.env._(
                    "Status: only units withheld from sale can be released; "
                    "%(units)s are not withheld.",
                    units=", ".join(refused.mapped("code")),
                )
            )
        self.sudo()._set_available()
        return True

    # ------------------------------------------------------------
    # AVAILABILITY BOARD (销控表)
    # ------------------------------------------------------------

    @api.model
    def get_availability_board(self, building_id):
        """The availability board of a building: its floors, top floor first,
        each with its units and their status, price and buyer, read by one
        SQL query. The buyer's name is given only to who may see the
        reservation (its consultant, the buyer's consultant, team leaders)."""
        building = self.env["crm.re.building"].browse(building_id).exists()
        if not building:
            raise UserError(self.env._("Building: it does not exist or was deleted."))
        building.check_access("read")
        building.project_id.check_access("read")
        see_all = self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
        self.env.flush_all()
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT u.id, u.code, u.floor, u.state, u.list_price, u.area, u.orientation,
                       COALESCE(l.name->>%(lang)s, l.name->>'en_US', '') AS layout,
                       CASE WHEN %(see_all)s OR r.user_id = %(uid)s OR ld.user_id = %(uid)s
                            THEN p.name END AS buyer,
                       b.name AS building, c.symbol AS currency,
                       c.position AS currency_position
                  FROM crm_re_unit u
                  JOIN crm_re_building b ON b.id = u.building_id
                  JOIN crm_re_project pr ON pr.id = b.project_id
                  JOIN res_company co ON co.id = pr.company_id
                  JOIN res_currency c ON c.id = co.currency_id
             LEFT JOIN crm_re_layout l ON l.id = u.layout_id
             LEFT JOIN crm_re_reservation r ON r.id = u.reservation_id
             LEFT JOIN crm_lead ld ON ld.id = r.lead_id
             LEFT JOIN res_partner p ON p.id = r.partner_id
                 WHERE u.building_id = %(building)s
                   AND pr.company_id IN %(companies)s
              ORDER BY u.floor DESC, u.code
                """,
                lang=self.env.lang or "en_US",
                see_all=bool(see_all),
                uid=self.env.uid,
                building=building.id,
                companies=tuple(self.env.companies.ids),
            )
        )
        labels = dict(self._fields["state"]._description_selection(self.env))
        orientations = dict(self._fields["orientation"]._description_selection(self.env))
        floors, counts = {}, dict.fromkeys(labels, 0)
        for row in rows:
            row["orientation"] = orientations.get(row["orientation"], "")
            row["state_label"] = labels.get(row["state"], row["state"])
            counts[row["state"]] += 1
            floors.setdefault(row["floor"], []).append(row)
        return {
            "building_id": building.id,
            "building": building.name,
            "currency": rows[0]["currency"] if rows else "",
            "currency_position": rows[0]["currency_position"] if rows else "before",
            "floors": [{"floor": floor, "units": units} for floor, units in floors.items()],
            "states": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in labels.items()
            ],
            "width": max((len(units) for units in floors.values()), default=0),
        }

    @api.model
    def _cron_release_holds(self, now=None):
        """Free the units whose hold lapsed; reads only held units by index."""
        now = now or fields.Datetime.now()
        units = self.sudo().search([("state", "=", "held"), ("hold_expiry", "<", now)])
        units._set_available()
        return units

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reserved(self):
        self.env["crm.delete.guard"]._refuse_if_holding(
            self,
            self.env["crm.re.reservation"].sudo().search([("unit_id", "in", self.ids)]),
        )
