# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
import logging
import os
import re
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

import polib

from odoo import api
from odoo.orm.environments import Transaction
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, TransactionCase
from odoo.tests import common as tests_common
from odoo.tools.misc import file_path

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.mail.tests.common import mail_new_test_user


class CrmCustomCommon(BaseCommon):
    """Shared fixtures of the suite: one user per role, a team led by a team
    leader, and the B2B process applied to it. Editions import this class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_salesman = mail_new_test_user(
            cls.env,
            login="cc_salesman",
            name="CC Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_salesman_2 = mail_new_test_user(
            cls.env,
            login="cc_salesman_2",
            name="CC Salesman 2",
            groups="sales_team.group_sale_salesman",
        )
        cls.user_leader = mail_new_test_user(
            cls.env,
            login="cc_leader",
            name="CC Team Leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.user_process_manager = mail_new_test_user(
            cls.env,
            login="cc_process_manager",
            name="CC Process Manager",
            groups="crm_custom_core.group_crm_process_manager",
        )
        cls.user_sales_manager = mail_new_test_user(
            cls.env,
            login="cc_sales_manager",
            name="CC Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.user_finance = mail_new_test_user(
            cls.env,
            login="cc_finance",
            name="CC Finance",
            groups="base.group_user,crm_custom_core.group_crm_finance",
        )
        cls.user_portal = mail_new_test_user(
            cls.env, login="cc_portal", name="CC Portal", groups="base.group_portal"
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "CC Team",
                "user_id": cls.user_leader.id,
                "member_ids": [(4, cls.user_salesman.id), (4, cls.user_salesman_2.id)],
            }
        )
        cls.template = cls.env.ref("crm_custom_core.crm_process_template_b2b")
        cls.stages = cls.template._apply_to_teams(cls.team).sorted(lambda s: s._order_key())

    @classmethod
    def _create_lead(cls, **vals):
        values = {
            "name": "CC Lead",
            "type": "opportunity",
            "team_id": cls.team.id,
            "user_id": cls.user_salesman.id,
            "stage_id": cls.stages[0].id,
        }
        values.update(vals)
        return cls.env["crm.lead"].create(values)

    def _create_leads(self, count, prefix="Lead", **vals):
        """``count`` opportunities of the team, in the first stage, created as
        the current test user, able to pass the first gate."""
        values = {
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": self.user_salesman.id,
            "phone": "1",
            "stage_id": self.stages[0].id,
        }
        values.update(vals)
        return self.env["crm.lead"].create(
            [dict(values, name=f"{prefix} {i}") for i in range(count)]
        )

    @contextmanager
    def assertRefused(self, exception, regex):
        """Like assertRaisesRegex, but inside a savepoint rolled back on the
        refusal, so the test can check that nothing was saved."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)


class CrmConcurrencyCase(TransactionCase):
    """Helpers for tests running real, separate database transactions (two
    users saving at the same moment). Editions import this class."""

    def _cursor(self):
        """A real, separate database transaction (not the test's cursor).

        Its environment is bound to this registry directly: looking the
        registry up by name would wait for the lock the test runner holds
        while it runs post-install tests."""
        cr = db_connect(self.env.cr.dbname).cursor()
        cr.transaction = Transaction(self.registry)
        return cr

    def _committed(self, function):
        """Run ``function(env)`` as superuser in a separate transaction and
        commit it, so that other cursors see its data."""
        with self._cursor() as cr:
            result = function(api.Environment(cr, api.SUPERUSER_ID, {}))
            cr.commit()  # pylint: disable=invalid-commit
            return result


class CrmRoleCrawlCase(HttpCase):
    """A role opens its app in Chinese, as its users do: every menu, the first
    record of every list and a new form (``crm_role_crawl.js``). Fails on any
    error dialog, failed RPC, logged traceback or English term of ours left on
    the screen. Editions set ``crawl_addons`` and call ``_crawl`` per role."""

    crawl_addons = ("crm_custom_core",)
    # Odoo's own terms of the screens crawled, so that the screens read in Chinese.
    crawl_base_addons = ("base", "web", "mail", "crm", "sales_team")
    crawl_lang = "zh_CN"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(cls.crawl_lang)
        modules = (
            cls.env["ir.module.module"]
            .search([("name", "in", (*cls.crawl_base_addons, *cls.crawl_addons))])
            .mapped("name")
        )
        cls.env["ir.module.module"]._load_module_terms(modules, [cls.crawl_lang])

    @classmethod
    def _crawl_terms(cls):
        """English source terms of ours that have a translation: seen as such
        on a Chinese screen, they were left untranslated."""
        terms = set()
        for addon in cls.crawl_addons:
            for entry in polib.pofile(file_path(f"{addon}/i18n/{cls.crawl_lang}.po")):
                msgid = entry.msgid
                if (
                    entry.msgstr
                    and entry.msgstr != msgid
                    and len(msgid) <= 80
                    and re.search("[A-Za-z]{3}", msgid)
                    and not re.search(r"[%{}<>]", msgid)
                ):
                    terms.add(msgid)
        return sorted(terms)

    def _crawl(self, user, app, screenshot=None):
        """Crawl ``app`` as ``user``. With ``screenshot`` (an addon name) and
        the environment variable ``CRM_CRAWL_SCREENSHOTS`` set, the app's main
        screen is saved as ``<addon>/static/description/main_screen.png``."""
        user.write({"lang": self.crawl_lang, "tz": "Asia/Shanghai"})
        if "tour_enabled" in user._fields:
            user.tour_enabled = False
        shoot = bool(screenshot and os.environ.get("CRM_CRAWL_SCREENSHOTS"))
        params = json.dumps({"app": app, "terms": self._crawl_terms(), "screenshot": shoot})
        module = "@crm_custom_core/../tests/tours/crm_role_crawl"
        handler = None
        if shoot:
            path = Path(file_path(f"{screenshot}/static/description")) / "main_screen.png"
            handler = _CrawlScreenshotHandler(self, path)
            logging.getLogger("odoo").addHandler(handler)
        try:
            with patch.object(tests_common, "ChromeBrowser", _CrawlBrowser):
                self._crawl_browser_js(user, module, params)
        finally:
            if handler:
                logging.getLogger("odoo").removeHandler(handler)

    def _crawl_browser_js(self, user, module, params):
        self.browser_js(
            "/odoo",
            f"odoo.loader.modules.get('{module}').crmRoleCrawl({params})",
            "odoo.isReady === true",
            login=user.login,
            timeout=900,
        )


class _CrawlBrowser(tests_common.ChromeBrowser):
    """Odoo's test browser, known to the test case that runs it (for its
    screenshot of the app's main screen)."""

    def __init__(self, test_case, *args, **kwargs):
        super().__init__(test_case, *args, **kwargs)
        test_case.crawl_browser = self


class _CrawlScreenshotHandler(logging.Handler):
    """Takes a screenshot of the headless browser when the crawl logs that
    its app's main screen is shown."""

    SIGNAL = "crm crawl: main screen"

    def __init__(self, case, path):
        super().__init__()
        self.case = case
        self.path = path

    def emit(self, record):
        browser = getattr(self.case, "crawl_browser", None)
        if browser is None or self.SIGNAL not in record.getMessage():
            return
        params = {
            "format": "png",
            "clip": {"x": 0, "y": 0, "width": 1366, "height": 768, "scale": 0.6},
        }
        future = browser._websocket_send("Page.captureScreenshot", params=params, with_future=True)

        def save(done):
            self.path.write_bytes(base64.b64decode(done.result()["data"]))

        future.add_done_callback(save)
