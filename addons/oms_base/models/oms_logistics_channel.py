from odoo import api, fields, models

from .. import normalized

DELIVERY_TYPE_SELECTION = [
    (normalized.STANDARD, "Standard"),
    (normalized.EXPRESS, "Express"),
    (normalized.INSTANT, "Instant"),
    (normalized.SELLER, "Seller-Shipped"),
]


class OmsLogisticsChannel(models.Model):
    """A logistics channel (shipping service) of a shop on its marketplace.

    Filled from the platform where it lists them (``_oms_fetch_logistics_
    channels``); the delivery type is the platform's where it says it,
    else read from the service's name, and a manager may correct it. It
    decides what the shop's orders on this channel are (routing rules match
    on it) and how their parcels are handed over: an instant courier's
    rider is booked at ready-to-ship, so its label is printed first.
    """

    _name = "oms.logistics.channel"
    _description = "Marketplace Logistics Channel"
    _order = "channel_id, sequence, name"
    _rec_names_search = ["name", "external_id"]

    channel_id = fields.Many2one(
        "oms.channel", string="Shop", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="channel_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    external_id = fields.Char(string="Marketplace ID", required=True)
    name = fields.Char(required=True)
    delivery_type = fields.Selection(
        DELIVERY_TYPE_SELECTION,
        required=True,
        default=normalized.STANDARD,
        help="How parcels of this channel travel. Instant: a rider comes "
        "within hours, booked when the parcel is made ready to ship, so the "
        "label is printed before. Seller-shipped: the seller's own carrier.",
    )
    enabled = fields.Boolean(
        help="Enabled for the shop on the marketplace (buyers can choose it)."
    )
    cod_enabled = fields.Boolean(string="Cash on Delivery")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "external_uniq",
            "unique(channel_id, external_id)",
            "This logistics channel already exists for the shop.",
        ),
    ]

    @api.model
    def _oms_sync(self, channel, values_list):
        """Upsert the ``_oms_fetch_logistics_channels`` values of
        ``channel``; the delivery type, once set, stays as it is (a person
        may have corrected it); channels the marketplace no longer lists
        are archived. Return the records."""
        known = self.with_context(active_test=False).search(
            [("channel_id", "=", channel.id)]
        )
        by_ref = {record.external_id: record for record in known}
        to_create = []
        seen = self.browse()
        for values in values_list:
            ref = str(values["external_id"])
            record = by_ref.get(ref)
            if record:
                update = {
                    key: value
                    for key, value in values.items()
                    if key != "delivery_type" and record[key] != value
                }
                if not record.active:
                    update["active"] = True
                if update:
                    record.write(update)
                seen |= record
            else:
                to_create.append(dict(values, external_id=ref, channel_id=channel.id))
        (known - seen).filtered("active").write({"active": False})
        return seen | self.create(to_create)
