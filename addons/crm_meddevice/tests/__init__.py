from . import test_crm_meddevice_install
from . import test_registration
from . import test_sales_gating
from . import test_adverse_event
from . import test_trial_audit_pack
from . import test_ui
from . import test_edition_app
from . import test_role_crawl
