import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_edu_callback_tour", {
    steps: () => [
        {
            content: "The advisor called the family back",
            trigger: '.o_form_view button[name="action_edu_log_callback"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Phone Callback")',
        },
        {
            content: "Register the child of the enquiry as a student",
            trigger: '.o_form_view button[name="action_edu_create_student"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="guardian_ids"] .o_data_row:contains("Tour Mother")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_edu_trial_tour", {
    steps: () => [
        {
            content: "Open the recommendation",
            trigger: '.o_form_view button[name="action_edu_recommend"]',
            run: "click",
        },
        {
            content: "The class comes with its reasons",
            trigger: '.modal .o_data_row:contains("Math Sat AM") td[name="reasons"]:contains("preferred campus")',
        },
        {
            trigger: '.modal .o_data_row:contains("Math Sat AM") button[name="action_book_trial"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Trial Lesson Booked")',
        },
    ],
});

registry.category("web_tour.tours").add("crm_edu_attendance_tour", {
    steps: () => [
        {
            content: "The teacher marks the whole session present",
            trigger: '.o_form_view button[name="action_mark_all_present"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="attendee_ids"] .o_data_row td[name="state"]:contains("Present")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="attendee_ids"]:not(:has(td[name="state"]:contains("Booked")))',
        },
    ],
});

registry.category("web_tour.tours").add("crm_edu_contract_tour", {
    steps: () => [
        {
            content: "Recommend the course after the trial",
            trigger: '.o_form_view button[name="action_edu_recommend"]',
            run: "click",
        },
        {
            trigger: '.modal .o_data_row:contains("Math Sat AM") button[name="action_choose"]',
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Course Recommended")',
        },
        {
            content: "Draw up the contract",
            trigger: '.o_form_view button[name="action_edu_new_contract"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="course_id"] input:value("Test Math G3")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="lesson_count"] input',
            run: "edit 4",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: '.o_form_view button[name="action_sign"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_status button[aria-checked="true"]:contains("Active")',
        },
    ],
});
