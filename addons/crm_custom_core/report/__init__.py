from . import crm_funnel_report
from . import crm_sales_ranking
