# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "sales_team.group_sale_manager"


class CrmReLaunch(models.Model):
    """A sales launch (开盘) of buildings of a project on a given day. Before
    it, buyers take numbered places (排号) with a refundable intention deposit
    (认筹金); on the day they pick units in number order; at the close, the
    numbers not used are refunded."""

    _name = "crm.re.launch"
    _description = "Sales Launch"
    _inherit = ["mail.thread", "crm.input.guard.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    project_id = fields.Many2one(
        "crm.re.project", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="project_id.currency_id")
    building_ids = fields.Many2many(
        "crm.re.building",
        string="Buildings",
        domain="[('project_id', '=', project_id)]",
        help="Buildings on sale at the launch; all the project's buildings when empty.",
    )
    date = fields.Date(string="Launch Date", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Taking Numbers"),
            ("open", "Picking Units"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    enforce_order = fields.Boolean(
        string="Pick in Number Order",
        default=True,
        help="A number may pick only when no lower number is still waiting.",
    )
    intention_deposit = fields.Monetary(
        string="Intention Deposit",
        currency_field="currency_id",
        help="Refundable amount (认筹金) a buyer pays to take a number; it becomes the deposit "
        "of the reservation when they pick a unit.",
    )
    queue_number_ids = fields.One2many("crm.re.queue.number", "launch_id", string="Numbers")
    number_count = fields.Integer(compute="_compute_counts")
    picked_count = fields.Integer(compute="_compute_counts")
    waiting_count = fields.Integer(compute="_compute_counts")

    def _compute_counts(self):
        counts = {}
        for launch, state, count in self.env["crm.re.queue.number"]._read_group(
            [("launch_id", "in", self.ids)], ["launch_id", "state"], ["__count"]
        ):
            counts.setdefault(launch.id, {})[state] = count
        for launch in self:
            stats = counts.get(launch.id, {})
            launch.number_count = sum(stats.values())
            launch.picked_count = stats.get("picked", 0)
            launch.waiting_count = stats.get("waiting", 0)

    def _check_manager(self):
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a sales manager may open or close a launch."))

    def _lock(self):
        """Lock the launch's row: numbers are handed out one at a time."""
        self.ensure_one()
        self._crm_lock_rows(wait=True)

    def _get_buildings(self):
        self.ensure_one()
        return self.building_ids or self.project_id.building_ids

    def action_open(self):
        """Launch day: numbers stop being taken, picking starts."""
        self._check_manager()
        for launch in self:
            if launch.state != "draft":
                raise UserError(
                    self.env._("Launch %(name)s is already open or closed.", name=launch.name)
                )
        self.write({"state": "open"})
        return True

    def action_close(self):
        """Close the launch and refund every number not used to pick a unit,
        in one batch, logged on the launch."""
        self._check_manager()
        for launch in self:
            if launch.state == "closed":
                raise UserError(self.env._("Launch %(name)s is already closed.", name=launch.name))
            unused = launch.queue_number_ids.filtered(lambda n: n.state in ("waiting", "skipped"))
            unused._refund(self.env._("Not used at the close of launch %(name)s", name=launch.name))
            launch.message_post(
                body=self.env._(
                    "Launch closed: %(count)s intention deposit(s) to refund "
                    "(numbers %(numbers)s).",
                    count=len(unused),
                    numbers=", ".join(str(n) for n in unused.mapped("number")) or "-",
                )
            )
        self.write({"state": "closed"})
        return True

    def action_view_numbers(self):
        return self._crm_related_action("crm_realestate.crm_re_queue_number_action", "launch_id")

    def action_open_board(self):
        self.ensure_one()
        buildings = self._get_buildings()
        if not buildings:
            raise UserError(self.env._("Buildings: the project of this launch has none."))
        return buildings[:1].action_open_board()

    @api.model
    def _re_demo_launch_day(self, project_id, building_id, team_id):
        """Demo: a launch day under way on a building: a price list applied,
        eight buyers holding queue numbers, the first three picked, the
        fourth skipped; a channel broker with a registered buyer."""
        project = self.env["crm.re.project"].browse(project_id)
        building = self.env["crm.re.building"].browse(building_id)
        team = self.env["crm.team"].browse(team_id)
        building.unit_ids.filtered(lambda u: u.state == "available").write(
            {"base_price": 6_000_000}
        )
        price_list = self.env["crm.re.price.list"].create(
            {
                "name": "Tower 2 - opening prices",
                "project_id": project.id,
                "building_ids": [(6, 0, building.ids)],
                "effective_date": fields.Date.context_today(self),
                "floor_threshold": 5,
                "floor_premium": 40_000,
                "line_ids": [
                    (0, 0, {"orientation": "south", "percent": 3.0}),
                    (0, 0, {"orientation": "north", "percent": -2.0}),
                ],
            }
        )
        price_list.action_apply()
        launch = self.create(
            {
                "name": "Tower 2 launch",
                "project_id": project.id,
                "building_ids": [(6, 0, building.ids)],
                "date": fields.Date.context_today(self),
                "intention_deposit": 50_000,
            }
        )
        names = [
            "Gao Yuan",
            "Lin Tao",
            "He Jing",
            "Guo Peng",
            "Ma Li",
            "Luo Bin",
            "Liang Hui",
            "Song Jie",
        ]
        partners = self.env["res.partner"].create(
            [{"name": name, "phone": f"1370000{i:04d}"} for i, name in enumerate(names)]
        )
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"{partner.name} - Tower 2 launch",
                    "type": "opportunity",
                    "team_id": team.id,
                    "partner_id": partner.id,
                    "phone": partner.phone,
                    "re_project_id": project.id,
                }
                for partner in partners
            ]
        )
        numbers = self.env["crm.re.queue.number"].create(
            [
                {
                    "launch_id": launch.id,
                    "lead_id": lead.id,
                    "user_id": (lead.user_id or self.env.user).id,
                    "deposit_paid_date": fields.Date.context_today(self),
                }
                for lead in leads
            ]
        )
        launch.action_open()
        units = building.unit_ids.filtered(lambda u: u.state == "available").sorted(
            lambda u: (-u.floor, u.code)
        )
        for number, unit in zip(numbers[:3], units[:3], strict=True):
            number.action_pick(unit)
        numbers[3].action_skip()
        broker = self.env["res.partner"].create(
            {
                "name": "Sunshine Realty",
                "is_company": True,
                "re_is_broker": True,
                "re_commission_rate": 1.5,
            }
        )
        self.env["crm.re.broker.registration"].create(
            {
                "broker_id": broker.id,
                "project_id": project.id,
                "buyer_name": "Qian Rui",
                "phone_prefix": "135",
                "phone_suffix": "8866",
            }
        )
        return launch

    @api.ondelete(at_uninstall=False)
    def _unlink_except_numbers(self):
        if self.queue_number_ids:
            raise UserError(self.env._("A launch with queue numbers cannot be deleted."))
