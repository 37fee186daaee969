import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat } from "@web/core/utils/numbers";

/**
 * Availability board (销控表): the floors of a building, top floor first,
 * each unit a cell coloured by its status. The price and the buyer show on
 * hover (and in the cell on wider screens); clicking a cell opens the unit. The grid comes from one
 * model method (one SQL query).
 */
export class AvailabilityBoard extends Component {
    static template = "crm_realestate.AvailabilityBoard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const context = this.props.action?.context || {};
        const params = this.props.action?.params || {};
        this.state = useState({
            buildings: [],
            buildingId: params.building_id || context.active_id || false,
            data: null,
        });
        onWillStart(async () => {
            this.state.buildings = await this.orm.searchRead(
                "crm.re.building",
                [],
                ["display_name"],
                { order: "project_id, code" }
            );
            if (!this.state.buildingId && this.state.buildings.length) {
                this.state.buildingId = this.state.buildings[0].id;
            }
            await this.load();
        });
    }

    get title() {
        return _t("Availability Board");
    }

    async load() {
        this.state.data = this.state.buildingId
            ? await this.orm.call("crm.re.unit", "get_availability_board", [this.state.buildingId])
            : null;
    }

    async onBuildingChange(ev) {
        this.state.buildingId = parseInt(ev.target.value) || false;
        await this.load();
    }

    price(unit) {
        const amount = formatFloat(unit.list_price, { digits: [16, 0] });
        const { currency, currency_position } = this.state.data;
        return currency_position === "after" ? `${amount} ${currency}` : `${currency} ${amount}`;
    }

    tooltip(unit) {
        const parts = [unit.code, unit.state_label, this.price(unit)];
        if (unit.buyer) {
            parts.push(unit.buyer);
        }
        return parts.join(" · ");
    }

    openUnit(unit) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "crm.re.unit",
            res_id: unit.id,
            views: [[false, "form"]],
            target: "current",
        });
    }
}

registry.category("actions").add("crm_realestate.availability_board", AvailabilityBoard);
