"""What a person sees after clicking: a notification, never silence."""

from odoo import _

RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


def notification(title, message, kind="success", sticky=False, next_action=None):
    """A client action showing ``message``, then running ``next_action``
    (by default, reloading the records the person looks at; False: none)."""
    params = {"title": title, "message": message, "type": kind, "sticky": sticky}
    if next_action is None:
        next_action = dict(RELOAD)
    if next_action:
        params["next"] = next_action
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }


def bulk_report(title, done_text, failed, next_action=None):
    """Notification of a bulk action: what was done and, by name, what was
    not, with the reason. ``failed`` maps a display name to its reason."""
    lines = [done_text] if done_text else []
    if failed:
        lines.append(_("Not done:"))
        lines += [f"• {name}: {reason}" for name, reason in sorted(failed.items())]
    return notification(
        title,
        "\n".join(lines),
        kind="warning" if failed else "success",
        sticky=bool(failed),
        next_action=next_action,
    )
