import logging

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)


class OmsWebhookController(http.Controller):
    @http.route(
        "/oms/webhook/<string:platform>/<int:channel_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
        oms_raw_body=True,
    )
    def oms_webhook(self, platform, channel_id, **_kwargs):
        """Store a marketplace push, acknowledge it, and queue its processing.

        The message is stored before the answer so that nothing acknowledged
        can be lost. A refused one (bad signature, too large) is recorded as
        metadata only, so that a person can see who is calling.
        """
        # Marketplaces call anonymously; the signature check below is the
        # authentication, so the shop is read as superuser.
        channel_sudo = request.env["oms.channel"].sudo().browse(channel_id).exists()
        if (
            not channel_sudo
            or channel_sudo.platform != platform
            or not channel_sudo.active
        ):
            raise NotFound()
        httprequest = request.httprequest
        headers = httprequest.headers
        remote_addr = httprequest.remote_addr
        length = httprequest.content_length
        if "Transfer-Encoding" in headers:
            # Only a declared length bounds what reading the body takes.
            length = None
        if length is None or length > channel_sudo._oms_webhook_max_size():
            status, text = channel_sudo._oms_refuse_unread_webhook(
                length, headers, remote_addr=remote_addr
            )
        else:
            # Read before Odoo parsed it as a form, and cached: see ir.http.
            body = httprequest.get_data()
            status, text = channel_sudo._oms_receive_webhook(
                headers, body, httprequest.url, remote_addr=remote_addr
            )
        # Shopee counts a push as delivered on a 2xx with an empty body only.
        return request.make_response(
            text if status >= 300 else "",
            headers=[("Content-Type", "text/plain")],
            status=status,
        )

    @http.route(
        "/oms/oauth/<string:platform>/callback",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def oms_oauth_callback(self, platform, state=None, code=None, **params):
        """Landing page of a marketplace's seller authorization.

        ``state`` carries the shop id signed with the database secret, so a
        forged callback cannot attach tokens to another shop.
        """
        channel = request.env["oms.channel"]._oms_from_oauth_state(state)
        if not channel or channel.platform != platform:
            raise Forbidden()
        channel.check_access("write")
        if not code:
            channel.write(
                {"state": "error", "state_reason": params.get("error") or "No code"}
            )
        else:
            channel._oms_exchange_code(code, **params)
        return request.redirect(
            f"/odoo/action-oms_base.action_oms_channel/{channel.id}"
        )
