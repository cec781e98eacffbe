from odoo import _, fields, models
from odoo.exceptions import UserError

from .. import returns


class OmsChannel(models.Model):
    """Shopee returns and the seller's answers to them."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_returns(self, since):
        """Override of `oms_base` to read the Shopee returns updated since
        ``since``, each in detail (items' refunds, reverse logistics)."""
        if self.platform != "shopee":
            return super()._oms_fetch_returns(since)
        client = self._oms_client()
        return [
            returns.map_return(client.get_return_detail(record["return_sn"]))
            for record in client.iter_return_list(
                since, fields.Datetime.now(), "update_time"
            )
        ]

    def _oms_fetch_return(self, external_id):
        """Override of `oms_base` to read the return a push named."""
        if self.platform != "shopee":
            return super()._oms_fetch_return(external_id)
        return [returns.map_return(self._oms_api("get_return_detail", external_id))]

    def _oms_get_return_reasons(self, ret, decision):
        """Override of `oms_base`: Shopee's dispute reasons of the return."""
        if self.platform != "shopee":
            return super()._oms_get_return_reasons(ret, decision)
        if decision != "dispute":
            return []
        reasons = self._oms_api("get_return_dispute_reasons", ret.external_id)
        return [
            (str(r.get("dispute_reason")), r.get("dispute_requirement") or "")
            for r in reasons
        ]

    def _oms_return_decide(
        self, ret, decision, reason=None, comment=None, amount=None, images=None
    ):
        """Override of `oms_base` to answer a Shopee return.

        Shopee accepts returns itself; the seller confirms the refund
        (``refund``), disputes (with the shop's e-mail) or offers a partial
        refund the buyer may take.
        """
        if self.platform != "shopee":
            return super()._oms_return_decide(
                ret, decision, reason, comment, amount, images
            )
        client = self._oms_client()
        if decision == "refund":
            client.confirm_return(ret.external_id)
            return "refunded"
        if decision == "dispute":
            email = self.company_id.email or self.env.user.email
            if not email:
                raise UserError(
                    _(
                        "Shopee needs an e-mail address for a dispute: set the "
                        "company's."
                    )
                )
            client.dispute_return(ret.external_id, email, reason, comment, images)
            return "disputed"
        if decision == "offer":
            client.offer_return(ret.external_id, amount)
            return None
        raise UserError(
            _(
                "Shopee decides itself whether a return goes ahead: confirm the "
                "refund, dispute or offer a partial refund instead."
            )
        )
