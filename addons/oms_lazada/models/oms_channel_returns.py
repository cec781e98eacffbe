from odoo import _, models
from odoo.exceptions import UserError

from .. import returns


class OmsChannel(models.Model):
    """Lazada reverse orders and the seller's answers to them."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_returns(self, since):
        """Override of `oms_base` to read Lazada's reverse orders, with the
        reasons a refusal may give."""
        if self.platform != "lazada":
            return super()._oms_fetch_returns(since)
        return self._lazada_fetch_returns(since)

    def _oms_fetch_return(self, external_id):
        """Override of `oms_base` to read the reverse order a push named."""
        if self.platform != "lazada":
            return super()._oms_fetch_return(external_id)
        if not str(external_id or "").isdigit():
            return []  # Lazada's reverse order ids are numbers
        return self._lazada_fetch_returns(None, external_id)

    def _lazada_fetch_returns(self, since, ref=None):
        """Reverse orders modified since ``since``, or the one ``ref``."""
        client = self._oms_client()
        found = []
        for reverse in client.iter_reverse_orders(
            modified_after=since, reverse_order_id=ref
        ):
            lines = reverse.get("reverse_order_lines") or []
            for line in lines[:1]:
                line["reasons"] = client.get_reverse_reasons(
                    line["reverse_order_line_id"]
                )
            found.append(returns.map_return(reverse, self.lazada_region))
        return found

    def _oms_get_return_reasons(self, ret, decision):
        """Override of `oms_base`: Lazada's refusal reasons of the return's
        first line (``/order/reverse/reason/list``)."""
        if self.platform != "lazada":
            return super()._oms_get_return_reasons(ret, decision)
        line = ret.line_ids[:1]
        if not line.external_id:
            return []
        reasons = self._oms_api("get_reverse_reasons", line.external_id)
        return [(str(r.get("reason_id")), r.get("text") or "") for r in reasons]

    def _oms_return_decide(
        self, ret, decision, reason=None, comment=None, amount=None, images=None
    ):
        """Override of `oms_base` to act on a Lazada reverse order.

        Returns: approve (agreeReturn), reject (refuseReturn before the
        parcel comes back, refuseRefund after), receive (confirmDelivery),
        refund (agreeRefund). Refund-only requests: refund (agreeRefund) or
        dispute (startDispute).
        """
        if self.platform != "lazada":
            return super()._oms_return_decide(
                ret, decision, reason, comment, amount, images
            )
        client = self._oms_client()
        line_ids = ret.line_ids.filtered("external_id").mapped("external_id")
        if ret.kind == "refund_only":
            action = {"refund": "agreeRefund", "approve": "agreeRefund"}.get(
                decision, "startDispute" if decision == "dispute" else None
            )
            if not action:
                raise UserError(
                    _("Lazada takes only a refund or a dispute on a refund request.")
                )
            # Lazada decides a refund-only request one line at a time
            # ("currently list size can be only 1"); a line already decided
            # is skipped, so a retry after a partial failure resends nothing.
            pending = (
                ret.line_ids.filtered(
                    lambda li: (
                        li.external_id and li.platform_status == "REQUEST_INITIATE"
                    )
                ).mapped("external_id")
                or line_ids
            )
            for line_id in pending:
                client.decide_only_refund(
                    action, ret.external_id, [line_id], comment, images
                )
            return returns.DECISION_STATES.get(action)
        action = returns.return_action(decision, ret.state)
        if not action:
            raise UserError(
                _(
                    "Lazada does not take %(decision)s on a return in state %(state)s.",
                    decision=decision,
                    state=ret.state,
                )
            )
        client.update_reverse_order(
            action, ret.external_id, line_ids, reason, comment, images
        )
        return returns.DECISION_STATES.get(action)

    def _oms_return_needs_receipt(self, ret):
        """Override of `oms_base`: a return to the merchant waits for the
        seller's confirmDelivery once the parcel is on its way."""
        if self.platform != "lazada":
            return super()._oms_return_needs_receipt(ret)
        return ret.line_ids[:1].platform_status == "RTM_SHIPPING_BACK"
