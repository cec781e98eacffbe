from odoo import fields, models

OMS_JOB_CHANNEL_PREFIX = "root.oms."


class QueueJob(models.Model):
    _inherit = "queue.job"

    oms_requested_by_id = fields.Many2one(
        "res.users",
        string="Requested By",
        readonly=True,
        index="btree_not_null",
        help="Person whose action queued this marketplace job; told in the "
        "shop's chatter if it fails.",
    )

    def _oms_jobs(self):
        return self.filtered(
            lambda job: (job.channel or "").startswith(OMS_JOB_CHANNEL_PREFIX)
        )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") == "failed":
            # after the write: the error is stored with the state
            for job in self._oms_jobs().filtered(
                lambda j: j.model_name == "oms.channel"
            ):
                channels = self.env["oms.channel"].browse(job.records.ids).exists()
                for channel in channels:
                    channel._oms_notify_job_failed(job)
        return res

    def _message_post_on_failure(self):
        """Failed marketplace jobs (for good: retries do not come here) are
        followed by the OMS managers; the job queue only subscribes its own
        managers and the job's user, the bot."""
        oms_jobs = self._oms_jobs()
        if oms_jobs:
            managers = self.env["res.users"].search(
                [
                    ("groups_id", "=", self.env.ref("oms_base.group_oms_manager").id),
                    ("share", "=", False),
                ]
            )
            for job in oms_jobs:
                followers = managers.filtered(
                    lambda u, j=job: not j.company_id or j.company_id in u.company_ids
                )
                job.message_subscribe(partner_ids=followers.partner_id.ids)
        return super()._message_post_on_failure()
