from oms_api_common import errors as api_errors

from odoo import _, models


class OmsChannelPrice(models.AbstractModel):
    """A shop's price publisher (``oms.channel``): the shop's pricelist
    price of bindings pushed through ``_oms_push_price_batch``, the result
    written per binding. Methods of ``oms.channel``, kept apart."""

    _name = "oms.channel.price"
    _description = "Marketplace Shop: Price Publisher"

    def _oms_push_prices(self, binding_ids):
        """Job: publish the pricelist price of these bindings of the shop.

        Each binding ends synced with its new price, or in error with what
        the marketplace said about it. A refusal of the whole call is
        written on every binding of it; an outage is retried.
        """
        self.ensure_one()
        bindings = (
            self.env["oms.product.binding"]
            .browse(binding_ids)
            .exists()
            .filtered(lambda b: b.channel_id == self and b.external_id and b.product_id)
        )
        if not bindings:
            return _("Nothing to push.")
        return self._oms_guarded(lambda: self._oms_push_binding_prices(bindings))

    def _oms_push_binding_prices(self, bindings):
        try:
            errors = self._oms_call("_oms_push_price_batch", bindings) or {}
        except api_errors.ApiError as err:
            if err.transient:
                raise
            message = self._oms_error_message(err)
            errors = dict.fromkeys(bindings.ids, message)
        return self._oms_record_price_results(bindings, errors)

    def _oms_record_price_results(self, bindings, errors):
        """Write what the marketplace accepted or refused; return a summary."""
        refused = bindings.filtered(lambda b: b.id in errors)
        for binding in refused:
            binding.write({"sync_state": "error", "last_error": errors[binding.id]})
        for binding in bindings - refused:
            price = binding.expected_price
            binding.write(
                {
                    "last_pushed_price": price,
                    "marketplace_price": price,
                    "sync_state": "synced",
                    "last_error": False,
                }
            )
        return _(
            "%(pushed)s price(s) pushed, %(failed)s refused",
            pushed=len(bindings) - len(refused),
            failed=len(refused),
        )
