from . import test_crm_edu_install
