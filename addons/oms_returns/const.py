"""Return states and how they follow each other (data and one pure rule)."""

from odoo.addons.oms_base import normalized

STATES = [
    (normalized.RETURN_REQUESTED, "Requested"),
    (normalized.RETURN_APPROVED, "Approved"),
    (normalized.RETURN_BUYER_SHIPPED, "Buyer Shipped"),
    (normalized.RETURN_RECEIVED, "Received"),
    (normalized.RETURN_INSPECTED, "Inspected"),
    (normalized.RETURN_REJECTED, "Rejected"),
    (normalized.RETURN_REFUNDED, "Refunded"),
    (normalized.RETURN_DISPUTED, "Disputed"),
    (normalized.RETURN_CLOSED, "Closed"),
]
# How far a return has gone: a state never gives way to a lower one, so a
# late or replayed message cannot roll a return back. ``disputed`` stands
# apart (see ``_state_wins``).
STATE_RANK = {
    normalized.RETURN_REQUESTED: 0,
    normalized.RETURN_APPROVED: 1,
    normalized.RETURN_BUYER_SHIPPED: 2,
    normalized.RETURN_RECEIVED: 3,
    normalized.RETURN_INSPECTED: 4,
    normalized.RETURN_REJECTED: 5,
    normalized.RETURN_REFUNDED: 6,
    normalized.RETURN_CLOSED: 7,
}
FINAL_STATES = (
    normalized.RETURN_REJECTED,
    normalized.RETURN_REFUNDED,
    normalized.RETURN_CLOSED,
)
KINDS = [
    (normalized.RETURN_KIND_RETURN, "Return"),
    (normalized.RETURN_KIND_REFUND_ONLY, "Refund Only"),
    (normalized.RETURN_KIND_FAILED_DELIVERY, "Failed Delivery"),
]
# A return whose answer is due within this many hours is urgent.
URGENT_HOURS = 24


def state_wins(current, incoming, newer=True):
    """Whether a return in ``current`` moves to ``incoming``.

    Forward only, by rank; a dispute may open at any point before the end
    and, once open, gives way to what the platform says next (``newer``:
    the message is more recent than the last one applied).
    """
    if not incoming or incoming == current:
        return False
    if not current:
        return True
    if current == normalized.RETURN_DISPUTED:
        return newer and incoming != normalized.RETURN_REQUESTED
    if incoming == normalized.RETURN_DISPUTED:
        return newer and current not in FINAL_STATES[1:]
    return STATE_RANK[incoming] > STATE_RANK[current]
