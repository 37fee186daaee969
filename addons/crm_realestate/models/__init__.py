# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_re_layout
from . import crm_re_project
from . import crm_re_building
from . import crm_re_unit
from . import crm_re_viewing
from . import crm_re_reservation
from . import crm_re_milestone
from . import crm_re_milestone_template
from . import crm_re_cadence_rule
from . import crm_re_referral_reward
from . import crm_lead
from . import crm_team
from . import crm_re_launch
from . import crm_re_queue_number
