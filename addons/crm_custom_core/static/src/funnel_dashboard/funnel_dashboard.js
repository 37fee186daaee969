import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class FunnelDashboard extends Component {
    static template = "crm_custom_core.FunnelDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ teams: [], teamId: false, months: 12, data: null });
        onWillStart(async () => {
            this.state.teams = await this.orm.searchRead("crm.team", [], ["name"]);
            await this.load();
        });
    }

    async load() {
        this.state.data = await this.orm.call("crm.funnel.report", "get_dashboard_data", [], {
            team_id: this.state.teamId,
            months: this.state.months,
        });
    }

    async onTeamChange(ev) {
        this.state.teamId = parseInt(ev.target.value) || false;
        await this.load();
    }

    async onMonthsChange(ev) {
        this.state.months = parseInt(ev.target.value) || 12;
        await this.load();
    }

    async onRefresh() {
        await this.orm.call("crm.funnel.report", "refresh", []);
        await this.load();
    }

    openAnalysis() {
        this.action.doAction("crm_custom_core.crm_funnel_report_action");
    }

    barWidth(stage) {
        const max = Math.max(1, ...this.state.data.stages.map((s) => s.entered));
        return `width: ${Math.round((stage.entered * 100) / max)}%`;
    }

    get title() {
        return _t("Funnel Dashboard");
    }
}

registry.category("actions").add("crm_custom_core.funnel_dashboard", FunnelDashboard);
