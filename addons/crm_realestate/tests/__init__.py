from . import test_crm_realestate_install
from . import test_inventory
from . import test_concurrency
from . import test_buyer
from . import test_board
from . import test_launch
from . import test_pricing
from . import test_ownership
