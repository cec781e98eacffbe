import logging
import math
import re

import psycopg2
from oms_api_common import errors as api_errors
from oms_api_common import http as api_http

from odoo import _, api, models, tools
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from odoo.addons.queue_job.exception import (
    FailedJobError,
    NoSuchJobError,
    RetryableJobError,
)
from odoo.addons.queue_job.job import Job, identity_exact

from ..exceptions import (
    OmsAuthorizationLost,
    OmsAwaitingAuthorization,
    OmsMarketplaceError,
    OmsOutcomeUnknown,
)

_logger = logging.getLogger(__name__)

# Context key: the person whose action queued a job (told if it fails).
REQUESTED_BY_KEY = "oms_requested_by"
JOB_MAX_RETRIES = 15
# A person waiting on a button: seconds each call may take, and how many
# times a call is sent again (system parameters oms_base.user_call_timeout
# and oms_base.user_call_retries); jobs keep the clients' own (30 s, 2).
USER_CALL_TIMEOUT = 10.0
USER_CALL_RETRIES = 1


class OmsChannelJobs(models.AbstractModel):
    """A shop's jobs and its calls to the marketplace (``oms.channel``).

    Jobs are queued on the shop's own queue_job channel and run as its
    company's Marketplace Bot. ``_oms_call`` is the one path to a connector
    hook; it raises typed errors, which the job boundary (``_oms_guarded``)
    turns into queue_job retries and buttons and wizards
    (``_oms_call_for_user``) into a message for the person. Methods of
    ``oms.channel``, kept apart from the shop's fields, actions and hooks.
    """

    _name = "oms.channel.jobs"
    _description = "Marketplace Shop: Jobs and Calls"

    def _oms_enqueue(self, method, *args, key=None, eta=None, **kwargs):
        """Queue ``method`` on this shop's job channel.

        With ``key``, a job that is already waiting for the same shop and key
        is reused instead of queueing a second one (debounce).
        """
        self.ensure_one()
        delay_kwargs = {
            "channel": self._oms_job_channel(),
            "description": f"{self.display_name}: {method.strip('_')}",
        }
        if key:
            delay_kwargs["identity_key"] = identity_exact
        # Enough retries, spaced by the job function's retry pattern, to ride
        # out a marketplace outage of about an hour; then the job fails
        # visibly in the job queue, where a person can requeue it.
        delay_kwargs["max_retries"] = JOB_MAX_RETRIES
        if eta:
            delay_kwargs["eta"] = eta
        delayed = self._oms_as_bot().with_delay(**delay_kwargs)
        return getattr(delayed, method)(*args, **kwargs)

    def _oms_as_bot(self):
        """This shop as its jobs see it: run by its company's Marketplace
        Bot, whoever queued them, in the shop's company.

        The person who asked is remembered (context key kept in the job, so
        follow-up jobs keep it too) to be told if the job fails; crons,
        webhooks and code running as superuser are nobody's.
        """
        self.ensure_one()
        company = self.company_id
        user = self.env.user
        requested_by = self.env.context.get(REQUESTED_BY_KEY)
        if not requested_by and not self.env.su and user.active and not user.share:
            requested_by = user.id
        return self.with_user(company._oms_get_bot()).with_context(
            allowed_company_ids=company.ids, **{REQUESTED_BY_KEY: requested_by}
        )

    @api.model
    def _job_prepare_context_before_enqueue_keys(self):
        return (*super()._job_prepare_context_before_enqueue_keys(), REQUESTED_BY_KEY)

    def _job_store_values(self, job):
        vals = super()._job_store_values(job)
        vals["oms_requested_by_id"] = self.env.context.get(REQUESTED_BY_KEY) or False
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        shops = super().create(vals_list)
        # Made with the shop rather than by its first jobs, which may start
        # together in several workers.
        shops.invalidate_recordset(["job_channel_name"])
        shops._oms_create_job_channels()
        return shops

    def _oms_job_channel(self):
        """Job channel of this shop, created on first use."""
        self.ensure_one()
        name = self.job_channel_name
        # every job of every request asks: the known names are cached
        if name not in self._oms_known_job_channels():
            self._oms_create_job_channels()
        return name

    @tools.ormcache()
    def _oms_known_job_channels(self):
        """The full names of the job channels that exist (cached; a name that
        is missing here is looked up again, so a stale cache only costs a
        search)."""
        # job channels are admin data: see _oms_create_job_channels
        channels = self.env["queue.job.channel"].sudo().search([])
        return frozenset(channels.mapped("complete_name"))

    def _oms_create_job_channels(self):
        """Create the shops' job channels that do not exist yet."""
        # Job channels are technical records only admins may create; every
        # OMS user triggers jobs, so the lookup/creation runs as superuser.
        channel_model_sudo = self.env["queue.job.channel"].sudo()
        names = set(self.mapped("job_channel_name"))
        names -= set(
            channel_model_sudo.search([("complete_name", "in", list(names))]).mapped(
                "complete_name"
            )
        )
        if names:
            parent = self.env.ref("oms_base.queue_job_channel_oms")
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    channel_model_sudo.create(
                        [
                            {"name": name.rsplit(".", 1)[1], "parent_id": parent.id}
                            for name in sorted(names)
                        ]
                    )
            except psycopg2.errors.UniqueViolation:
                _logger.info("Job channels %s were created by a concurrent job", names)
        # new shops' channels, or ones made by another worker
        self.env.registry.clear_cache()

    def _oms_notify_job_failed(self, job):
        """A job of this shop failed for good (after its retries): say so in
        the shop's chatter, notifying the person who queued it."""
        self.ensure_one()
        error = job.exc_message or job.exc_name or _("unknown error")
        # A transport error may quote a signed URL: drop query strings.
        error = re.sub(r"\?\S*", "", error)[:500]
        self.message_post(
            body=_(
                "%(job)s failed: %(error)s. OMS managers find the job under "
                "OMS > Configuration > Jobs.",
                job=job.name,
                error=error,
            ),
            partner_ids=job.oms_requested_by_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _oms_job_failed(self, exc_info=None, exc_name=None, exc_message=None):
        """``on_fail`` of the shop's jobs (queue_job_data.xml).

        A job that used up its retries (a marketplace throttling or out of
        reach for the whole retry horizon) parks its shop with the reason
        and asks a person to look; its last error says what the marketplace
        answered. Other failures stay in the job queue only.
        """
        gave_up = f"{FailedJobError.__module__}.{FailedJobError.__name__}"
        if exc_name != gave_up:
            return
        tries, error = self._oms_parse_gave_up(exc_message or "")
        reason = _(
            "A job gave up after %(tries)s tries: %(error)s\nCheck the "
            "marketplace's status, then use Test Connection to resume the "
            "periodic sync.",
            tries=tries,
            error=error,
        )
        for channel in self.filtered(lambda c: c.state in ("connected", "error")):
            was_parked = channel.state == "error"
            channel.write({"state": "error", "state_reason": reason})
            if not was_parked:
                channel._oms_schedule_activity(
                    _("Shop %s stopped syncing", channel.display_name), reason
                )

    @api.model
    def _oms_parse_gave_up(self, message):
        """Split queue_job's ``Max. retries (N) reached: <error>``."""
        found = re.match(r"Max\. retries \((\d+)\) reached: (.*)", message, re.DOTALL)
        if not found:
            return JOB_MAX_RETRIES, message
        return int(found.group(1)), found.group(2)

    def _oms_call(self, method, *args, **kwargs):
        """Call ``method`` of this shop (a hook that talks to the marketplace).

        The token is refreshed before it expires, and once more when the
        marketplace says it expired. Errors are raised typed, for the caller
        to decide: ``OmsAwaitingAuthorization`` (nothing called) while the
        shop waits for a new authorization, ``OmsAuthorizationLost`` when
        the marketplace refuses its tokens for good, and the marketplace's
        own errors as they are (``oms_api_common.errors``; ``transient`` when
        trying again later may work). Jobs call it inside ``_oms_guarded``,
        buttons and wizards through ``_oms_call_for_user``.
        """
        self.ensure_one()
        if self.state == "auth_expired":
            raise OmsAwaitingAuthorization(self)
        self._oms_ensure_token()
        try:
            try:
                result = getattr(self, method)(*args, **kwargs)
            except api_errors.ApiAuthError as err:
                if not (err.token_expired and self._oms_try_refresh()):
                    raise OmsAuthorizationLost(self, err) from err
                result = getattr(self, method)(*args, **kwargs)
        except api_errors.ApiAuthError as err:
            raise OmsAuthorizationLost(self, err) from err
        if self.state == "error":
            # parked by a job that gave up: the marketplace answers again
            self.write({"state": "connected", "state_reason": False})
        return result

    def _oms_call_for_user(self, method, *args, **kwargs):
        """``_oms_call`` for a person waiting on a button or a wizard.

        Whatever goes wrong reaches them as a ``UserError`` that says it,
        never a traceback: the marketplace's refusal with its own message
        and code, or that it cannot be reached now (``OmsMarketplaceError``,
        see ``_oms_error_message``). A lost authorization is said as such;
        the caller's transaction is rolled back with it, so the shop's next
        job parks the shop.

        The calls get the short timeout and single retry of
        ``_oms_user_call_limits`` (not inside a job, which keeps its own).
        """
        self.ensure_one()
        limits = (
            {} if self.env.context.get("job_uuid") else self._oms_user_call_limits()
        )
        try:
            with api_http.call_limits(**limits):
                return self._oms_call(method, *args, **kwargs)
        except (api_errors.ApiError, RetryableJobError) as err:
            raise OmsMarketplaceError(self._oms_error_message(err), err) from err

    @api.model
    def _oms_user_call_limits(self):
        """``call_limits`` of the marketplace calls a person waits on: the
        system parameters ``oms_base.user_call_timeout`` (seconds) and
        ``oms_base.user_call_retries``."""
        # sudo: system parameters are readable by administrators only; these
        # two numbers are no secret and every OMS user presses buttons.
        params_sudo = self.env["ir.config_parameter"].sudo()
        try:
            timeout = float(
                params_sudo.get_param("oms_base.user_call_timeout") or USER_CALL_TIMEOUT
            )
            retries = int(
                params_sudo.get_param("oms_base.user_call_retries") or USER_CALL_RETRIES
            )
        except ValueError:
            _logger.warning("Invalid oms_base.user_call_* parameter: defaults used")
            timeout, retries = USER_CALL_TIMEOUT, USER_CALL_RETRIES
        return {"timeout": max(timeout, 0.1), "max_retries": max(retries, 0)}

    def _oms_api(self, name, *args, **kwargs):
        """Call the API client's ``name``; through ``_oms_call`` (or
        ``_oms_call_for_user``), as any hook, with the token refreshed."""
        return getattr(self._oms_client(), name)(*args, **kwargs)

    def _oms_error_message(self, error):
        """What a person reads when a call of this shop failed: what the
        marketplace answered (message, code, request), that it cannot be
        reached now, or the text of a ``UserError``."""
        self.ensure_one()
        if isinstance(error, UserError):
            return error.args[0]
        if isinstance(error, api_errors.ApiOutcomeUnknownError):
            return _(
                "%(shop)s: the marketplace did not answer, it cannot be reached "
                "or is too slow (%(error)s). It may have done it already: check "
                "on the marketplace before trying again.",
                shop=self.display_name,
                error=error.cause if hasattr(error, "cause") else error,
            )
        if isinstance(error, api_errors.ApiError) and error.transient:
            return _(
                "%(problem)s Try again shortly.",
                problem=self._oms_transient_message(error),
            )
        if isinstance(error, RetryableJobError):
            return _("%(problem)s Try again shortly.", problem=error)
        if not isinstance(error, api_errors.ApiError):
            return str(error)
        message = _(
            "%(platform)s refused: %(message)s",
            platform=self._oms_platform_label(self.platform),
            message=error.message or type(error).__name__,
        )
        references = []
        if error.code not in (None, ""):
            references.append(_("code %s", error.code))
        if error.request_id:
            references.append(_("request %s", error.request_id))
        if references:
            message = f"{message} ({', '.join(references)})"
        return "\n".join([message, *error.details])

    def _oms_transient_message(self, err):
        if isinstance(err, api_errors.ApiRateLimitError):
            return _(
                "%(shop)s: the marketplace limits the call rate (%(error)s).",
                shop=self.display_name,
                error=err,
            )
        return _(
            "%(shop)s: the marketplace cannot be reached (%(error)s).",
            shop=self.display_name,
            error=err,
        )

    def _oms_retry_delay(self, err):
        """Seconds the running job waits before retrying after ``err``.

        Never less than the ban the marketplace announced, nor than the
        job's retry pattern for this attempt: short bans alone would burn
        every retry in minutes, while the pattern spreads them over the
        horizon a marketplace throttling or outage can last.
        """
        ban = math.ceil(float(err.retry_after)) + 1 if err.retry_after else None
        job_uuid = self.env.context.get("job_uuid")
        if not job_uuid:
            return ban
        try:
            job = Job.load(self.env, job_uuid)
        except NoSuchJobError:
            return ban
        # perform() counts this attempt before the pattern is read
        job.retry += 1
        return max(ban or 0, job._get_retry_seconds())

    def _oms_guarded(self, work):
        """Run a job's ``work()``: the job boundary of the shop's calls.

        A lost authorization parks the shop: the work is rolled back to a
        savepoint and the shop's state is saved with the job, instead of the
        whole job failing (and rolling back the state too) again and again.
        A marketplace that is busy or down becomes a queue_job retry, spaced
        as ``_oms_retry_delay`` says; a shop waiting for its authorization a
        retry that uses no try. A change the marketplace did not answer
        fails the job with a message to check it before requeuing
        (``OmsOutcomeUnknown``). Other errors fail the job.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                return work()
        except OmsAuthorizationLost as lost:
            self._oms_set_state_from_error(lost.error)
            return _("Waiting for a new authorization: %s", lost.error)
        except OmsAwaitingAuthorization as err:
            raise RetryableJobError(
                err.args[0], seconds=900, ignore_retry=True
            ) from err
        except api_errors.ApiOutcomeUnknownError as err:
            raise OmsOutcomeUnknown(self._oms_error_message(err), err) from err
        except api_errors.ApiError as err:
            if not err.transient:
                raise
            raise RetryableJobError(
                self._oms_transient_message(err), seconds=self._oms_retry_delay(err)
            ) from err

    def _oms_run_hook(self, hook, *args):
        """Job: call a shop-level hook (e.g. import listings) through ``_oms_call``."""
        self.ensure_one()
        return self._oms_guarded(lambda: self._oms_call(hook, *args))

    def _oms_run_listing_hook(self, hook, binding_ids, *args):
        """Job: call a listing hook (price, update, delete, activate) on bindings."""
        self.ensure_one()
        bindings = self.env["oms.product.binding"].browse(binding_ids).exists()
        if not bindings:
            return _("The listings no longer exist.")
        return self._oms_guarded(lambda: self._oms_call(hook, bindings, *args))

    def _oms_report_partial(self, records, title, errors):
        """Part of a batch was accepted by the marketplace: note the rest.

        Raising would roll back what the marketplace already did, so the
        failures become a chatter note and a to-do activity instead.
        """
        message = "\n".join(errors)
        for record in records:
            record.message_post(
                body=_("%(title)s: %(message)s", title=title, message=message)
            )
        records[:1].activity_schedule(
            "oms_base.mail_activity_oms_attention",
            summary=title,
            note=message,
            user_id=self._oms_responsible().id,
        )
