import logging

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)


class OmsChannel(models.Model):
    _inherit = "oms.channel"  # pylint: disable=consider-merging-classes-inherited

    scorecard_count = fields.Integer(
        compute="_compute_scorecard_count", groups="oms_base.group_oms_user"
    )
    last_scorecard_fetch = fields.Datetime(
        string="Scorecard Fetched At", copy=False, readonly=True
    )

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["oms.scorecard"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        for channel in self:
            channel.scorecard_count = counts.get(channel, 0)

    @api.model
    def _cron_oms_fetch_scorecards(self):
        """Queue the scorecard fetch of every connected shop whose
        marketplace gives one."""
        shops = self.search([("state", "=", "connected")]).filtered("support_scorecard")
        for shop in shops:
            shop._oms_enqueue("_oms_sync_scorecard", key="sync_scorecard")
        _logger.info("Scorecard fetch queued for %s shop(s)", len(shops))
        return shops

    def _oms_sync_scorecard(self):
        """Job: fetch the marketplace's scorecard of this shop and store it
        for today (the platform's calendar) beside our own figures.

        A marketplace out of reach is retried by the job queue; a refusal
        fails the job (shown in the job queue and the shop's chatter).
        Lines of earlier days are never touched.
        """
        self.ensure_one()
        if not self.active or not self.support_scorecard:
            return _("%s gives no scorecard.", self.display_name)

        def work():
            metrics = self._oms_call("_oms_fetch_scorecard")
            lines = self.env["oms.scorecard"]._oms_store(
                self, metrics, self._oms_finance_today()
            )
            self.last_scorecard_fetch = fields.Datetime.now()
            return _("%s scorecard metric(s) stored", len(lines))

        return self._oms_guarded(work)

    def action_fetch_scorecard(self):
        """Queue the scorecard fetch of these shops now."""
        self._oms_check_support("support_scorecard")
        for channel in self:
            channel._oms_enqueue("_oms_sync_scorecard", key="sync_scorecard")
        return self._notify_queued(_("Scorecard fetch queued."))

    def action_view_scorecard(self):
        action = self._action_view("oms_cockpit.action_oms_scorecard")
        action["context"] = dict(
            action["context"], search_default_recent=1, search_default_group_code=1
        )
        return action
