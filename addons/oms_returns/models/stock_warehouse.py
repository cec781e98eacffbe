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

    def _oms_return_location(self):
        """The returns location of this warehouse, created on first use."""
        self.ensure_one()
        if not self.oms_return_location_id:
            # Warehouses and their locations are the stock managers'; any
            # return opened by an OMS user or a job needs this one.
            warehouse_sudo = self.sudo()
            location_sudo = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Returns"),
                        "usage": "internal",
                        "location_id": self.view_location_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            warehouse_sudo.oms_return_location_id = location_sudo
        return self.oms_return_location_id
