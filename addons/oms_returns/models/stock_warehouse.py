from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    oms_return_location_id = fields.Many2one(
        "stock.location",
        string="Returns Location",
        check_company=True,
        help="Where marketplace returns and failed deliveries arrive before "
        "inspection; outside the stock location, so they are not published "
        "as sellable.",
    )
    oms_damaged_action = fields.Selection(
        [("scrap", "Scrap"), ("quarantine", "Quarantine")],
        string="Damaged Returns",
        default="scrap",
        required=True,
        help="What becomes of a returned unit inspected as damaged, unless "
        "the inspection says otherwise: scrapped, or kept apart in the "
        "quarantine location (to repair, claim or sell as used).",
    )
    oms_quarantine_location_id = fields.Many2one(
        "stock.location",
        string="Quarantine Location",
        check_company=True,
        help="Where damaged returns are kept apart; outside the stock "
        "location, so they are not published as sellable.",
    )

    def _oms_return_location(self):
        """The returns location of this warehouse, created on first use."""
        return self._oms_own_location("oms_return_location_id", self.env._("Returns"))

    def _oms_quarantine_location(self):
        """The quarantine location of this warehouse, created on first use."""
        return self._oms_own_location(
            "oms_quarantine_location_id", self.env._("Quarantine")
        )

    def _oms_own_location(self, field, name):
        """The location in ``field``, made under the warehouse's view
        location (outside its stock) when it is not set yet."""
        self.ensure_one()
        if not self[field]:
            # Warehouses and their locations are the stock managers'; any
            # return opened or inspected by an OMS user or a job needs it.
            warehouse_sudo = self.sudo()
            location_sudo = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "usage": "internal",
                        "location_id": self.view_location_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            warehouse_sudo[field] = location_sudo
        return self[field]
