# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """Pipeline stages created from process templates have no XML id: when
        a language is loaded or updated, they take the translations their
        template stages just received."""
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "crm.process.template.stage" in self.env:
            self.env["crm.process.template.stage"].with_context(active_test=False).search(
                []
            )._sync_crm_stage_translations()
        return res
