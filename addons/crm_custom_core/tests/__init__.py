from . import test_process_template
from . import test_stage_gate
from . import test_ui
from . import test_pool
