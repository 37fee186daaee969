# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_re_unit_match
from . import crm_re_unit_match_line
from . import crm_re_queue_pick
from . import crm_re_ownership_arbitrate
