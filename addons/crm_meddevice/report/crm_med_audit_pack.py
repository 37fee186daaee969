# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields, models


class CrmMedAuditPack(models.AbstractModel):
    """One workbook per device and period for an auditor: registrations, their
    history, adverse events with deadlines met or missed, clinical trials."""

    _name = "report.crm_meddevice.audit_pack"
    _inherit = "report.report_xlsx.abstract"
    _description = "Device Audit Pack"

    def _audit_data(self, product, date_from, date_to):
        registrations = self.env["crm.med.registration"].search(
            [("product_tmpl_id", "=", product.id)], order="country_id, id"
        )
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "crm.med.registration"),
                    ("mail_message_id.res_id", "in", registrations.ids),
                    ("mail_message_id.date", ">=", fields.Datetime.to_datetime(date_from)),
                    (
                        "mail_message_id.date",
                        "<",
                        fields.Datetime.to_datetime(date_to) + timedelta(days=1),
                    ),
                ],
                order="id",
            )
        )
        events = self.env["crm.med.adverse.event"].search(
            [
                ("product_tmpl_id", "=", product.id),
                ("awareness_date", ">=", date_from),
                ("awareness_date", "<=", date_to),
            ],
            order="awareness_date, id",
        )
        trials = self.env["crm.med.clinical.trial"].search(
            [("product_tmpl_id", "=", product.id)], order="date_start, id"
        )
        return registrations, trackings, events, trials

    def generate_xlsx_report(self, workbook, data, objs):
        date_from = fields.Date.to_date(data["date_from"])
        date_to = fields.Date.to_date(data["date_to"])
        bold = workbook.add_format({"bold": True})
        for product in objs:
            registrations, trackings, events, trials = self._audit_data(product, date_from, date_to)
            sheets = [
                (
                    self.env._("Registrations"),
                    [
                        self.env._("Number"),
                        self.env._("Country"),
                        self.env._("Type"),
                        self.env._("Issued"),
                        self.env._("Expires"),
                        self.env._("Renewal Due"),
                        self.env._("Status"),
                    ],
                    [
                        [
                            r.number,
                            r.country_id.name,
                            r.type_id.name,
                            str(r.issue_date or ""),
                            str(r.expiry_date or ""),
                            str(r.renewal_deadline or ""),
                            dict(r._fields["state"]._description_selection(self.env))[r.state],
                        ]
                        for r in registrations
                    ],
                ),
                (
                    self.env._("History"),
                    [
                        self.env._("Date"),
                        self.env._("Registration"),
                        self.env._("Field"),
                        self.env._("Old Value"),
                        self.env._("New Value"),
                        self.env._("By"),
                    ],
                    [
                        [
                            str(t.mail_message_id.date),
                            registrations.browse(t.mail_message_id.res_id).number,
                            t.field_id.field_description,
                            str(t._format_display_value(t.field_id.ttype, new=False)[0] or ""),
                            str(t._format_display_value(t.field_id.ttype, new=True)[0] or ""),
                            t.mail_message_id.author_id.name or "",
                        ]
                        for t in trackings
                    ],
                ),
                (
                    self.env._("Adverse Events"),
                    [
                        self.env._("Reference"),
                        self.env._("Country"),
                        self.env._("Seriousness"),
                        self.env._("Awareness Date"),
                        self.env._("Report Deadline"),
                        self.env._("Submitted"),
                        self.env._("Deadline"),
                    ],
                    [
                        [
                            e.name,
                            e.country_id.name,
                            dict(e._fields["event_class"]._description_selection(self.env))[
                                e.event_class
                            ],
                            str(e.awareness_date),
                            str(e.report_deadline or ""),
                            str(e.submitted_date or ""),
                            self.env._("met")
                            if e.deadline_met
                            else (
                                self.env._("missed")
                                if e.submitted_date or (e.report_deadline or date_to) < date_to
                                else self.env._("open")
                            ),
                        ]
                        for e in events
                    ],
                ),
                (
                    self.env._("Clinical Trials"),
                    [
                        self.env._("Title"),
                        self.env._("Registry ID"),
                        self.env._("Phase"),
                        self.env._("Status"),
                        self.env._("Sites"),
                        self.env._("Planned"),
                        self.env._("Enrolled"),
                    ],
                    [
                        [
                            t.name,
                            t.registry_id or "",
                            dict(t._fields["phase"]._description_selection(self.env))[t.phase],
                            dict(t._fields["state"]._description_selection(self.env))[t.state],
                            ", ".join(t.site_ids.partner_id.mapped("name")),
                            t.planned_enrollment,
                            t.actual_enrollment,
                        ]
                        for t in trials
                    ],
                ),
            ]
            for title, header, rows in sheets:
                sheet = workbook.add_worksheet(f"{title}"[:31])
                sheet.write_row(0, 0, header, bold)
                for index, row in enumerate(rows, start=1):
                    sheet.write_row(index, 0, row)
                sheet.set_column(0, len(header) - 1, 18)
