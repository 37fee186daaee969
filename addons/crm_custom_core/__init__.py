from . import models
from . import report
from . import wizard

AUDITLOG_RULES = (
    "auditlog_rule_crm_lead",
    "auditlog_rule_res_partner",
    "auditlog_rule_crm_consent",
    "auditlog_rule_res_users",
)


def post_init_hook(env):
    """Confirm the shipped audit rules without going through the ORM.

    ``auditlog.rule.create/write`` patch the model's class immediately; during
    an installation that also loads modules depending on this one, the patch
    would capture ``write()`` before those modules add their overrides, and
    shadow them until the server restarts. Confirmed here in SQL, the rules
    are patched once, by ``_register_hook``, when every module is loaded."""
    ids = [env.ref(f"crm_custom_core.{xmlid}").id for xmlid in AUDITLOG_RULES]
    env.cr.execute("UPDATE auditlog_rule SET state = 'confirmed' WHERE id = ANY(%s)", [ids])
