import { patch } from "@web/core/utils/patch";
import { CalendarController } from "@web/views/calendar/calendar_controller";

/**
 * Chinese calendar titles read "2026年11月", not "11 2026" (Odoo writes
 * `${month name} ${year}`, which gives a bare number or a misplaced year in
 * Chinese).
 */
function isChinese(date) {
    return /^zh/i.test(date.locale || "");
}

function yearMonth(date) {
    return `${date.year}年${date.month}月`;
}

patch(CalendarController.prototype, {
    get currentMonth() {
        return isChinese(this.date) ? yearMonth(this.date) : super.currentMonth;
    },

    get dayHeader() {
        return isChinese(this.date)
            ? `${yearMonth(this.date)}${this.date.day}日`
            : super.dayHeader;
    },

    get weekHeader() {
        const { rangeStart, rangeEnd } = this.model;
        if (!isChinese(rangeStart)) {
            return super.weekHeader;
        }
        if (rangeStart.year !== rangeEnd.year) {
            return `${yearMonth(rangeStart)} - ${yearMonth(rangeEnd)}`;
        }
        if (rangeStart.month !== rangeEnd.month) {
            return `${yearMonth(rangeStart)} - ${rangeEnd.month}月`;
        }
        return yearMonth(rangeStart);
    },
});
