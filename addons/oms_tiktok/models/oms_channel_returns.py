from odoo import _, api, models
from odoo.exceptions import UserError

from odoo.addons.oms_base import normalized

from .. import returns
from ..tiktok_api import const


class OmsChannel(models.Model):
    """TikTok returns and refund requests: reading them (Search Returns),
    and the seller's answers (Approve Return, Reject Return)."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    @api.depends("platform")
    def _compute_feature_support_fields(self):
        res = super()._compute_feature_support_fields()
        self.filtered(lambda channel: channel.platform == "tiktok").update(
            {"support_returns": True, "support_return_decisions": True}
        )
        return res

    def _oms_fetch_returns(self, since):
        """Override of `oms_base` to list TikTok returns and refunds updated
        since ``since``."""
        if self.platform != "tiktok":
            return super()._oms_fetch_returns(since)
        return self._tiktok_fetch_returns({"update_time_ge": since})

    def _oms_fetch_return(self, external_id):
        """Override of `oms_base` to read the return a webhook named (its
        ``return_id``, or the order's id when the webhook gives no return)."""
        if self.platform != "tiktok":
            return super()._oms_fetch_return(external_id)
        found = self._tiktok_fetch_returns({"return_ids": [str(external_id)]})
        return found or self._tiktok_fetch_returns({"order_ids": [str(external_id)]})

    def _tiktok_fetch_returns(self, filters):
        """The returns matching Search Returns ``filters``."""
        return [
            returns.map_return(record)
            for record in self._oms_client().iter_returns(**filters)
        ]

    def _oms_get_return_reasons(self, ret, decision):
        if self.platform != "tiktok":
            return super()._oms_get_return_reasons(ret, decision)
        if decision != "reject":
            return []
        reasons = self._oms_client().get_reject_reasons(ret.external_id)
        return [(r["name"], r.get("text") or r["name"]) for r in reasons]

    def _oms_return_needs_receipt(self, ret):
        """Override of `oms_base`: TikTok waits for the seller to approve a
        return parcel the buyer shipped."""
        if self.platform != "tiktok":
            return super()._oms_return_needs_receipt(ret)
        return ret.platform_status == const.RETURN_BUYER_SHIPPED

    def _oms_return_decide(
        self, ret, decision, reason=None, comment=None, amount=None, images=None
    ):
        """Override of `oms_base` to answer a TikTok return.

        approve: the buyer ships it back (a refund request: refunded);
        reject: the request, or the parcel once shipped back; receive and
        refund: the parcel came back as it should (TikTok then refunds).
        """
        if self.platform != "tiktok":
            return super()._oms_return_decide(
                ret, decision, reason, comment, amount, images
            )
        client = self._oms_client()
        refund_only = ret.kind == normalized.RETURN_KIND_REFUND_ONLY
        shipped_back = ret.platform_status == const.RETURN_BUYER_SHIPPED
        if decision == "reject":
            if not reason:
                raise UserError(_("TikTok Shop needs a reason to reject a return."))
            choice = (
                const.REJECT_RECEIVED_PACKAGE
                if shipped_back
                else const.REJECT_REFUND
                if refund_only
                else const.REJECT_RETURN
            )
            client.reject_return(ret.external_id, choice, reason, comment)
            return normalized.RETURN_REJECTED
        if decision == "approve" and not shipped_back:
            choice = const.APPROVE_REFUND if refund_only else const.APPROVE_RETURN
            client.approve_return(ret.external_id, choice)
            return None if refund_only else normalized.RETURN_APPROVED
        if decision in ("receive", "refund") and (shipped_back or refund_only):
            choice = (
                const.APPROVE_REFUND if refund_only else const.APPROVE_RECEIVED_PACKAGE
            )
            client.approve_return(ret.external_id, choice)
            return None  # TikTok says when it refunded
        raise UserError(
            _(
                "TikTok Shop does not take %(decision)s on a return that is "
                "%(status)s.",
                decision=decision,
                status=ret.platform_status or ret.state,
            )
        )
