from . import test_crm_meddevice_install
