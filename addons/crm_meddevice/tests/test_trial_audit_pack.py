# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from openpyxl import load_workbook

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import MedDeviceCommon


@tagged("post_install", "-at_install")
class TestTrialAndAuditPack(MedDeviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hospital = cls.env["res.partner"].create(
            {"name": "Ruijin Test Hospital", "is_company": True, "country_id": cls.cn.id}
        )
        cls.investigator = cls.env["res.partner"].create({"name": "Dr. Test Investigator"})

    def _trial(self, user):
        return (
            self.env["crm.med.clinical.trial"]
            .with_user(user)
            .create(
                {
                    "name": "PUMP-PIVOTAL",
                    "product_tmpl_id": self.pump.id,
                    "phase": "pivotal",
                    "registry_id": "NCT09999999",
                    "state": "recruiting",
                    "site_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": self.hospital.id,
                                "investigator_id": self.investigator.id,
                                "planned_enrollment": 40,
                                "actual_enrollment": 12,
                            },
                        )
                    ],
                }
            )
        )

    def test_trial_visible_from_the_hospital(self):
        trial = self._trial(self.user_reg_cn)
        self.assertEqual((trial.planned_enrollment, trial.actual_enrollment), (40, 12))
        hospital = self.hospital.with_user(self.user_reg_cn)
        self.assertEqual(hospital.med_trial_count, 1)
        action = hospital.action_view_med_trials()
        self.assertEqual(self.env["crm.med.clinical.trial"].search(action["domain"]), trial)
        with self.assertRaisesRegex(ValidationError, "negative"):
            trial.site_ids.actual_enrollment = -1
        with self.assertRaises(AccessError):
            self._trial(self.user_salesman)

    def test_audit_pack_workbook(self):
        reg = self._registration(self.pump, self.cn, self.nmpa_cert, state="draft")
        self.env.flush_all()
        self.env.cr.precommit.run()  # the registration exists before the changes to track
        tracked = reg.with_user(self.user_reg_cn).with_context(
            tracking_disable=False, mail_notrack=False
        )
        tracked.action_submit()
        tracked.action_activate()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self._trial(self.user_reg_cn)
        Event = self.env["crm.med.adverse.event"].with_user(self.user_reg_manager)
        late = Event.create(
            {
                "product_tmpl_id": self.pump.id,
                "country_id": self.cn.id,
                "event_class": "death",
                "awareness_date": date(2020, 1, 1),
            }
        )
        late.action_submit()
        wizard = (
            self.env["crm.med.audit.pack.wizard"]
            .with_user(self.user_reg_cn)
            .create(
                {
                    "product_tmpl_id": self.pump.id,
                    "date_from": date(2019, 1, 1),
                    "date_to": date.today(),
                }
            )
        )
        action = wizard.action_print()
        self.assertEqual(action["report_type"], "xlsx")
        content, kind = self.env["ir.actions.report"]._render(
            "crm_meddevice.action_report_audit_pack", self.pump.ids, action["data"]
        )
        self.assertEqual(kind, "xlsx")
        book = load_workbook(io.BytesIO(content))
        self.assertEqual(len(book.sheetnames), 4)
        regs, history, events, trials = (book[name] for name in book.sheetnames)
        self.assertEqual(regs["A2"].value, reg.number)
        self.assertGreaterEqual(history.max_row, 2, "the state changes are in the history")
        self.assertEqual(events["A2"].value, late.name)
        self.assertEqual(events["G2"].value, "missed")
        self.assertEqual(trials["B2"].value, "NCT09999999")
        with self.assertRaisesRegex(ValidationError, "Date To"):
            wizard.date_to = date(2018, 1, 1)
