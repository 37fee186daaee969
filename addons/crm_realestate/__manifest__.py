# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Real Estate Edition",
    "summary": "High-end residential sales CRM: inventory, buyer profiles, viewings, reservations",
    "version": "19.0.1.1.0",
    "category": "Sales/CRM",
    "author": "CRM Custom Suite Contributors",
    "maintainers": ["crm-custom-suite"],
    "website": "https://github.com/crm-custom-suite/crm-custom-suite",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_custom_core"],
    "data": [
        "security/crm_realestate_security.xml",
        "security/ir.model.access.csv",
        "data/crm_process_template_data.xml",
        "views/crm_re_unit_views.xml",
        "views/crm_re_project_views.xml",
        "views/crm_re_reservation_views.xml",
        "views/crm_re_viewing_views.xml",
        "views/crm_re_launch_views.xml",
        "views/crm_re_queue_number_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "wizard/crm_re_unit_match_views.xml",
        "wizard/crm_re_queue_pick_views.xml",
        "report/crm_re_consultant_report_views.xml",
        "views/crm_realestate_menus.xml",
    ],
    "demo": [
        "demo/crm_realestate_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_realestate/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_realestate/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": True,
}
