# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# What readers of these languages expect and Odoo's res.lang.csv does not give:
# Chinese weeks start on Monday (GB/T 7408, the calendars of China), dates read
# 2026-11-27 (GB/T 7408 all-numeric form), 24-hour times.
LOCALE_FIXES = {
    "zh_CN": {"week_start": "1", "date_format": "%Y-%m-%d", "time_format": "%H:%M:%S"},
}


class ResLang(models.Model):
    """Apply ``LOCALE_FIXES`` whenever such a language becomes active: when it
    is installed (created or activated) before or after this module, and when
    base's data rewrite it on an upgrade."""

    _inherit = "res.lang"

    @api.model_create_multi
    def create(self, vals_list):
        langs = super().create(vals_list)
        langs.filtered("active")._crm_fix_locale()
        return langs

    def write(self, vals):
        res = super().write(vals)
        if vals.get("active"):
            self._crm_fix_locale()
        return res

    def _load_records_write(self, values):
        # base's res.lang.csv writes Odoo's defaults back on every upgrade
        res = super()._load_records_write(values)
        if self.active:
            self._crm_fix_locale()
        return res

    @api.model
    def _crm_fix_locales(self):
        """Fix the active languages of ``LOCALE_FIXES`` (on this module's install
        and upgrade)."""
        self.search([("code", "in", list(LOCALE_FIXES))])._crm_fix_locale()

    def _crm_fix_locale(self):
        fixed = self.browse()
        for lang in self:
            fixes = LOCALE_FIXES.get(lang.code, {})
            values = {name: value for name, value in fixes.items() if lang[name] != value}
            if values:
                super(ResLang, lang).write(values)
                fixed |= lang
        return fixed
