from odoo import fields, models


class OmsOrderClaim(models.Model):
    """One row per marketplace order ever created, written before the order.

    Two workers may import the same order at once (a push and a pull). The
    loser must retry, but through the ORM its failed INSERT of the sale
    order would be logged as an SQL error for every such race. Claiming the
    order first, with a statement that is allowed to fail quietly, turns
    the race into a plain retry.
    """

    _name = "oms.order.claim"
    _description = "Marketplace Order Claim"
    _log_access = False

    channel_id = fields.Many2one("oms.channel", required=True, ondelete="cascade")
    external_id = fields.Char(required=True)

    _sql_constraints = [
        (
            "claim_uniq",
            "unique(channel_id, external_id)",
            "This marketplace order was already imported for this shop.",
        ),
    ]
