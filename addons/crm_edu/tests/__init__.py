from . import test_crm_edu_install
from . import test_scheduling
from . import test_concurrency
from . import test_students
from . import test_contracts
from . import test_recommend
from . import test_ui
from . import test_edition_app
