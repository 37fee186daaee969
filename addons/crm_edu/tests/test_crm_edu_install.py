# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged, users

from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon


@tagged("post_install", "-at_install")
class TestCrmEduInstall(CrmCustomCommon):
    @users("cc_salesman")
    def test_menu_visible_to_salespeople(self):
        menus = self.env["ir.ui.menu"].sudo()._visible_menu_ids()
        root = self.env.ref("crm_edu.crm_edu_menu_root")
        self.assertIn(root.id, menus)

    @users("cc_portal")
    def test_menu_hidden_from_portal_users(self):
        menus = self.env["ir.ui.menu"].sudo()._visible_menu_ids()
        self.assertNotIn(self.env.ref("crm_edu.crm_edu_menu_root").id, menus)

    def test_menu_visible_to_teachers(self):
        teacher = self.env["res.users"].create(
            {
                "name": "Install Teacher",
                "login": "edu_install_teacher",
                "group_ids": [(4, self.env.ref("crm_edu.group_edu_teacher").id)],
            }
        )
        menus = self.env["ir.ui.menu"].with_user(teacher)._visible_menu_ids()
        self.assertIn(self.env.ref("crm_edu.crm_edu_menu_root").id, menus)
        self.assertIn(self.env.ref("crm_edu.crm_edu_menu_sessions").id, menus)
        self.assertNotIn(self.env.ref("crm_edu.crm_edu_menu_contracts").id, menus)
        self.assertNotIn(self.env.ref("crm_edu.crm_edu_menu_config").id, menus)
