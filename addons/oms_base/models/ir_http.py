from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        if rule.endpoint.routing.get("oms_raw_body"):
            cls._oms_cache_raw_body()
        return result

    @classmethod
    def _oms_cache_raw_body(cls):
        """Read the body of a push before Odoo parses it.

        Odoo reads form bodies (``application/x-www-form-urlencoded``,
        ``multipart/form-data``) into parameters before the endpoint runs,
        which consumes them; a push must be verified on the bytes that were
        signed. Read now, the body is cached: the form parser and the
        endpoint both get it. Bodies of unknown or excessive size are left
        unread, for the endpoint to refuse.
        """
        httprequest = request.httprequest
        length = httprequest.content_length
        if (
            length is not None
            and "Transfer-Encoding" not in httprequest.headers
            and length <= request.env["oms.channel"]._oms_webhook_max_size()
        ):
            httprequest.get_data()
