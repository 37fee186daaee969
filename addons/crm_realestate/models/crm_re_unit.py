# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
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


class CrmReUnit(models.Model):
    """A unit (房源) and its sales status. Holding and reserving lock the
    unit's row first, so two consultants acting at the same moment cannot
    both succeed: the second gets a clear refusal."""

    _name = "crm.re.unit"
    _description = "Unit"
    _inherit = ["mail.thread"]
    _order = "project_id, building_id, floor, code"
    _rec_name = "code"

    code = fields.Char(required=True, index=True)
    building_id = fields.Many2one("crm.re.building", required=True, ondelete="cascade", index=True)
    project_id = fields.Many2one(related="building_id.project_id", store=True, index=True)
    company_id = fields.Many2one(related="building_id.company_id", store=True)
    currency_id = fields.Many2one(related="project_id.currency_id")
    floor = fields.Integer(required=True)
    layout_id = fields.Many2one("crm.re.layout", string="Layout", index=True)
    area = fields.Float(string="Area (m²)", digits=(10, 2))
    orientation = fields.Selection(ORIENTATIONS)
    list_price = fields.Monetary(tracking=True)
    price_per_sqm = fields.Monetary(compute="_compute_price_per_sqm", string="Price per m²")
    state = fields.Selection(
        [
            ("available", "Available"),
            ("held", "Held"),
            ("reserved", "Reserved"),
            ("sold", "Sold"),
        ],
        default="available",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    hold_user_id = fields.Many2one("res.users", string="Held By", readonly=True)
    hold_lead_id = fields.Many2one("crm.lead", string="Held For", readonly=True)
    hold_expiry = fields.Datetime(string="Hold Ends", readonly=True)
    reservation_id = fields.Many2one("crm.re.reservation", readonly=True, copy=False)
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

    # ------------------------------------------------------------
    # CONCURRENCY
    # ------------------------------------------------------------

    def _lock(self):
        """Lock the unit's row or refuse at once if another transaction has it."""
        self.ensure_one()
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL("SELECT id FROM crm_re_unit WHERE id = %s FOR UPDATE NOWAIT", self.id),
                    log_exceptions=False,  # contention is expected, not an error
                )
        except (LockNotAvailable, SerializationFailure):
            raise UserError(
                self.env._(
                    "Unit %(unit)s was just taken by another consultant: it is no longer "
                    "available. Refresh and choose another unit.",
                    unit=self.code,
                )
            ) from None
        self.invalidate_recordset()

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

    @api.model
    def _cron_release_holds(self, now=None):
        """Free the units whose hold lapsed; reads only held units by index."""
        now = now or fields.Datetime.now()
        units = self.sudo().search([("state", "=", "held"), ("hold_expiry", "<", now)])
        units._set_available()
        return units
