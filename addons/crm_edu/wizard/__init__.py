# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_edu_recommend
from . import crm_edu_recommend_line
from . import base_partner_merge_automatic_wizard
