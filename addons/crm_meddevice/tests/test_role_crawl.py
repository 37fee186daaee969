# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.crm_custom_core.tests.common import CrmRoleCrawlCase
from odoo.addons.mail.tests.common import mail_new_test_user

APP = "crm_meddevice.crm_meddevice_menu_root"


@tagged("post_install", "-at_install", "crm_crawl")
class TestMedDeviceRoleCrawl(CrmRoleCrawlCase):
    """Regional sales, regulatory officer and regulatory manager crawl the
    Medical Devices app."""

    crawl_addons = ("crm_custom_core", "crm_meddevice")
    crawl_base_addons = (*CrmRoleCrawlCase.crawl_base_addons, "product")

    def _user(self, login, groups):
        return mail_new_test_user(self.env, login=login, name=login, groups=groups)

    def test_regional_sales(self):
        sales = self._user(
            "crawl_med_sales", "sales_team.group_sale_salesman,base.group_partner_manager"
        )
        self._crawl(sales, APP)

    def test_regulatory_officer(self):
        officer = self._user("crawl_med_officer", "crm_meddevice.group_med_regional")
        officer.med_country_ids = self.env.ref("base.cn")
        self._crawl(officer, APP)

    def test_regulatory_manager(self):
        manager = self._user(
            "crawl_med_manager",
            "crm_meddevice.group_med_manager,sales_team.group_sale_manager",
        )
        self._crawl(manager, APP, screenshot="crm_meddevice")
