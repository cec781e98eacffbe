from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .. import const
from ..errors import WebstoreApiError


class OmsWebstoreCancelRequest(models.Model):
    """A web store's request to cancel an order (whole or some lines),
    which a person approves or rejects in Odoo; the answer is sent back to
    the store by webhook."""

    _name = "oms.webstore.cancel.request"
    _description = "Web Store Cancellation Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="cascade", check_company=True
    )
    channel_id = fields.Many2one(
        related="order_id.oms_channel_id", store=True, string="Shop"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    order_no = fields.Char(related="order_id.oms_external_id", string="Store Order")
    reason = fields.Text(readonly=True, help="What the store gave as the reason.")
    line_refs = fields.Json(
        readonly=True,
        help="Lines to cancel ({line id: units or null}); empty: the whole order.",
    )
    lines_summary = fields.Char(compute="_compute_lines_summary", string="Lines")
    state = fields.Selection(
        [
            ("requested", "To Answer"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        tracking=True,
        index=True,
    )
    answer = fields.Text(tracking=True, help="Sent to the store with the decision.")
    decided_by_id = fields.Many2one("res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)

    @api.depends("line_refs")
    def _compute_lines_summary(self):
        for request in self:
            refs = request.line_refs or {}
            request.lines_summary = (
                ", ".join(f"{ref} ({units or _('all')})" for ref, units in refs.items())
                if refs
                else _("Whole order")
            )

    @api.depends("order_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "Cancellation of %s", request.order_id.display_name
            )

    def _out(self):
        self.ensure_one()
        return {
            "request_id": self.id,
            "order_no": self.order_no or "",
            "status": self.state,
            "reason": self.reason or "",
            "answer": self.answer or "",
        }

    def action_approve(self):
        self._check_answerable()
        for request in self:
            # the cancellation is the store's message, imported as the
            # shop's bot (as the API does), whoever approves it
            channel = request.order_id.oms_channel_id._oms_as_bot()
            try:
                channel._webstore_cancel(
                    request.order_id.with_env(channel.env),
                    request.line_refs or {},
                    request.reason or _("Cancellation requested by the store"),
                    {"cancel_request": request.id, "approved_by": self.env.uid},
                )
            except WebstoreApiError as err:
                raise UserError(err.description["message"]) from err
            request._answer("approved")
        return True

    def action_reject(self):
        self._check_answerable()
        for request in self:
            request._answer("rejected")
        return True

    def _check_answerable(self):
        if not self.env.user.has_group("oms_base.group_oms_user"):
            raise UserError(_("Only OMS users answer cancellation requests."))
        if self.filtered(lambda r: r.state != "requested"):
            raise UserError(_("This request was already answered."))

    def _answer(self, state):
        self.ensure_one()
        self.write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "decided_at": fields.Datetime.now(),
            }
        )
        self.order_id._oms_clear_buyer_cancellation_flag()
        self.activity_ids.action_feedback(feedback=_("Answered: %s", state))
        self.order_id.oms_channel_id._webstore_queue_webhooks(
            [(const.WEBHOOK_CANCEL_REQUEST, self.order_no, self._out())]
        )
