from collections import defaultdict

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError


# One file per concern of stock.picking: pick waves here.
class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _oms_wave_domain(self):
        """Marketplace parcels ready to ship and in no batch yet."""
        return [
            ("oms_channel_id", "!=", False),
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "assigned"),
            ("batch_id", "=", False),
        ]

    def _oms_wave_key(self, tz):
        self.ensure_one()
        ship_by = self.oms_ship_by
        day = pytz.utc.localize(ship_by).astimezone(tz).date() if ship_by else False
        carrier = self.oms_shipment_provider or self.carrier_id.name or ""
        return (self.oms_channel_id, carrier, day, self.picking_type_id)

    def action_oms_create_waves(self):
        """Group these parcels (or all ready ones when none is selected) by
        shop, carrier and ship-by day into pick waves; open them.

        Parcels of held orders stay out (a person's, a risk rule's or the
        marketplace's hold), named with the reason; once the hold is
        released they are candidates again."""
        pickings = (
            self.filtered_domain(self._oms_wave_domain())
            if self
            else (self.search(self._oms_wave_domain()))
        )
        if not pickings:
            raise UserError(_("No marketplace parcel is ready to ship outside a wave."))
        held = pickings._oms_held_reasons()
        pickings -= self.browse([picking.id for picking in held])
        if not pickings:
            raise UserError(
                "\n".join(
                    [_("Every parcel is of an order on hold:")]
                    + [f"{p.display_name}: {reason}" for p, reason in held.items()]
                )
            )
        batches = pickings._oms_create_waves()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "oms_warehouse.action_oms_waves"
        )
        action["domain"] = [("id", "in", batches.ids)]
        if not held:
            return action
        return pickings._oms_report(
            _("Pick Waves"),
            _(
                "%(parcels)s parcel(s) in %(waves)s wave(s).",
                parcels=len(pickings),
                waves=len(batches),
            ),
            pickings,
            held,
            next_action=action,
        )

    def _oms_held_reasons(self):
        """``{parcel: why}`` of these parcels whose order is on hold: they
        must not be picked (``sale.order._oms_stop_reason``)."""
        held = {}
        for picking in self.filtered("sale_id"):
            kind, message = picking.sale_id._oms_stop_reason()
            if kind == "hold":
                held[picking] = message
        return held

    def _is_auto_batchable(self, picking=None):
        """Override of `stock_picking_batch`: the automatic batching of
        picking types skips parcels of held orders (rather than meeting the
        refusal of ``write``)."""
        if self._oms_held_reasons() or (picking and picking._oms_held_reasons()):
            return False
        return super()._is_auto_batchable(picking)

    def write(self, vals):
        if vals.get("batch_id"):
            held = self._oms_held_reasons()
            if held:
                raise UserError(
                    "\n".join(
                        [_("Parcels of orders on hold go in no wave or batch:")]
                        + [f"{p.display_name}: {reason}" for p, reason in held.items()]
                    )
                )
        return super().write(vals)

    def _oms_create_waves(self):
        tz = pytz.timezone(self.env.user.tz or "UTC")
        groups = defaultdict(lambda: self.browse())
        for picking in self.sorted(
            lambda p: (p.oms_ship_by or fields.Datetime.now(), p.id)
        ):
            groups[picking._oms_wave_key(tz)] |= picking
        values = []
        for (channel, carrier, day, picking_type), pickings in groups.items():
            cutoff = min(
                pickings.filtered("oms_ship_by").mapped("oms_ship_by"), default=False
            )
            values.append(
                {
                    "description": " / ".join(
                        filter(None, [channel.name, carrier, day and str(day)])
                    ),
                    "company_id": channel.company_id.id,
                    "picking_type_id": picking_type.id,
                    "oms_channel_id": channel.id,
                    "oms_carrier": carrier,
                    "oms_cutoff": cutoff,
                    "picking_ids": [fields.Command.set(pickings.ids)],
                }
            )
        batches = self.env["stock.picking.batch"].create(values)
        for batch in batches:
            batch.action_confirm()
        return batches
