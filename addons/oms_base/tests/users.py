"""People of the role tests: one user per role, of the current company."""

from odoo.tests import new_test_user


def role_users(env, prefix, **groups_by_role):
    """``{role: user}``, each user logged in as ``<prefix>_<role>`` (its
    password too) with the groups given for its role."""
    company = env.company
    return {
        role: new_test_user(
            env,
            login=f"{prefix}_{role}",
            groups=groups,
            company_id=company.id,
            company_ids=company.ids,
        )
        for role, groups in groups_by_role.items()
    }
