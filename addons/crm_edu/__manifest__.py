# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Education Edition",
    "summary": "Enrollment CRM for education and training institutions: "
    "campuses, trial lessons, lesson-hour packages",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Custom Suite Contributors",
    "maintainers": ["crm-custom-suite"],
    "website": "https://github.com/crm-custom-suite/crm-custom-suite",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_custom_core"],
    "data": [
        "views/crm_edu_menus.xml",
    ],
    "installable": True,
    "application": True,
}
