import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("crm_meddevice_gating_refused_tour", {
    steps: () => [
        {
            trigger: '.o_statusbar_status button:contains("MD Quotation")[aria-checked="true"]',
        },
        {
            content: "The salesperson tries to move the opportunity to the contract stage",
            trigger: '.o_statusbar_status button:contains("MD Contract")',
            run: "click",
        },
        {
            content: "Refused: the message names the device, the country and why",
            trigger: '.modal:contains("Tour Pump"):contains("China"):contains("no active registration")',
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        ...stepUtils.discardForm(),
    ],
});

registry.category("web_tour.tours").add("crm_meddevice_activate_registration_tour", {
    steps: () => [
        {
            content: "The regulatory officer activates the registration",
            trigger: 'button[name="action_activate"]',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button:contains("Active")[aria-checked="true"]',
        },
    ],
});

registry.category("web_tour.tours").add("crm_meddevice_gating_allowed_tour", {
    steps: () => [
        {
            trigger: '.o_statusbar_status button:contains("MD Contract")',
            run: "click",
        },
        {
            content: "Allowed now that the registration is active",
            trigger: '.o_statusbar_status button:contains("MD Contract")[aria-checked="true"]',
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
