# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_receivable_receipt
from . import account_payment
