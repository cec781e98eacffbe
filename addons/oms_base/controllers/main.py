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
    )
    def oms_webhook(self, platform, channel_id, **_kwargs):
        """Store a marketplace push, acknowledge it, and queue its processing.

        The message is stored before the answer so that nothing acknowledged
        can be lost; a message with a bad signature is stored as failed and
        refused, so that a person can see who is calling.
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
        body = request.httprequest.get_data()
        headers = request.httprequest.headers
        url = request.httprequest.url
        status, text = channel_sudo._oms_receive_webhook(headers, body, url)
        return request.make_response(
            text, headers=[("Content-Type", "text/plain")], status=status
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
