from . import crm_process_template_apply
from . import crm_lead_stage_force
from . import crm_personal_reveal
from . import base_partner_merge_automatic_wizard
from . import auditlog_autovacuum
