# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Custom Core - Accounting Link",
    "summary": "Link CRM receivable receipts to customer payments when Invoicing is installed",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Custom Suite Contributors",
    "maintainers": ["crm-custom-suite"],
    "website": "https://github.com/crm-custom-suite/crm-custom-suite",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_custom_core", "account"],
    "data": [
        "views/crm_receivable_receipt_views.xml",
        "views/account_payment_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
