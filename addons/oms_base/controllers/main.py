import logging
import re

from oms_api_common import errors as api_errors
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..exceptions import OmsOauthRefused

# What an authorization code may look like: printable, no spaces, bounded.
CODE_FORMAT = re.compile(r"[\x21-\x7e]{1,512}")

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

        ``state`` must be one the same person asked for from this shop, in
        this session, minutes ago, and not used yet; anything wrong ends on
        a page saying what, never with tokens attached to a shop.
        """
        Channel = request.env["oms.channel"]
        try:
            channel = Channel._oms_from_oauth_state(state, platform)
        except OmsOauthRefused as refused:
            return self._oms_oauth_page(
                refused.message, refused.channel, refused.status
            )
        if not request.env.user.has_group("oms_base.group_oms_manager"):
            return self._oms_oauth_page(
                _("Only OMS managers can authorize shops."), Channel, 403
            )
        if not code:
            reason = params.get("error_description") or params.get("error")
            message = _("The marketplace did not authorize the shop.")
            if isinstance(reason, str) and reason:
                message = _(
                    "%(message)s It said: %(reason)s",
                    message=message,
                    reason=reason[:200],
                )
            return self._oms_oauth_page(message, channel)
        if not isinstance(code, str) or not CODE_FORMAT.fullmatch(code):
            return self._oms_oauth_page(
                _("The marketplace sent a malformed authorization code."), channel
            )
        return self._oms_oauth_exchange(channel, code, params)

    def _oms_oauth_exchange(self, channel, code, params):
        """Trade ``code`` for the shop's tokens; a page on any failure."""
        previous_shop = channel.external_shop_id
        try:
            channel.check_access("write")
            with request.env.cr.savepoint():
                channel._oms_exchange_code(code, **params)
                if previous_shop and channel.external_shop_id != previous_shop:
                    # the seller logged in with another account: keep the
                    # shop's own tokens (the savepoint drops the new ones)
                    raise OmsOauthRefused(
                        _(
                            "The seller authorized marketplace shop %(other)s, but "
                            "this shop is %(shop)s. Log in to the marketplace "
                            "with the account of %(shop)s and authorize again.",
                            other=channel.external_shop_id,
                            shop=previous_shop,
                        ),
                        channel,
                    )
        except OmsOauthRefused as refused:
            return self._oms_oauth_page(refused.message, channel, refused.status)
        except api_errors.ApiError as err:
            # a marketplace may echo the code it refuses: never show or log it
            detail = str(err).replace(code, "***")
            _logger.info("Authorization of shop %s refused: %s", channel.id, detail)
            if err.transient:
                message = _("The marketplace could not be reached. Try again later.")
                return self._oms_oauth_page(message, channel, 503)
            message = _(
                "The marketplace refused the authorization code (it may be "
                "expired or already used): %s",
                detail,
            )
            return self._oms_oauth_page(message, channel)
        except AccessError:
            return self._oms_oauth_page(
                _("You may not change this shop."), channel.browse(), 403
            )
        except UserError as err:
            return self._oms_oauth_page(err.args[0], channel)
        except (ValueError, TypeError, KeyError) as err:
            _logger.info(
                "Authorization of shop %s: malformed values (%s)",
                channel.id,
                type(err).__name__,
            )
            return self._oms_oauth_page(
                _("The marketplace sent malformed authorization values."), channel
            )
        return request.redirect(
            f"/odoo/action-oms_base.action_oms_channel/{channel.id}"
        )

    def _oms_oauth_page(self, message, channel, status=400):
        if channel:
            back_url = f"/odoo/action-oms_base.action_oms_channel/{channel.id}"
            back_label = _("Back to shop %s", channel.display_name)
        else:
            back_url = "/odoo/action-oms_base.action_oms_channel"
            back_label = _("Back to the shops")
        return request.render(
            "oms_base.oauth_callback_page",
            {"message": message, "back_url": back_url, "back_label": back_label},
            status=status,
        )
