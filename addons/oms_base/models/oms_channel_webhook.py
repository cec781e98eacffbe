import logging
from datetime import timedelta

from oms_api_common import push as api_push
from psycopg2 import DataError
from psycopg2.errors import ProgramLimitExceeded

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)

# Push intake defaults (ir.config_parameter oms_base.webhook_*).
WEBHOOK_MAX_BYTES = 1024 * 1024
WEBHOOK_REFUSED_PER_MINUTE = 20


class OmsChannelWebhook(models.AbstractModel):
    """A shop's push intake (``oms.channel``): verify, store, acknowledge.

    The connector's hooks (``_oms_webhook_verify``, ``_oms_webhook_parse``,
    ``_oms_webhook_channel``) say what a push of its platform is; this is
    what every push goes through. Methods of ``oms.channel``, kept apart.
    """

    _name = "oms.channel.webhook"
    _description = "Marketplace Shop: Push Intake"

    def _oms_receive_webhook(self, headers, body, url, remote_addr=None):
        """Verify, store and acknowledge one push; return (HTTP status, text).

        A forged push is refused (401) and only its metadata recorded. A
        push the marketplace really sent is always acknowledged (200):
        marketplaces resend what was not, which would not fix a malformed,
        stale or misaddressed one, and Shopee disables the pushes of apps
        that fail too many. Those are recorded with their reason.
        """
        self.ensure_one()
        request_info = {"headers": headers, "body": body, "remote_addr": remote_addr}
        if len(body) > self._oms_webhook_max_size():
            # The declared length was checked; this is what was really read.
            self._oms_refuse_webhook(
                "too_large",
                _("Message of %s bytes refused: too large.", len(body)),
                **request_info,
            )
            return 413, "too large"
        try:
            verified = self._oms_webhook_verify(headers, body, url)
        except Exception as err:  # noqa: BLE001 - a bad message must not 500
            _logger.info("Webhook of shop %s not verifiable: %s", self.id, err)
            verified = False
        if not verified:
            self._oms_refuse_webhook(
                "signature", _("Invalid signature: message refused."), **request_info
            )
            return 401, "invalid signature"
        try:
            values = self._oms_webhook_parse(body)
        except Exception as err:  # noqa: BLE001 - whatever the body holds
            message = api_push.clean_text(str(err) or type(err).__name__, 500)
            self._oms_store_failed_webhook(
                _("Malformed message: %s", message), **request_info
            )
            return 200, "malformed, stored"
        channel, values = self._oms_webhook_route(values)
        if not channel:
            self._oms_refuse_webhook(
                "other_shop",
                _(
                    "Push for marketplace shop %s: neither this shop nor another "
                    "shop of the same app.",
                    values[0].get("shop_ref") or _("(none)"),
                ),
                **request_info,
            )
            return 200, "unknown shop, refused"
        oldest, newest = channel._oms_webhook_window()
        sent = [vals["sent_at"] for vals in values if vals.get("sent_at")]
        if any(sent_at < oldest or sent_at > newest for sent_at in sent):
            self._oms_refuse_webhook(
                "stale",
                _(
                    "Sent at %s, outside the accepted window: stale or replayed.",
                    min(sent),
                ),
                **request_info,
            )
            return 200, "stale, refused"
        try:
            # Parsers refuse what PostgreSQL cannot hold; should one miss
            # something, the push is still recorded, not answered with a 500.
            with self.env.cr.savepoint():
                events = self.env["oms.event"]._store(
                    [dict(vals, channel_id=channel.id) for vals in values]
                )
        except (ValueError, DataError, ProgramLimitExceeded) as err:
            message = api_push.clean_text(str(err), 500)
            self._oms_store_failed_webhook(
                _("Message could not be stored: %s", message), **request_info
            )
            return 200, "malformed, stored"
        to_process = events.filtered(lambda e: e.state == "new")
        if to_process:
            to_process._enqueue_processing()
        return 200, ""

    def _oms_refuse_unread_webhook(self, length, headers, remote_addr=None):
        """Refuse, without reading it, a push of unknown or excessive size."""
        self.ensure_one()
        if length is None:
            self._oms_refuse_webhook(
                "no_length",
                _("Message without a declared length refused."),
                headers,
                remote_addr=remote_addr,
            )
            return 411, "length required"
        self._oms_refuse_webhook(
            "too_large",
            _("Message of %s bytes refused: too large.", length),
            headers,
            remote_addr=remote_addr,
            size=length,
        )
        return 413, "too large"

    def _oms_webhook_route(self, values):
        """(shop, event values) of parsed push values naming a shop.

        The shop is empty when the push names a shop that is neither this
        one nor another of the same app (or several shops); the values then
        keep their ``shop_ref``.
        """
        refs = {vals.get("shop_ref") or "" for vals in values}
        channel = self._oms_webhook_channel(refs.pop() if refs else "")
        if not channel or refs:
            return self.browse(), values
        return channel, [
            {key: value for key, value in vals.items() if key != "shop_ref"}
            for vals in values
        ]

    def _oms_same_app_channel(self, shop_ref, ref_field, credential_fields):
        """The shop of this platform whose ``ref_field`` is ``shop_ref`` and
        whose app credentials (``credential_fields``) are this shop's: where
        a marketplace pushing every shop of one app to one URL means it.

        This shop when it is the one named; none when another app's shop is.
        """
        self.ensure_one()
        if shop_ref == (self[ref_field] or ""):
            return self
        # App credentials are manager-only; pushes arrive anonymously.
        channel_sudo = self.sudo()
        others = channel_sudo.search(
            [
                ("platform", "=", self.platform),
                (ref_field, "=", shop_ref),
                ("id", "!=", self.id),
            ]
        )
        return others.filtered(
            lambda other: all(
                other[name] == channel_sudo[name] for name in credential_fields
            )
        )[:1].with_env(self.env)

    def _oms_webhook_window(self):
        """(oldest, newest) ``sent_at`` of a push that is not refused as stale.

        Marketplaces retry a push for hours (Lazada: 12 times, 30 min apart),
        so older is a replay; newer than the clock skew allows is forged.
        """
        now = fields.Datetime.now()
        hours = self._oms_webhook_param("oms_base.webhook_max_age_hours", 24)
        skew = self._oms_webhook_param("oms_base.webhook_max_skew_minutes", 15)
        return now - timedelta(hours=hours), now + timedelta(minutes=skew)

    @api.model
    def _oms_webhook_max_size(self):
        """Largest push body accepted, in bytes."""
        return self._oms_webhook_param("oms_base.webhook_max_bytes", WEBHOOK_MAX_BYTES)

    @api.model
    def _oms_webhook_param(self, key, default):
        """An integer setting of push intake, from ``ir.config_parameter``."""
        # Read by anonymous push requests: the settings are technical.
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value else default
        except ValueError:
            _logger.warning("Invalid %s: %r, using %s", key, value, default)
            return default

    def _oms_webhook_metadata(self, headers, body, remote_addr=None, size=None):
        """What is kept of a push besides its payload."""
        return {
            "kind": "webhook",
            "body_size": len(body) if body is not None else size,
            "body_sha256": api_push.digest(body) if body is not None else False,
            "remote_addr": remote_addr,
            "request_headers": api_push.safe_headers(headers),
        }

    def _oms_store_failed_webhook(self, error, headers, body, remote_addr=None):
        """Store an authentic push that could not be read, for a person."""
        text = api_push.body_text(body)
        return self.env["oms.event"]._store(
            [
                dict(
                    self._oms_webhook_metadata(headers, body, remote_addr),
                    channel_id=self.id,
                    payload=text if text is not None else api_push.excerpt(body),
                    state="failed",
                    refusal="malformed",
                    error=error,
                )
            ]
        )

    def _oms_refuse_webhook(
        self, reason, error, headers, body=None, remote_addr=None, size=None
    ):
        """Record the metadata of a refused push, the body cut to an excerpt.

        A flood must not fill the database: past ``oms_base.webhook_refused
        _per_minute`` records a minute for the shop (0: no limit), refused
        pushes are only counted on the last record. Return the record, if
        one was made.
        """
        self.ensure_one()
        Event = self.env["oms.event"]
        limit = self._oms_webhook_param(
            "oms_base.webhook_refused_per_minute", WEBHOOK_REFUSED_PER_MINUTE
        )
        recent = Event.search(
            [
                ("channel_id", "=", self.id),
                ("state", "=", "refused"),
                ("create_date", ">=", fields.Datetime.now() - timedelta(minutes=1)),
            ],
            order="id desc",
            limit=limit,
        )
        if limit and len(recent) >= limit:
            recent[0]._count_unrecorded()
            return Event
        _logger.info(
            "Push to shop %s refused (%s) from %s", self.id, reason, remote_addr
        )
        return Event._store(
            [
                dict(
                    self._oms_webhook_metadata(headers, body, remote_addr, size),
                    channel_id=self.id,
                    payload=api_push.excerpt(body) if body else "",
                    state="refused",
                    refusal=reason,
                    error=error,
                )
            ]
        )
