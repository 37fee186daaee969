import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_custom_core_apply_template_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: 'button[data-menu-xmlid="crm.crm_menu_config"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_custom_core.crm_process_template_menu"]',
            run: "click",
        },
        {
            trigger: '.o_data_row td[name="name"]:contains("B2B Solution Sales")',
            run: "click",
        },
        {
            trigger: 'button[name="action_open_apply_wizard"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="team_ids"] input',
            run: "edit Tour Team",
        },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("Tour Team")',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="team_ids"] .o_tag:contains("Tour Team")',
        },
        {
            trigger: '.modal button[name="action_apply"]',
            run: "click",
        },
        {
            trigger: ".o_notification:contains('applied')",
        },
    ],
});

registry.category("web_tour.tours").add("crm_custom_core_gate_tour", {
    steps: () => [
        {
            content: "The salesperson drags the lead forward on the pipeline",
            trigger:
                ".o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Lead Discovery')) .o_kanban_record:contains('Tour Lead')",
            run: "drag_and_drop(.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('First Contact')))",
        },
        {
            content: "The gate refuses and lists what is missing",
            trigger: '.modal:contains("Phone")',
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The lead stayed where it was",
            trigger:
                ".o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Lead Discovery')) .o_kanban_record:contains('Tour Lead')",
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="phone"] input',
            run: "edit +86 138 0013 8000",
        },
        ...stepUtils.saveForm(),
        {
            trigger: '.o_statusbar_status button:contains("First Contact")',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button:contains("First Contact")[aria-checked="true"]',
        },
        {
            trigger: ".o_form_view .o_form_sheet",
            run() {
                // The statusbar saves the record; save again only if an onchange left it dirty.
                const save = document.querySelector(".o_form_button_save");
                if (save && save.offsetParent) {
                    save.click();
                }
            },
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("crm_custom_core_pool_claim_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: 'button[data-menu-xmlid="crm.crm_menu_sales"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_custom_core.crm_lead_pool_menu"]',
            run: "click",
        },
        {
            content: "The salesperson claims a customer from the pool",
            trigger: '.o_kanban_record:contains("Pool Customer A") button[name="action_pool_claim"]',
            run: "click",
        },
        {
            content: "The claimed customer leaves the pool",
            trigger: '.o_kanban_view:not(:has(.o_kanban_record:contains("Pool Customer A")))',
        },
        {
            content: "A second claim goes over the limit",
            trigger: '.o_kanban_record:contains("Pool Customer B") button[name="action_pool_claim"]',
            run: "click",
        },
        {
            content: "It is refused with the limit and the way out",
            trigger: '.modal:contains("Claim limit")',
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger:
                '.o_kanban_record:contains("Pool Customer B") button[name="action_pool_request_claim"]',
            run: "click",
        },
        {
            content: "The request waits for the team leader",
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Waiting Approval")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_custom_core_pool_approve_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: 'button[data-menu-xmlid="crm.crm_menu_sales"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_custom_core.crm_approval_request_menu"]',
            run: "click",
        },
        {
            trigger: '.o_data_row td:contains("Pool Customer B")',
            run: "click",
        },
        {
            content: "The team leader approves the claim",
            trigger: '.o_form_view button[name="validate_tier"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Approved")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_custom_core_erasure_tour", {
    steps: () => [
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM"),
        {
            trigger: 'button[data-menu-xmlid="crm_custom_core.crm_privacy_menu"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="crm_custom_core.crm_data_request_menu"]',
            run: "click",
        },
        {
            content: "The compliance officer opens the erasure request",
            trigger: '.o_data_row td[name="partner_id"]:contains("Tour Person")',
            run: "click",
        },
        {
            content: "First, a copy of everything held on the person",
            trigger: '.o_form_view button[name="action_export"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="export_attachment_id"]:not(:empty)',
        },
        {
            trigger: '.o_form_view button[name="action_request_erasure"]',
            run: "click",
        },
        {
            trigger:
                '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Erasure to Confirm")',
        },
        {
            trigger: '.o_form_view button[name="action_confirm_erasure"]',
            run: "click",
        },
        {
            content: "The officer confirms the irreversible erasure",
            trigger: '.modal:contains("cannot be undone") .modal-footer .btn-primary',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Done")',
        },
    ],
});

// A Chinese user's calendar: titled like 2026年11月, weeks from Monday (一) to Sunday.
registry.category("web_tour.tours").add("crm_custom_core_zh_calendar_tour", {
    steps: () => [
        {
            trigger: ".o_calendar_container",
        },
        {
            trigger: ".o_calendar_header h5:contains('年')",
            run() {
                const title = this.anchor.textContent.trim();
                if (!/^\d{4}年\d{1,2}月/.test(title)) {
                    throw new Error(`The calendar is titled "${title}", not like 2026年11月`);
                }
            },
        },
        {
            trigger: ".o_calendar_renderer .o_cw_day_name",
            run() {
                const days = [...document.querySelectorAll(".o_calendar_renderer .o_cw_day_name")];
                const first = days[0].textContent;
                if (!first.includes("一")) {
                    throw new Error(`The week starts on "${first}", not on Monday (一)`);
                }
            },
        },
        {
            // the side panel's month picker
            trigger: ".o_header_part",
            run() {
                const title = this.anchor.textContent.trim();
                if (!/^\d{4}年\d{1,2}月$/.test(title)) {
                    throw new Error(`The date picker is titled "${title}", not like 2026年11月`);
                }
            },
        },
    ],
});
