from . import test_crm_realestate_install
