# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import models
from . import report
from . import wizard


def pre_init_hook(env):
    """The conflict constraints of lesson sessions need btree_gist."""
    env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
