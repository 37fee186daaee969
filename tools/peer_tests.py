"""Run installed modules' own Odoo tests on a fully loaded database.

``odoo-bin`` runs ``at_install`` tests while it installs or updates a module,
with only that module and its dependencies loaded: on a database where the
suite is installed that is a registry the database never runs with (rules of
the suite naming fields of addons loaded later, for instance). This wrapper
runs ``odoo-bin`` (same arguments, without ``-u``) and, once every installed
module is loaded, runs the selected ``at_install`` tests followed by the
``post_install`` ones, with the HTTP server up for browser tests. Used by the
``peer`` phase of ``tools/test`` on a stock database and on the suite's.
"""

import sys

import odoo.cli
from odoo.tests import loader
from odoo.tests.suite import OdooSuite

_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position != "post_install":
        # Odoo runs them while it loads each module, on a partial registry
        return OdooSuite([])
    return OdooSuite(
        [
            *_make_suite(module_names, "at_install"),
            *_make_suite(module_names, "post_install"),
        ]
    )


loader.make_suite = make_suite

if __name__ == "__main__":
    sys.argv[0] = "odoo-bin"
    odoo.cli.main()
