from odoo import _, fields, models
from odoo.exceptions import UserError

HOLD_ACTIVITY = "oms_base.mail_activity_oms_hold"


# One file per concern of sale.order: holds here.
class SaleOrder(models.Model):
    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    oms_hold_reason = fields.Char(
        string="On Hold",
        copy=False,
        tracking=True,
        help="Set to keep the order in the warehouse (risk check, buyer "
        "contact, a marketplace hold): the pack station stops it at the "
        "first scan until a person releases or cancels it.",
    )
    oms_hold_source = fields.Selection(
        [("platform", "Marketplace"), ("rule", "Risk Rule"), ("manual", "Person")],
        string="Held By",
        copy=False,
        readonly=True,
    )
    oms_hold_released_by_id = fields.Many2one(
        "res.users", string="Hold Released By", copy=False, readonly=True
    )
    oms_hold_released_at = fields.Datetime(
        string="Hold Released At", copy=False, readonly=True
    )

    def _oms_hold(self, reason, source):
        """Put these orders on hold for ``reason`` (``source``: who holds),
        with a to-do for the shop's responsible person."""
        for order in self:
            order.write({"oms_hold_reason": reason, "oms_hold_source": source})
            order.activity_schedule(
                HOLD_ACTIVITY,
                summary=_("Order on hold: release or cancel it"),
                note=reason,
                user_id=(
                    order.oms_channel_id._oms_responsible()
                    if order.oms_channel_id
                    else order.user_id or self.env.user
                ).id,
            )

    def _oms_lift_hold(self, message):
        """Lift the hold of these orders, with ``message`` in the chatter."""
        held = self.filtered("oms_hold_reason")
        for order in held:
            # a log, not a post: warehouse users may have no e-mail address
            order._message_log(body=message)
        held.write({"oms_hold_reason": False, "oms_hold_source": False})
        held.activity_feedback([HOLD_ACTIVITY], feedback=message)
        return held

    def action_oms_release_hold(self):
        """A person releases the held orders to the warehouse."""
        if not self.env.user.has_group("oms_base.group_oms_user"):
            raise UserError(_("Only OMS users release held orders."))
        held = self.filtered("oms_hold_reason")
        if not held:
            raise UserError(_("None of these orders is on hold."))
        for order in held:
            order._oms_lift_hold(
                _(
                    "Hold released by %(user)s (was: %(reason)s).",
                    user=self.env.user.name,
                    reason=order.oms_hold_reason,
                )
            )
        held.write(
            {
                "oms_hold_released_by_id": self.env.uid,
                "oms_hold_released_at": fields.Datetime.now(),
            }
        )
        return True

    def action_oms_hold_cancel(self):
        """A person cancels a held order: on the marketplace through its
        cancel dialog, otherwise in Odoo."""
        self.ensure_one()
        if not self.oms_hold_reason:
            raise UserError(_("This order is not on hold."))
        if self.oms_channel_id and self.oms_support_order_cancel:
            return self.action_oms_cancel()
        self._message_log(
            body=_(
                "Held order cancelled by %(user)s (was: %(reason)s).",
                user=self.env.user.name,
                reason=self.oms_hold_reason,
            )
        )
        self.activity_feedback([HOLD_ACTIVITY])
        self._action_cancel()
        return True
