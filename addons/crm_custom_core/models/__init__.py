from . import crm_process_template
from . import crm_process_template_stage
from . import crm_stage
from . import crm_team
from . import crm_lead_stage_history
from . import crm_lead
from . import mail_activity
