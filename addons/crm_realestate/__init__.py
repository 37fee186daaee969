# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import models
from . import report
from . import wizard
from . import controllers
