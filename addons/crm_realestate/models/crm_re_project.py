# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmReProject(models.Model):
    """A residential development on sale (楼盘)."""

    _name = "crm.re.project"
    _description = "Real Estate Project"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    city = fields.Char(tracking=True)
    address = fields.Char()
    presale_permit = fields.Char(string="Pre-sale Permit", tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        ondelete="restrict",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    building_ids = fields.One2many("crm.re.building", "project_id", string="Buildings")
    unit_ids = fields.One2many("crm.re.unit", "project_id", string="Units")
    unit_count = fields.Integer(compute="_compute_unit_stats")
    available_count = fields.Integer(compute="_compute_unit_stats")
    sold_count = fields.Integer(compute="_compute_unit_stats")
    reservation_days = fields.Integer(
        string="Reservation Validity (days)",
        default=7,
        help="A reservation with deposit lapses after this many days unless it is converted.",
    )
    referral_reward_amount = fields.Monetary(
        string="Referral Reward",
        currency_field="currency_id",
        help="Reward owed to the referrer when a referred buyer signs the purchase contract.",
    )
    hold_hours = fields.Integer(
        string="Hold Duration (hours)",
        default=2,
        help="A consultant's hold on a unit, pending the buyer's decision, lapses after this.",
    )

    ownership_protection_days = fields.Integer(
        string="Ownership Protection (days)",
        default=30,
        help="A buyer registered first by a consultant or channel stays theirs this many days "
        "after the visit or the last follow-up; then the consultant receiving the next visit "
        "takes the buyer over.",
    )

    ownership_lapse_rule = fields.Selection(
        [
            ("next_visit", "The consultant receiving the next visit takes over"),
            ("pool", "The buyer returns to the customer pool"),
        ],
        string="When Protection Lapses",
        default="next_visit",
        required=True,
        help="What happens to a buyer whose protection lapsed without follow-up: kept until "
        "the next visit decides, or returned at once (daily job) to the team's customer pool "
        "for any consultant to claim.",
    )

    broker_protection_days = fields.Integer(
        string="Broker Protection (days)",
        default=90,
        help="A buyer pre-registered by a channel broker belongs to the broker's channel this "
        "many days from the buyer's first visit (and must visit within as many days).",
    )
    broker_commission_rate = fields.Float(
        string="Broker Commission (%)",
        default=1.0,
        help="Share of the contract price owed to a broker without a rate of their own.",
    )

    def _compute_unit_stats(self):
        counts = {}
        for project, state, count in self.env["crm.re.unit"]._read_group(
            [("project_id", "in", self.ids)], ["project_id", "state"], ["__count"]
        ):
            counts.setdefault(project.id, {})[state] = count
        for project in self:
            stats = counts.get(project.id, {})
            project.unit_count = sum(stats.values())
            project.available_count = stats.get("available", 0)
            project.sold_count = stats.get("sold", 0)

    @api.model
    def _generate_units(self, building, floors, per_floor, layouts, base_price, step):
        """Create the units of a building: floor x position, price rising with the floor."""
        orientations = ["south", "south_east", "south_west", "north"]
        values = []
        for floor in range(1, floors + 1):
            for position in range(1, per_floor + 1):
                layout = layouts[(position - 1) % len(layouts)]
                area = 90 + 30 * (layout.bedrooms or 1)
                values.append(
                    {
                        "building_id": building.id,
                        "code": f"{building.code}-{floor:02d}{position:02d}",
                        "floor": floor,
                        "layout_id": layout.id,
                        "area": area,
                        "orientation": orientations[(position - 1) % len(orientations)],
                        "list_price": round(area * (base_price + step * floor), -3),
                    }
                )
        return self.env["crm.re.unit"].create(values)
