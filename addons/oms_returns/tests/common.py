from datetime import timedelta

from odoo.addons.oms_base import normalized
from odoo.addons.oms_base.tests.common import OmsCase


class ReturnsCase(OmsCase):
    """A shop with a shipped order (2 x SKU-A, 1 x SKU-B) to return from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.returns_location = cls.warehouse._oms_return_location()

    def ship_order(self, external_id="ORD-1", **kw):
        self.import_orders(self.make_order(external_id, **kw))
        self.import_orders(
            self.make_order(external_id, status=normalized.SHIPPED, minutes=5, **kw)
        )
        sale = self.find_sale(external_id)
        self.assertTrue(
            all(p.state == "done" for p in sale.picking_ids), "order delivered"
        )
        return sale

    def make_return(self, external_id="RET-1", order="ORD-1", **kw):
        lines = kw.pop(
            "lines",
            [
                normalized.ReturnLine(
                    external_id=f"{external_id}-1",
                    order_line_external_id=f"{order}-1",
                    sku="SKU-A",
                    quantity=1,
                    unit_price=10.0,
                    refund_amount=10.0,
                )
            ],
        )
        values = {
            "external_id": external_id,
            "order_external_id": order,
            "state": normalized.RETURN_REQUESTED,
            "platform_status": "REQUESTED",
            "reason": "ITEM_DAMAGED",
            "buyer_note": "Broken on arrival",
            "photo_urls": ["https://img.example/1.jpg"],
            "currency": self.company.currency_id.name,
            "refund_amount": sum(line.refund_amount for line in lines),
            "respond_by": self.base_time + timedelta(days=3),
            "updated_at": self.base_time + timedelta(hours=kw.pop("hours", 1)),
            "lines": lines,
        }
        values.update(kw)
        return normalized.Return(**values)

    def import_returns(self, *returns, channel=None):
        return self.env["oms.return.importer"]._import_returns(
            channel or self.channel, list(returns)
        )

    def find_return(self, external_id="RET-1"):
        return self.env["oms.return"].search(
            [("channel_id", "=", self.channel.id), ("external_id", "=", external_id)]
        )

    def quantity(self, product, location):
        return self.env["stock.quant"]._get_available_quantity(
            product, location, strict=True
        )
