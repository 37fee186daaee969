from . import test_process_template
from . import test_stage_gate
from . import test_ui
from . import test_pool
from . import test_approval
from . import test_receivable
from . import test_sales_target
