from odoo import models

from .. import finance


class OmsChannel(models.Model):
    """Shopee settlements: the escrow Shopee releases, day by day."""

    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    def _oms_fetch_settlements(self, date_from, date_to):
        """Override of `oms_base` to read the escrow (payout) of each order
        Shopee released in the period, raw as Shopee gives it.

        The period is in the region's days, as the statements are (see
        ``finance.release_window``)."""
        if self.platform != "shopee":
            return super()._oms_fetch_settlements(date_from, date_to)
        client = self._oms_client()
        released = list(
            client.iter_escrow_list(
                *finance.release_window(date_from, date_to, self.shopee_region or "")
            )
        )
        details = client.get_escrow_detail_batch([e["order_sn"] for e in released])
        by_sn = {
            (d.get("escrow_detail") or {}).get("order_sn"): d for d in details or []
        }
        return [
            dict(entry, **(by_sn.get(entry["order_sn"]) or {})) for entry in released
        ]

    def _oms_map_settlements(self, raw):
        """Override of `oms_base`: one settlement per day of released escrow."""
        if self.platform != "shopee":
            return super()._oms_map_settlements(raw)
        return finance.map_settlements(
            raw, self.shopee_region or "", self.external_shop_id or ""
        )
