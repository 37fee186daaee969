# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmRoleCrawlCase
from odoo.addons.mail.tests.common import mail_new_test_user

APP = "crm_realestate.crm_realestate_menu_root"


@tagged("post_install", "-at_install", "crm_crawl")
class TestRealEstateRoleCrawl(CrmRoleCrawlCase):
    """Sales consultant, sales manager and channel manager crawl the Real Estate app."""

    crawl_addons = ("crm_custom_core", "crm_realestate")

    def _user(self, login, groups):
        user = mail_new_test_user(self.env, login=login, name=login, groups=groups)
        office = self.env.ref("crm_realestate.crm_team_realestate_demo", raise_if_not_found=False)
        if office:
            office.member_ids = [Command.link(user.id)]
        return user

    def test_sales_consultant(self):
        consultant = self._user(
            "crawl_re_consultant", "sales_team.group_sale_salesman,base.group_partner_manager"
        )
        self._crawl(consultant, APP)

    def test_sales_manager(self):
        manager = self._user(
            "crawl_re_manager", "sales_team.group_sale_manager,base.group_partner_manager"
        )
        self._crawl(manager, APP, screenshot="crm_realestate")

    def test_channel_manager(self):
        channel = self._user(
            "crawl_re_channel",
            "crm_realestate.group_re_channel_manager,base.group_partner_manager",
        )
        self._crawl(channel, APP)
