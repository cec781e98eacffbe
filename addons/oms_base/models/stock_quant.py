from odoo import api, models

DIRTY_KEY = "oms_base.dirty_product_ids"


class StockQuant(models.Model):
    _inherit = "stock.quant"

    @api.model_create_multi
    def create(self, vals_list):
        quants = super().create(vals_list)
        quants._oms_mark_dirty()
        return quants

    def write(self, vals):
        res = super().write(vals)
        if "quantity" in vals or "reserved_quantity" in vals:
            self._oms_mark_dirty()
        return res

    def _oms_mark_dirty(self):
        """Remember the products whose free quantity changed.

        The bindings are flagged once, just before commit, however many
        quants the transaction touched; the push itself is a later job.
        """
        product_ids = self.filtered(
            lambda q: q.location_id.usage == "internal"
        ).product_id.ids
        if not product_ids:
            return
        data = self.env.cr.precommit.data
        if DIRTY_KEY not in data:
            data[DIRTY_KEY] = set()
            bindings = self.env["oms.product.binding"]
            self.env.cr.precommit.add(
                lambda: bindings._mark_products_dirty(data.pop(DIRTY_KEY, set()))
            )
        data[DIRTY_KEY].update(product_ids)
