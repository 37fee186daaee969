# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """Buyers' milestones take the translations their checklist items just
        received (they are records of their own, without XML id)."""
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "crm.re.milestone" in self.env:
            self.env["crm.re.milestone"].browse()._sync_template_translations()
        return res
