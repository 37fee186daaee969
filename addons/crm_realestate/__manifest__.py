# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Real Estate Edition",
    "summary": "High-end residential sales CRM: inventory, buyer profiles, viewings, reservations",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Custom Suite Contributors",
    "maintainers": ["crm-custom-suite"],
    "website": "https://github.com/crm-custom-suite/crm-custom-suite",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_custom_core"],
    "data": [
        "views/crm_realestate_menus.xml",
    ],
    "installable": True,
    "application": True,
}
