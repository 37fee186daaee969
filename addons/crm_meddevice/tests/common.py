# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.crm_custom_core.tests.common import CrmCustomCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class MedDeviceCommon(CrmCustomCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.us = cls.env.ref("base.us")
        cls.de = cls.env.ref("base.de")
        cls.user_reg_cn = mail_new_test_user(
            cls.env,
            login="md_reg_cn",
            name="MD Regulatory China",
            groups="crm_meddevice.group_med_regional",
        )
        cls.user_reg_cn.med_country_ids = cls.cn
        cls.user_reg_manager = mail_new_test_user(
            cls.env,
            login="md_reg_manager",
            name="MD Regulatory Manager",
            groups="crm_meddevice.group_med_manager",
        )
        cls.pump = cls.env["product.template"].create(
            {"name": "Test Pump", "is_med_device": True, "med_udi_di": "0001"}
        )
        cls.monitor = cls.env["product.template"].create(
            {"name": "Test Monitor", "is_med_device": True}
        )
        cls.nmpa_cert = cls.env.ref("crm_meddevice.type_nmpa_cert")
        cls.fda_510k = cls.env.ref("crm_meddevice.type_fda_510k")
        cls.eu_cert = cls.env.ref("crm_meddevice.type_eu_mdr_cert")

    @classmethod
    def _registration(cls, product, country, rtype, state="active", issue=date(2026, 1, 1), **kw):
        vals = {
            "number": f"{product.name}-{country.code}-{rtype.id}",
            "product_tmpl_id": product.id,
            "country_id": country.id,
            "type_id": rtype.id,
            "issue_date": issue,
            "state": state,
        }
        vals.update(kw)
        return cls.env["crm.med.registration"].create(vals)
