import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_realestate_viewing_tour", {
    steps: () => [
        {
            content: "The consultant records how the viewing went",
            trigger: '.o_form_view .o_field_widget[name="interest_level"] .o_select_menu_toggler',
            run: "click",
        },
        {
            trigger: '.o_select_menu_item:contains("Hot")',
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_done"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Done")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_realestate_reserve_tour", {
    steps: () => [
        {
            content: "On the buyer's opportunity: match units",
            trigger: '.o_form_view button[name="action_re_match_units"]',
            run: "click",
        },
        {
            content: "The best match comes with its reasons; hold it",
            trigger: '.modal .o_data_row:first td[name="reasons"]:contains("within budget")',
        },
        {
            trigger: '.modal .o_data_row:first button[name="action_hold"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        ...stepUtils.goToAppSteps("crm_realestate.crm_realestate_menu_root", "Open Real Estate"),
        {
            trigger: 'a[data-menu-xmlid="crm_realestate.crm_realestate_menu_units"], button[data-menu-xmlid="crm_realestate.crm_realestate_menu_units"]',
            run: "click",
        },
        {
            content: "Reserve the held unit",
            trigger: '.o_kanban_record:contains("TR-0102") button[name="action_reserve"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="deposit_amount"] input',
            run: "edit 200000",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: '.o_kanban_group:has(.o_column_title:contains("Reserved")) .o_kanban_record:contains("TR-0102")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_realestate_contract_tour", {
    steps: () => [
        {
            trigger: '.o_form_view button[name="action_subscribe"]',
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_contract"]',
            run: "click",
        },
        {
            trigger:
                '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Contract Signed")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_realestate_refused_tour", {
    steps: () => [
        {
            content: "A second consultant tries to reserve the unit held by the first",
            trigger: '.o_kanban_record:contains("TR-0101") button[name="action_reserve"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="lead_id"] input',
            run: "edit Other Buyer",
        },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("Other Buyer")',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="deposit_amount"] input',
            run: "edit 100000",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Refused: the unit is held by the first consultant",
            trigger: '.modal:contains("TR-0101 is held by Tour Consultant A") .modal-footer .btn-primary',
            run: "click",
        },
        {
            content: "Give up the reservation",
            trigger: ".modal .o_form_button_cancel",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("crm_realestate_launch_day_tour", {
    steps: () => [
        {
            content: "Launch day: number 2 tries to pick before number 1",
            trigger: '.o_field_widget[name="queue_number_ids"] .o_data_row:eq(1) button[name="action_open_pick"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="unit_id"] input',
            run: "edit LD-0202",
        },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("LD-0202")',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "Refused: number 1 is still waiting",
            trigger: '.modal:contains("Number 2: it is not their turn, number 1 is still waiting") .modal-footer .btn-primary',
            run: "click",
        },
        {
            trigger: '.modal .modal-footer button:contains("Cancel")',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Number 1 picks the unit",
            trigger: '.o_field_widget[name="queue_number_ids"] .o_data_row:eq(0) button[name="action_open_pick"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="unit_id"] input',
            run: "edit LD-0202",
        },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("LD-0202")',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The reservation of the picked unit is open",
            trigger: '.o_form_view .o_field_widget[name="unit_id"]:contains("LD-0202")',
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Launch Day Test')",
            run: "click",
        },
        {
            trigger: '.o_field_widget[name="queue_number_ids"] .o_data_row:eq(0):contains("Picked")',
        },
        {
            content: "The availability board shows the unit reserved",
            trigger: '.o_form_view button[name="action_open_board"]',
            run: "click",
        },
        {
            trigger: '.o_re_board .o_re_cell[data-unit="LD-0202"][data-state="reserved"]',
        },
        {
            trigger: '.o_re_board .o_re_cell[data-unit="LD-0201"][data-state="withheld"]',
        },
        {
            trigger: '.o_re_board .o_re_legend_reserved:contains("1")',
        },
        {
            content: "Clicking a cell opens the unit",
            trigger: '.o_re_board .o_re_cell[data-unit="LD-0202"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Reserved")',
        },
    ],
});
