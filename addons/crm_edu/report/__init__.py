# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_edu_lead_report
from . import crm_edu_session_report
