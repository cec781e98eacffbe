import logging
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.osv import expression

from odoo.addons.oms_base.models.sale_order_deadline import flag_domain
from odoo.addons.oms_base.text import text_to_html

_logger = logging.getLogger(__name__)

DEADLINE_ACTIVITY = "oms_cockpit.mail_activity_oms_ship_by"
OPEN_STATES = ("done", "cancel")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    oms_ship_due_soon = fields.Boolean(
        string="Due Soon",
        compute="_compute_oms_ship_due_soon",
        search="_search_oms_ship_due_soon",
        # inventory users without OMS rights read parcels of marketplace
        # shops: the shop's warning time is no secret
        compute_sudo=True,
        help="Not shipped yet and its ship-by deadline falls within the "
        "shop's warning time.",
    )
    oms_ship_warned_at = fields.Datetime(
        string="Ship-By Warning Sent",
        copy=False,
        readonly=True,
        help="When the warehouse was warned of the coming deadline (once).",
    )

    @api.depends("oms_ship_by", "state", "oms_channel_id.ship_warning_hours")
    def _compute_oms_ship_due_soon(self):
        # UTC on both sides: ship-by dates are stored in UTC.
        now = fields.Datetime.now()
        for picking in self:
            hours = picking.oms_channel_id.ship_warning_hours
            picking.oms_ship_due_soon = bool(
                picking.oms_ship_by
                and picking.state not in OPEN_STATES
                and now <= picking.oms_ship_by <= now + timedelta(hours=hours)
            )

    @api.model
    def _oms_due_soon_domain(self, now=None):
        """Open parcels whose ship-by falls within their shop's warning time
        (one clause per distinct warning time, not per shop)."""
        now = now or fields.Datetime.now()
        by_hours = defaultdict(list)
        # sudo: the warning times of the shops, also for inventory users
        # without OMS rights (the pickings' own rules still apply)
        channels_sudo = (
            self.env["oms.channel"].sudo().with_context(active_test=False).search([])
        )
        for channel in channels_sudo:
            by_hours[channel.ship_warning_hours].append(channel.id)
        clauses = [
            [
                ("oms_channel_id", "in", ids),
                ("oms_ship_by", "<=", now + timedelta(hours=hours)),
            ]
            for hours, ids in by_hours.items()
        ]
        if not clauses:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [("state", "not in", OPEN_STATES), ("oms_ship_by", ">=", now)],
                expression.OR(clauses),
            ]
        )

    def _search_oms_ship_due_soon(self, operator, value):
        due = [("id", "in", self._search(self._oms_due_soon_domain()))]
        return flag_domain(due, operator, value)

    @api.model
    def _cron_oms_warn_ship_by(self):
        """Warn the warehouse of parcels due soon or already late, once per
        parcel: a to-do on the parcel for the shop's responsible person and
        one notification per person."""
        now = fields.Datetime.now()
        late = [
            ("oms_channel_id", "!=", False),
            ("state", "not in", OPEN_STATES),
            ("oms_ship_by", "<", now),
        ]
        due = self._oms_due_soon_domain(now)
        pickings = self.search(
            expression.AND(
                [
                    [
                        ("oms_ship_warned_at", "=", False),
                        ("picking_type_code", "=", "outgoing"),
                    ],
                    expression.OR([late, due]),
                ]
            )
        )
        per_user = defaultdict(lambda: self.browse())
        without_tz = set()
        for picking in pickings:
            channel = picking.oms_channel_id
            user = channel._oms_responsible()
            late_now = picking.oms_ship_by < now
            # The deadline's day where the person works, else in the shop's
            # time zone (SEA time zones are 7-8 hours ahead of UTC: the day
            # may differ); in UTC, said on the to-do, when neither is known.
            tz = channel._oms_deadline_tz(user)
            if not tz:
                without_tz.add(channel)
            picking.activity_schedule(
                DEADLINE_ACTIVITY,
                date_deadline=fields.Date.context_today(
                    picking.with_context(tz=tz or "UTC"), picking.oms_ship_by
                ),
                summary=(
                    _("Late: the ship-by deadline has passed")
                    if late_now
                    else _("Ship before the marketplace's deadline")
                ),
                note=False if tz else text_to_html(channel._oms_tz_problem()),
                user_id=user.id,
            )
            per_user[user] |= picking
        for channel in without_tz:
            _logger.warning(
                "Shop %s (id %s): no valid time zone for its ship-by to-dos "
                "(shop %r, responsible person %r): dated in UTC",
                channel.name,
                channel.id,
                channel.tz,
                channel._oms_responsible().tz,
            )
        pickings.write({"oms_ship_warned_at": now})
        for user, parcels in per_user.items():
            user._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "sticky": True,
                    "title": _("Ship-by deadlines"),
                    "message": _(
                        "%(count)s marketplace parcel(s) due soon or late: %(names)s",
                        count=len(parcels),
                        names=", ".join(parcels[:10].mapped("name")),
                    ),
                },
            )
        _logger.info("Ship-by warnings sent for %s parcel(s)", len(pickings))
        return pickings
