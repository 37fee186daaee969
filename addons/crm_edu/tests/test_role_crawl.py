# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmRoleCrawlCase
from odoo.addons.mail.tests.common import mail_new_test_user

APP = "crm_edu.crm_edu_menu_root"


@tagged("post_install", "-at_install", "crm_crawl")
class TestEduRoleCrawl(CrmRoleCrawlCase):
    """Admissions advisor, teacher and campus manager crawl the Education app."""

    crawl_addons = ("crm_custom_core", "crm_edu")

    def _user(self, login, groups):
        user = mail_new_test_user(self.env, login=login, name=login, groups=groups)
        campus = self.env.ref("crm_edu.edu_campus_east_demo", raise_if_not_found=False)
        if campus:
            campus.member_ids = [Command.link(user.id)]
        return user

    def test_admissions_advisor(self):
        advisor = self._user(
            "crawl_edu_advisor", "sales_team.group_sale_salesman,base.group_partner_manager"
        )
        self._crawl(advisor, APP)

    def test_teacher(self):
        self._crawl(self._user("crawl_edu_teacher", "crm_edu.group_edu_teacher"), APP)

    def test_campus_manager(self):
        manager = self._user(
            "crawl_edu_manager", "crm_edu.group_edu_manager,base.group_partner_manager"
        )
        self._crawl(manager, APP, screenshot="crm_edu")
