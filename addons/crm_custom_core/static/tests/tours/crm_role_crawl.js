/**
 * Crawl of one app as one role, run by the editions' role tests: open every
 * menu of the app, the first record of each list or kanban and a new form;
 * fail on any error dialog, failed RPC or visible English term of ours.
 */
import { App } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { rpcBus } from "@web/core/network/rpc";

const pending = {};
let rpcError = null;

function onRequest({ detail }) {
    pending[detail.data.id] = detail.url;
}

function onResponse({ detail }) {
    delete pending[detail.data.id];
    if (detail.error) {
        rpcError = detail;
    }
}

function delay(ms) {
    return new Promise((resolve) => browser.setTimeout(resolve, ms));
}

function busy() {
    if (Object.keys(pending).length) {
        return true;
    }
    return App.apps && [...App.apps].some((app) => app.scheduler.tasks.size);
}

function checkErrors(where) {
    const dialog = document.querySelector(".o_error_dialog");
    if (dialog) {
        throw new Error(`Error dialog on ${where}: ${dialog.innerText.slice(0, 800)}`);
    }
    if (rpcError) {
        const error = rpcError;
        rpcError = null;
        throw new Error(`Failed RPC on ${where}: ${JSON.stringify(error).slice(0, 800)}`);
    }
}

async function settle(where) {
    let quiet = 0;
    for (let elapsed = 0; elapsed < 30000; elapsed += 50) {
        checkErrors(where);
        quiet = busy() || !document.querySelector(".o_action_manager > *") ? 0 : quiet + 1;
        if (quiet >= 4) {
            checkErrors(where);
            return;
        }
        await delay(50);
    }
    throw new Error(`Timeout on ${where}`);
}

function visibleTexts() {
    const texts = new Set();
    for (const root of document.querySelectorAll(".o_main_navbar, .o_action_manager, .o_dialog")) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            const text = node.nodeValue.trim();
            const parent = node.parentElement;
            if (text && parent && parent.offsetParent !== null && !parent.closest(".o_field_widget input, .o_field_html")) {
                texts.add(text);
            }
        }
    }
    return texts;
}

function collectUntranslated(where, terms, found) {
    for (const text of visibleTexts()) {
        if (terms.has(text)) {
            found.add(`"${text}" on ${where}`);
        }
    }
}

function leaves(menu) {
    if (!menu.childrenTree || !menu.childrenTree.length) {
        return menu.actionID ? [menu] : [];
    }
    return menu.childrenTree.flatMap(leaves);
}

async function closeDialogs() {
    for (const button of document.querySelectorAll(".o_dialog .btn-close")) {
        button.click();
        await delay(50);
    }
}

async function discardForm(where) {
    const discard = document.querySelector(".o_form_view .o_form_button_cancel");
    if (discard && discard.offsetParent !== null) {
        discard.click();
        await settle(where);
    }
}

export async function crmRoleCrawl({ app, terms, screenshot }) {
    const env = odoo.__WOWL_DEBUG__.root.env;
    rpcBus.addEventListener("RPC:REQUEST", onRequest);
    rpcBus.addEventListener("RPC:RESPONSE", onResponse);
    const untranslatedTerms = new Set(terms);
    const untranslated = new Set();
    const screens = [];
    const menus = env.services.menu;
    const root = menus.getAll().find((menu) => menu.xmlid === app);
    if (!root) {
        throw new Error(`App ${app} is not visible to this user`);
    }
    for (const menu of leaves(menus.getMenuAsTree(root.id))) {
        const where = `menu ${menu.xmlid}`;
        await menus.selectMenu(menu);
        await settle(where);
        screens.push(menu.xmlid);
        collectUntranslated(where, untranslatedTerms, untranslated);
        if (document.querySelector(".o_dialog")) {
            await closeDialogs();
            continue;
        }
        const canCreate = document.querySelector(
            ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new"
        );
        // Sample data (an empty view) has no record to open.
        const record =
            !document.querySelector(".o_view_sample_data") &&
            document.querySelector(
                ".o_list_renderer .o_data_row .o_data_cell:not(.o_list_record_selector), " +
                    ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost)"
            );
        if (record) {
            record.click();
            await settle(`first record of ${where}`);
            collectUntranslated(`first record of ${where}`, untranslatedTerms, untranslated);
            await discardForm(`first record of ${where}`);
            await closeDialogs();
        }
        const controller = env.services.action.currentController;
        const hasForm = controller?.action?.views?.some(([, type]) => type === "form");
        if (canCreate && hasForm) {
            await menus.selectMenu(menu);
            await settle(where);
            await env.services.action.switchView("form");
            await settle(`new form of ${where}`);
            collectUntranslated(`new form of ${where}`, untranslatedTerms, untranslated);
            await discardForm(`new form of ${where}`);
            await closeDialogs();
        }
    }
    await menus.selectMenu(leaves(menus.getMenuAsTree(root.id))[0]);
    await settle(app);
    if (screenshot) {
        browser.console.log("crm crawl: main screen");
        await delay(2000);
    }
    rpcBus.removeEventListener("RPC:REQUEST", onRequest);
    rpcBus.removeEventListener("RPC:RESPONSE", onResponse);
    browser.console.log(`crm crawl screens: ${screens.join(",")}`);
    if (untranslated.size) {
        throw new Error(`Untranslated: ${[...untranslated].join("; ")}`);
    }
    browser.console.log("test successful");
}
