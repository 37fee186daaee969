# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Custom Core",
    "summary": "Process templates with stage gates, time standards, stage history, "
    "cross-department dispatch, funnel analytics, customer pool, receivables, sales "
    "targets and approvals on top of Odoo CRM",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "CRM Custom Suite Contributors",
    "maintainers": ["crm-custom-suite"],
    "website": "https://github.com/crm-custom-suite/crm-custom-suite",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["crm", "base_automation", "base_tier_validation"],
    "data": [
        "security/crm_custom_core_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/crm_process_template_data.xml",
        "data/ir_cron_data.xml",
        "data/tier_definition_data.xml",
        "wizard/crm_process_template_apply_views.xml",
        "wizard/crm_lead_stage_force_views.xml",
        "views/crm_process_template_views.xml",
        "views/crm_process_template_stage_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_team_views.xml",
        "views/crm_pool_views.xml",
        "views/crm_receivable_receipt_views.xml",
        "views/crm_receivable_line_views.xml",
        "views/crm_sales_target_views.xml",
        "views/crm_approval_request_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_lead_stage_history_views.xml",
        "report/crm_funnel_report_views.xml",
        "report/crm_sales_ranking_views.xml",
        "data/base_automation_data.xml",
        "views/crm_custom_core_menus.xml",
    ],
    "demo": [
        "demo/crm_custom_core_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_custom_core/static/src/**/*",
        ],
        "web.assets_tests": [
            "crm_custom_core/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
