from odoo import fields, models

from ..middleware import WebstoreApiMiddleware


class FastapiEndpoint(models.Model):
    _inherit = "fastapi.endpoint"

    app = fields.Selection(
        selection_add=[("oms_webstore", "OMS Web Store Open API")],
        ondelete={"oms_webstore": "cascade"},
    )

    def _get_fastapi_routers(self):
        if self.app == "oms_webstore":
            from ..routers import ROUTERS

            return ROUTERS
        return super()._get_fastapi_routers()

    def _get_fastapi_app_middlewares(self):
        middlewares = super()._get_fastapi_app_middlewares()
        if self.app == "oms_webstore":
            from starlette.middleware import Middleware

            middlewares.append(Middleware(WebstoreApiMiddleware))
        return middlewares

    def _prepare_fastapi_app_params(self):
        params = super()._prepare_fastapi_app_params()
        if self.app == "oms_webstore":
            params.update(
                version="1.0.0",
                openapi_tags=[
                    {
                        "name": "orders",
                        "description": "Create, read and cancel orders.",
                    },
                    {"name": "parcels", "description": "Parcels, tracking and labels."},
                    {"name": "products", "description": "SPUs (the store's products)."},
                    {
                        "name": "stock",
                        "description": "Sellable quantity and price per SKU.",
                    },
                ],
            )
        return params
