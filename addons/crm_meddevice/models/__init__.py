# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_med_regulator
from . import crm_med_risk_class
from . import crm_med_registration_type
from . import crm_med_registration
from . import crm_med_report_rule
from . import crm_med_adverse_event
from . import crm_lead_device_line
from . import crm_lead
from . import crm_stage
from . import crm_team
from . import crm_process_template_stage
from . import product_template
from . import res_users
from . import crm_med_clinical_trial
from . import crm_med_trial_site
from . import res_partner
