from oms_api_common import errors as api_errors

from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tiktok_api import const

_lt = LazyTranslate(__name__)

# TikTok's seller cancel reasons (codes of the reference), readable.
CANCEL_REASON_LABELS = {
    "seller_cancel_unpaid_reason_out_of_stock": _lt("Out of stock"),
    "seller_cancel_unpaid_reason_wrong_price": _lt("Wrong price"),
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed": _lt(
        "Buyer has not paid in time"
    ),
    "seller_cancel_unpaid_reason_buyer_requested_cancellation": _lt(
        "Buyer requested cancellation"
    ),
    "seller_cancel_reason_out_of_stock": _lt("Out of stock"),
    "seller_cancel_reason_wrong_price": _lt("Wrong price"),
    "seller_cancel_paid_reason_address_not_deliver": _lt("Address cannot be delivered"),
    "seller_cancel_paid_reason_buyer_requested_cancellation": _lt(
        "Buyer requested cancellation"
    ),
}
# Errors that concern one package of a batch, not the whole call.
PACKAGE_ERRORS = (api_errors.ApiBusinessError, api_errors.ApiNotFoundError)


class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Seller cancellation
    # ------------------------------------------------------------------

    def _oms_get_cancel_reasons(self, order):
        """Override of `oms_base`: TikTok's reasons suit the order's status."""
        if self.platform != "tiktok":
            return super()._oms_get_cancel_reasons(order)
        codes = (
            const.SELLER_CANCEL_REASONS_UNPAID
            if order.oms_platform_status == const.UNPAID
            else const.SELLER_CANCEL_REASONS_PAID
        )
        return [(code, str(CANCEL_REASON_LABELS[code])) for code in codes]

    def _oms_cancel_order(self, order, reason_code):
        if self.platform != "tiktok":
            return super()._oms_cancel_order(order, reason_code)
        self._tiktok_require_shop()
        self._oms_client().cancel_order(order.oms_external_id, reason_code)
        return True

    def _oms_cancel_order_lines(self, order, lines, reason_code):
        """Override of `oms_base`: TikTok cancels line items (one per unit)."""
        if self.platform != "tiktok":
            return super()._oms_cancel_order_lines(order, lines, reason_code)
        self._tiktok_require_shop()
        item_ids = [
            line.oms_external_id
            for line in lines
            if line.oms_external_id and line.product_uom_qty
        ]
        self._oms_client().cancel_order(
            order.oms_external_id, reason_code, order_line_item_ids=item_ids
        )
        return True

    # ------------------------------------------------------------------
    # Buyer cancellation requests
    # ------------------------------------------------------------------

    def _tiktok_answer_cancellation(self, order, approve, reject_reason=None):
        """Approve or reject the buyer's pending request on ``order``;
        return the order's payload after the answer."""
        self._tiktok_require_shop()
        client = self._oms_client()
        pending = [
            record
            for record in client.iter_cancellations(
                order_ids=[order.oms_external_id],
                cancel_types=[const.CANCEL_TYPE_BUYER],
            )
            if record.get("cancel_status") == const.CANCELLATION_PENDING
        ]
        if not pending:
            raise UserError(
                _("TikTok has no pending cancellation request on %s.", order.name)
            )
        for record in pending:
            if approve:
                client.approve_cancellation(record["cancel_id"])
            else:
                client.reject_cancellation(record["cancel_id"], reject_reason)
        return {"orders": client.get_orders([order.oms_external_id])}

    # ------------------------------------------------------------------
    # Packages, shipment and shipping documents
    # ------------------------------------------------------------------

    def _oms_pack(self, pickings):
        """Override of `oms_base`: arrange the shipment of each package.

        TikTok Shipping: the carrier picks it up and TikTok answers the
        tracking number at once. Seller-shipped packages go with the
        seller's carrier: the delivery's tracking number and carrier are
        given to TikTok."""
        if self.platform != "tiktok":
            return super()._oms_pack(pickings)
        self._tiktok_require_shop()
        client = self._oms_client()
        errors = []
        shipped = {}  # package id -> its detail once arranged
        for picking in pickings:
            ref = picking.oms_package_ref
            if not ref:
                errors.append(
                    _("%s: TikTok has not made its package yet", picking.name)
                )
                continue
            if ref not in shipped:  # a combined package ships once
                try:
                    shipped[ref] = self._tiktok_ship_package(client, picking)
                except PACKAGE_ERRORS as err:
                    errors.append(f"{picking.name}: {err}")
                    continue
                except UserError as err:
                    errors.append(err.args[0])
                    continue
            picking.write(self._tiktok_packed_values(shipped[ref]))
        # the deliveries of the other orders a combined package carries
        others = self.env["stock.picking"].search(
            [
                ("oms_channel_id", "=", self.id),
                ("oms_package_ref", "in", list(shipped)),
                ("id", "not in", pickings.ids),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        for other in others:
            other.write(self._tiktok_packed_values(shipped[other.oms_package_ref]))
        if errors and len(errors) == len(pickings):
            raise UserError(_("TikTok refused to ship:\n%s", "\n".join(errors)))
        if errors:
            self._oms_report_partial(pickings, _("Shipping failed"), errors)
        return True

    def _tiktok_ship_package(self, client, picking):
        """Arrange the shipment of ``picking``'s package; return the package
        as TikTok has it then (its tracking number)."""
        package = client.get_package(picking.oms_package_ref)
        if package.get("shipping_type") == const.SHIPPING_SELLER:
            shipment = {
                "self_shipment": self._tiktok_self_shipment(client, picking, package)
            }
        else:
            shipment = {"handover_method": const.HANDOVER_PICKUP}
        try:
            client.ship_package(picking.oms_package_ref, **shipment)
        except api_errors.ApiBusinessError as err:
            if err.code != const.ERROR_PACKAGE_SHIPPED:
                raise
            # shipped already (a shipment whose transaction was lost, its job
            # retried): done all the same, with the tracking TikTok has
            shipped = client.get_package(picking.oms_package_ref)
            if not shipped.get("tracking_number"):
                raise
            return shipped
        return client.get_package(picking.oms_package_ref)

    @staticmethod
    def _tiktok_packed_values(package):
        return {
            "carrier_tracking_ref": package.get("tracking_number"),
            "oms_shipment_provider": package.get("shipping_provider_name"),
            "oms_fulfilment_state": "packed",
        }

    def _tiktok_self_shipment(self, client, picking, package):
        """``self_shipment`` of a seller-shipped package: the delivery's
        tracking number and its carrier among the providers TikTok lists
        for the package's delivery option."""
        if not picking.carrier_tracking_ref:
            raise UserError(
                _(
                    "%s: enter the tracking number of your carrier; TikTok "
                    "Shop ships nothing of yours without it.",
                    picking.name,
                )
            )
        providers = client.get_shipping_providers(package["delivery_option_id"])
        carrier = (
            picking.carrier_id.name or picking.oms_shipment_provider or ""
        ).strip()
        provider = next(
            (p for p in providers if p["name"].strip().lower() == carrier.lower()),
            None,
        )
        if not provider:
            raise UserError(
                _(
                    "%(picking)s: set its carrier to one TikTok Shop knows for "
                    "this order: %(names)s.",
                    picking=picking.name,
                    names=", ".join(p["name"] for p in providers),
                )
            )
        return {
            "tracking_number": picking.carrier_tracking_ref,
            "shipping_provider_id": provider["id"],
        }

    def _tiktok_update_shipping_info(self, pickings):
        """Give TikTok the corrected tracking number (and carrier) of
        seller-shipped packages already shipped."""
        self._tiktok_require_shop()
        client = self._oms_client()
        for picking in pickings:
            package = client.get_package(picking.oms_package_ref)
            if package.get("shipping_type") != const.SHIPPING_SELLER:
                raise UserError(
                    _(
                        "%s: TikTok Shop ships this package itself; its tracking "
                        "number is TikTok's.",
                        picking.name,
                    )
                )
            shipment = self._tiktok_self_shipment(client, picking, package)
            client.update_shipping_info(
                picking.oms_package_ref,
                shipment["tracking_number"],
                shipment["shipping_provider_id"],
            )
            picking.message_post(
                body=_(
                    "Tracking number %s given to TikTok Shop.",
                    shipment["tracking_number"],
                )
            )
        return True

    def _oms_split_order(self, order, pickings):
        """Override of `oms_base` to split the order on TikTok (Split
        Orders): one package per delivery of ``pickings``, each delivery
        taking its package id, so that each ships and is labelled apart.

        TikTok keeps one line item per unit: a delivery's line items are
        those of its sale lines."""
        if self.platform != "tiktok":
            return super()._oms_split_order(order, pickings)
        self._tiktok_require_shop()
        groups = {
            str(picking.id): [
                line.oms_external_id
                for line in picking.move_ids.filtered(
                    lambda m: m.state != "cancel"
                ).sale_line_id
                if line.oms_external_id
            ]
            for picking in pickings
        }
        groups = {key: items for key, items in groups.items() if items}
        if len(groups) < 2:
            raise UserError(
                _("%s: TikTok splits an order into two packages or more.", order.name)
            )
        packages = self._oms_client().split_order(order.oms_external_id, groups)
        for picking in pickings:
            if str(picking.id) in packages:
                picking.oms_package_ref = packages[str(picking.id)]
        order.message_post(
            body=_(
                "Split on TikTok Shop into %(count)s packages: %(packages)s",
                count=len(packages),
                packages=", ".join(packages.values()),
            )
        )
        return True

    def action_tiktok_combine_shipments(self):
        """The shop's button: combine now what TikTok proposes."""
        self.ensure_one()
        message = self._oms_call_for_user("_tiktok_combine_shipments")
        return self._notify_queued(message)

    def _tiktok_combine_shipments(self):
        """Ship together what TikTok proposes to combine (orders of one
        buyer to one address, not yet arranged): one package each, the
        orders read again so that their deliveries take it."""
        self._tiktok_require_shop()
        client = self._oms_client()
        proposed = list(client.iter_combinable_packages())
        if not proposed:
            return _("Nothing to combine.")
        combined, errors = client.combine_packages(proposed)
        order_ids = [o for package in combined for o in package["order_ids"]]
        if order_ids:
            self._oms_import_payload(self._oms_fetch_orders(order_ids))
        if errors:
            self._oms_report_partial(
                self,
                _("TikTok combined some packages only"),
                [
                    f"{e.get('detail', {}).get('package_id')}: {e.get('message')}"
                    for e in errors
                ],
            )
        return _("%s package(s) combined.", len(combined))

    def _tiktok_uncombine_packages(self, pickings):
        """Take the orders of ``pickings`` out of the combined packages
        they share with other orders: TikTok gives each its own package
        (the first order of a package keeps it when every one is chosen);
        the orders are read again so that their deliveries take the new
        packages by their line items."""
        self._tiktok_require_shop()
        refs = set(pickings.mapped("oms_package_ref"))
        sharing = self.env["stock.picking"].search(
            [
                ("oms_channel_id", "=", self.id),
                ("oms_package_ref", "in", list(refs)),
                ("state", "not in", ("done", "cancel")),
            ],
            order="id",
        )
        client = self._oms_client()
        order_ids = []
        for ref in refs:
            carried = list(
                dict.fromkeys(
                    sharing.filtered(lambda p, r=ref: p.oms_package_ref == r).mapped(
                        "oms_external_id"
                    )
                )
            )
            chosen = pickings.filtered(lambda p, r=ref: p.oms_package_ref == r)
            if len(carried) < 2 or any(chosen.mapped("carrier_tracking_ref")):
                raise UserError(
                    _(
                        "%s: only a combined package not yet shipped can be "
                        "uncombined.",
                        ", ".join(chosen.mapped("name")),
                    )
                )
            leaving = [o for o in carried if o in set(chosen.mapped("oms_external_id"))]
            if len(leaving) == len(carried):
                leaving = leaving[1:]
            client.uncombine_package(ref, leaving)
            order_ids += carried
        self._oms_import_payload(self._oms_fetch_orders(order_ids))
        # computed from the other deliveries of a package, not only its own
        sharing.invalidate_recordset(["tiktok_package_combined"])
        for picking in sharing:
            picking.message_post(
                body=_(
                    "Uncombined on TikTok Shop: package %s.",
                    picking.oms_package_ref,
                )
            )
        return True

    def _oms_ready_to_ship(self, pickings):
        """Override of `oms_base`: once arranged, a package with its
        tracking number waits for the carrier: nothing more to tell TikTok."""
        if self.platform != "tiktok":
            return super()._oms_ready_to_ship(pickings)
        shipped = pickings.filtered("carrier_tracking_ref")
        if not shipped:
            raise UserError(_("Arrange the shipment on TikTok (Pack) first."))
        shipped.oms_fulfilment_state = "ready"
        return True

    def _oms_get_labels(self, pickings):
        """Override of `oms_base`: each package's shipping label (PDF)."""
        if self.platform != "tiktok":
            return super()._oms_get_labels(pickings)
        self._tiktok_require_shop()
        ready = pickings.filtered(
            lambda p: p.oms_package_ref and p.carrier_tracking_ref
        )
        if not ready:
            raise UserError(_("Arrange the shipment on TikTok (Pack) first."))
        client = self._oms_client()
        labels = {}
        errors = []
        for picking in ready:
            try:
                document = client.get_shipping_document(picking.oms_package_ref)
                labels[picking] = client.download_document(document["doc_url"])
            except PACKAGE_ERRORS as err:
                errors.append(f"{picking.name}: {err}")
        if errors and not labels:
            raise UserError(_("No shipping label:\n%s", "\n".join(errors)))
        if errors:
            self._oms_report_partial(ready, _("Some shipping labels failed"), errors)
        return labels
