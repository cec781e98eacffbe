import pytz

from odoo import _, api, fields, models

from odoo.addons.base.models.res_partner import _tz_get


def known_tz(name):
    """``name`` when it is a time zone pytz knows, else ``False``."""
    return name if name and name in pytz.all_timezones_set else False


# One file per concern of oms.channel: the shop's local time.
class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        compute="_compute_tz",
        store=True,
        readonly=False,
        help="The marketplace's local time for this shop (by default the "
        "main time zone of its country): the day of a ship-by to-do when the "
        "shop's responsible person has no time zone of their own.",
    )
    tz_warning = fields.Char(
        string="Time Zone Warning",
        compute="_compute_tz_warning",
        help="Why deadline days of this shop fall back to UTC.",
    )

    @api.depends("country_id")
    def _compute_tz(self):
        for channel in self:
            code = (channel.country_id.code or "").upper()
            zones = pytz.country_timezones.get(code) if code else None
            channel.tz = zones[0] if zones else channel.tz

    @api.depends("tz")
    def _compute_tz_warning(self):
        for channel in self:
            channel.tz_warning = channel._oms_tz_problem() or False

    def _oms_tz_problem(self):
        """Why the shop's time zone cannot be used, or ``""``."""
        self.ensure_one()
        if not self.tz:
            return _(
                "The time zone of this shop is unknown (no country with a time "
                "zone, none set): ship-by to-dos are dated in UTC unless the "
                "responsible person has a time zone."
            )
        if not known_tz(self.tz):
            return _(
                "%(tz)s is not a known time zone: ship-by to-dos are dated in "
                "UTC unless the responsible person has a time zone. Pick the "
                "shop's time zone.",
                tz=self.tz,
            )
        return ""

    def _oms_deadline_tz(self, user):
        """The time zone to date this shop's deadlines in for ``user``:
        theirs, else the shop's, else ``False`` (UTC, to be flagged)."""
        self.ensure_one()
        return known_tz(user.tz) or known_tz(self.tz)
