import { DateTimePicker } from "@web/core/datetime/datetime_picker";
import { patch } from "@web/core/utils/patch";

/**
 * The date picker's month title reads "2026年11月" for a Chinese user, not
 * "十一月 2026" (Odoo writes `${monthLong} ${year}`).
 */
patch(DateTimePicker.prototype, {
    onWillRender() {
        super.onWillRender(...arguments);
        const { focusDate, precision } = this.state;
        if (precision === "days" && focusDate && /^zh/i.test(focusDate.locale || "")) {
            this.title = `${focusDate.year}年${focusDate.month}月`;
        }
    },
});
