import os
from dataclasses import dataclass
from datetime import timedelta

from oms_api_common import errors as api_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .. import normalized

# Imported from here by the connectors and other modules.
from ..exceptions import OmsAuthorizationLost  # noqa: F401
from ..notify import notification

MANAGER_GROUP = "oms_base.group_oms_manager"
USER_GROUP = "oms_base.group_oms_user"


@dataclass(frozen=True)
class PlatformDefaults:
    """What a connector declares once of its platform, as the class
    attribute ``_oms_platform_defaults`` of its ``oms.channel``; the shop's
    API URL and country follow from it.

    - ``region_field``: the connector's field of the shop's market (Lazada
      venture, Shopee or TikTok region), ``default_region`` when it is empty;
    - ``production_url``: the API's base URL, or a dict of them per market;
    - ``sandbox_url``: the bundled sandbox's.
    """

    code: str
    region_field: str = ""
    default_region: str = ""
    production_url: str | dict = ""
    sandbox_url: str = ""


def _region_depends(model):
    """``@api.depends`` of the country: the region fields the installed
    connectors declare."""
    return ("platform", *model._oms_region_fields())


def _api_url_depends(model):
    """``@api.depends`` of the API URL: the region fields of the platforms
    whose URL differs by market (a region change elsewhere keeps the URL)."""
    return ("platform", "environment", *model._oms_region_fields(per_market=True))


# What a platform may offer (see _compute_feature_support_fields).
FEATURES = (
    "support_listing_import",
    "support_listing_create",
    "support_listing_update",
    "support_listing_delete",
    "support_listing_activation",
    "support_price_push",
    "support_order_cancel",
    "support_partial_cancel",
    "support_buyer_cancellation",
    "support_returns",
    "support_return_decisions",
    "support_return_dispute",
    "support_return_partial_refund",
    "support_finance",
    "support_fulfilment",
    "support_labels",
    "support_order_split",
    "support_logistics_channels",
    "support_scorecard",
)


class OmsChannel(models.Model):
    """A shop on a marketplace.

    Connectors plug in like payment providers do: they add their code to
    ``platform`` and override the ``_oms_*`` hooks at the end of this
    class, each override starting with
    ``if self.platform != '<code>': return super()...``. The hooks:

    - client and defaults: ``_oms_client``, ``_compute_feature_support_fields``
      (what the platform offers, ``support_*``); the market field and the
      API URLs are data, declared once as ``_oms_platform_defaults`` (a
      ``PlatformDefaults``) and read by ``_oms_default_api_url``,
      ``_oms_default_country`` and ``_oms_region``
    - authorization: ``_oms_test_connection``, ``_oms_authorize_url``,
      ``_oms_exchange_code``, ``_oms_refresh_token`` (both map the
      marketplace's answer to a ``normalized.TokenPair`` and hand it to
      ``_oms_store_tokens``; a refresh reads ``_oms_stored_refresh_token``)
    - orders: ``_oms_fetch_order_pages``, ``_oms_fetch_order``,
      ``_oms_fetch_orders``, ``_oms_order_events_to_batch``,
      ``_oms_map_orders``
    - pushes: ``_oms_webhook_verify``, ``_oms_webhook_parse`` (events of
      the neutral kinds of ``oms.event``, mapped from the platform's push
      types by ``PUSH_KINDS`` in its ``const.py``), ``_oms_webhook_channel``,
      ``_oms_process_event``
    - stock and prices: ``_oms_stock_batch_size``,
      ``_oms_push_stock_batch``, ``_oms_push_price_batch``
    - listings: ``_oms_import_listings``, ``_oms_fetch_categories``
      (``oms.marketplace.category``), and for the listing wizard
      (``oms.listing.wizard``, one for create and update)
      ``_oms_listing_attributes``, ``_oms_listing_read``,
      ``_oms_listing_upload_image``, ``_oms_listing_image_required``,
      ``_oms_listing_find``, ``_oms_listing_create``,
      ``_oms_listing_update``; on bindings
      ``_oms_listing_delete``, ``_oms_listing_set_active``. Listings
      travel as ``normalized.Listing``.
    - cancellation: ``_oms_get_cancel_reasons``, ``_oms_cancel_order``,
      ``_oms_cancel_order_lines``
    - fulfilment: ``_oms_pack``, ``_oms_ready_to_ship``, ``_oms_get_labels``,
      ``_oms_split_order``, ``_oms_labels_need_ready_to_ship``,
      ``_oms_fetch_logistics_channels``
    - scorecard: ``_oms_fetch_scorecard`` (the platform's own seller
      metrics, as ``normalized.ScorecardMetric``)
    - finance and returns: ``_oms_fetch_settlements``,
      ``_oms_map_settlements``, ``_oms_finance_tz`` (the calendar the
      platform dates statements in), ``_oms_fee_base`` (what a fee rate
      applies to), ``_oms_fetch_returns`` (``normalized.Return``
      objects, handed to ``_oms_import_returns``, which the returns module
      overrides), ``_oms_fetch_return`` (one return a push names)
    - installation: the connector's ``post_init_hook`` and
      ``uninstall_hook`` call ``oms_base.setup_platform`` and
      ``oms_base.reset_platform`` (``_oms_setup_platform``,
      ``_oms_reset_platform``)

    What runs around the hooks is in the abstract models this one
    inherits, one concern each: ``oms.channel.jobs`` (queueing, and
    ``_oms_call``, the one path to a hook: inside ``_oms_guarded`` for a
    job, through ``_oms_call_for_user`` for a button), ``oms.channel.token``,
    ``oms.channel.sync`` (pulls and event processing),
    ``oms.channel.webhook`` (push intake), ``oms.channel.stock`` and
    ``oms.channel.price`` (the publishers).
    """

    _name = "oms.channel"
    _description = "Marketplace Shop"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "oms.channel.jobs",
        "oms.channel.token",
        "oms.channel.sync",
        "oms.channel.webhook",
        "oms.channel.stock",
        "oms.channel.price",
    ]
    _order = "sequence, name"
    _check_company_auto = True
    # A connector's PlatformDefaults (oms_base has no platform of its own).
    _oms_platform_defaults = None

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    platform = fields.Selection(
        selection=[("none", "No Platform Set")],
        default="none",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    country_id = fields.Many2one(
        "res.country",
        compute="_compute_country_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Country of the shop, used to normalize buyers' phone numbers.",
    )
    environment = fields.Selection(
        [("sandbox", "Sandbox"), ("production", "Production")],
        default="sandbox",
        required=True,
        tracking=True,
        help="Sandbox talks to the bundled marketplace emulator; production to "
        "the real marketplace. Only the URL and credentials differ.",
    )
    api_url = fields.Char(
        string="API Base URL",
        compute="_compute_api_url",
        store=True,
        readonly=False,
        precompute=True,
        help="Base URL of the marketplace's API gateway for this shop, filled "
        "from the platform and the environment.",
    )
    external_shop_id = fields.Char(
        string="Marketplace Shop ID", copy=False, tracking=True, index=True
    )
    state = fields.Selection(
        [
            ("draft", "Not Connected"),
            ("connected", "Connected"),
            ("auth_expired", "Authorization Expired"),
            ("error", "Error"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    state_reason = fields.Text(copy=False, readonly=True)
    uninstalled_platform = fields.Char(
        copy=False,
        readonly=True,
        help="Platform of the connector whose uninstallation disconnected "
        "this shop; installing the connector again gives it back.",
    )

    # Credentials: manager-only, never copied, blanked by neutralize.sql.
    access_token = fields.Char(copy=False, groups=MANAGER_GROUP)
    refresh_token = fields.Char(copy=False, groups=MANAGER_GROUP)
    token_expires_at = fields.Datetime(copy=False, readonly=True)
    refresh_expires_at = fields.Datetime(copy=False, readonly=True)
    token_refresh_margin = fields.Integer(
        string="Refresh Margin (min)",
        default=60,
        help="Tokens are refreshed this many minutes before they expire.",
    )

    # Fulfilment and sales
    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Fulfilling Warehouses",
        check_company=True,
        compute="_compute_warehouse_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="Warehouses whose free stock is published and which ship this "
        "shop's orders. The first one is used for new orders.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self._default_user_id(),
        domain=[("share", "=", False)],
        help="Salesperson of imported orders; the shop's to-dos (orders "
        "needing attention, lost authorization) are assigned to this person.",
    )
    sale_tax_ids = fields.Many2many(
        "account.tax",
        string="Sale Taxes",
        domain=[("type_tax_use", "=", "sale")],
        check_company=True,
        help="Taxes put on imported order lines. Marketplace prices include "
        "tax, so use price-included taxes.",
    )
    marketplace_partner_id = fields.Many2one(
        "res.partner",
        help="The marketplace company that collects buyers' payments and pays "
        "the shop out.",
    )
    auto_confirm = fields.Boolean(
        default=True, help="Confirm paid orders on import, which reserves stock."
    )

    # Order sync
    order_sync_enabled = fields.Boolean(string="Sync Orders", default=True)
    order_sync_cursor = fields.Datetime(
        copy=False,
        help="Orders updated since this time are pulled at the next sync.",
    )
    order_sync_overlap = fields.Integer(
        string="Overlap (min)",
        default=10,
        help="Each pull starts this many minutes before the cursor so that "
        "orders updated during the previous pull are not missed.",
    )
    order_sync_initial_days = fields.Integer(string="First Pull (days)", default=3)
    last_order_sync = fields.Datetime(copy=False, readonly=True)
    returns_sync_cursor = fields.Datetime(
        copy=False, help="Returns updated since this time are fetched next."
    )

    # Stock rule
    stock_sync_enabled = fields.Boolean(string="Push Stock", default=True)
    stock_buffer = fields.Float(
        string="Buffer",
        help="Quantity kept back from the marketplace for each SKU.",
    )
    stock_percentage = fields.Float(
        string="Share (%)",
        default=100.0,
        help="Share of the free quantity (after the buffer) offered here.",
    )
    stock_max_qty = fields.Float(
        string="Maximum",
        help="Never publish more than this per SKU; 0 means no maximum.",
    )
    stock_push_delay = fields.Integer(
        string="Debounce (s)",
        default=20,
        help="Stock changes are collected for this many seconds before one "
        "batched push.",
    )
    last_stock_push = fields.Datetime(copy=False, readonly=True)

    binding_ids = fields.One2many("oms.product.binding", "channel_id")
    logistics_channel_ids = fields.One2many(
        "oms.logistics.channel", "channel_id", string="Logistics Channels"
    )
    # Listings and events are the OMS users': an accountant opening the
    # shop (from a settlement) reads it without them.
    binding_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    order_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    attention_order_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    failed_event_count = fields.Integer(compute="_compute_counts", groups=USER_GROUP)
    job_channel_name = fields.Char(compute="_compute_job_channel_name")
    webhook_url = fields.Char(compute="_compute_webhook_url")

    # What the platform offers, set by its connector: views show only that.
    support_listing_import = fields.Boolean(
        string="Listing Import", compute="_compute_feature_support_fields"
    )
    support_listing_create = fields.Boolean(
        string="Listing Creation", compute="_compute_feature_support_fields"
    )
    support_listing_update = fields.Boolean(
        string="Listing Update",
        compute="_compute_feature_support_fields",
        help="Send a listing's content (name, description...) from Odoo.",
    )
    support_listing_delete = fields.Boolean(
        string="Listing Deletion", compute="_compute_feature_support_fields"
    )
    support_listing_activation = fields.Boolean(
        string="Listing Activation",
        compute="_compute_feature_support_fields",
        help="Activate and deactivate listings from Odoo.",
    )
    support_price_push = fields.Boolean(
        string="Price Push", compute="_compute_feature_support_fields"
    )
    support_order_cancel = fields.Boolean(
        string="Order Cancellation",
        compute="_compute_feature_support_fields",
        help="Cancel an order on the marketplace from Odoo, with a reason.",
    )
    support_partial_cancel = fields.Boolean(
        string="Partial Cancellation",
        compute="_compute_feature_support_fields",
        help="Cancel some items of an order, not only all of it.",
    )
    support_buyer_cancellation = fields.Boolean(
        string="Buyer Cancellation Requests",
        compute="_compute_feature_support_fields",
        help="Buyers ask to cancel; the seller accepts or rejects from Odoo.",
    )
    support_returns = fields.Boolean(
        string="Returns", compute="_compute_feature_support_fields"
    )
    support_return_decisions = fields.Boolean(
        string="Return Decisions",
        compute="_compute_feature_support_fields",
        help="Approve or reject a buyer's return and confirm its receipt and "
        "refund from Odoo.",
    )
    support_return_dispute = fields.Boolean(
        string="Return Disputes",
        compute="_compute_feature_support_fields",
        help="Dispute a return with the marketplace from Odoo.",
    )
    support_return_partial_refund = fields.Boolean(
        string="Partial Refund Offers",
        compute="_compute_feature_support_fields",
        help="Offer the buyer part of the refund from Odoo.",
    )
    support_finance = fields.Boolean(
        string="Finance",
        compute="_compute_feature_support_fields",
        help="Statements and payouts fetched for the settlements.",
    )
    support_fulfilment = fields.Boolean(
        string="Marketplace Fulfilment",
        compute="_compute_feature_support_fields",
        help="Pack and hand over to the marketplace's carrier from Odoo.",
    )
    support_labels = fields.Boolean(
        string="Shipping Labels",
        compute="_compute_feature_support_fields",
        help="The carrier labels (AWB) come from the marketplace.",
    )
    support_order_split = fields.Boolean(
        string="Split Shipments",
        compute="_compute_feature_support_fields",
        help="One order can ship in several packages, each with its own "
        "label (from several warehouses).",
    )
    support_order_pull = fields.Boolean(
        string="Order Pull",
        compute="_compute_feature_support_fields",
        help="Orders are also pulled from the platform every few minutes "
        "(not where the platform only pushes them to Odoo).",
    )
    support_logistics_channels = fields.Boolean(
        string="Marketplace Logistics Channels",
        compute="_compute_feature_support_fields",
        help="The marketplace lists the shop's logistics channels and what "
        "kind of delivery each is.",
    )
    support_scorecard = fields.Boolean(
        string="Marketplace Scorecard",
        compute="_compute_feature_support_fields",
        help="The marketplace gives the shop's own performance metrics "
        "(ship on time, ratings...) through its API.",
    )

    _sql_constraints = [
        (
            "stock_percentage_range",
            "CHECK(stock_percentage >= 0 AND stock_percentage <= 100)",
            "The stock share must be between 0 and 100%.",
        ),
    ]

    @api.model
    def _default_user_id(self):
        # The creating person, not the superuser or a bot (both archived).
        user = self.env.user
        return user if user.active and not user.share else False

    @api.constrains("stock_buffer", "stock_max_qty")
    def _check_stock_rule(self):
        for channel in self:
            if channel.stock_buffer < 0 or channel.stock_max_qty < 0:
                raise ValidationError(_("Buffer and maximum cannot be negative."))

    def _compute_counts(self):
        binding_data = dict(
            self.env["oms.product.binding"]._read_group(
                [("channel_id", "in", self.ids)], ["channel_id"], ["__count"]
            )
        )
        order_data = {
            (channel, attention): count
            for channel, attention, count in self.env["sale.order"]._read_group(
                [("oms_channel_id", "in", self.ids)],
                ["oms_channel_id", "oms_needs_attention"],
                ["__count"],
            )
        }
        event_data = dict(
            self.env["oms.event"]._read_group(
                [("channel_id", "in", self.ids), ("state", "=", "failed")],
                ["channel_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.binding_count = binding_data.get(channel, 0)
            attention = order_data.get((channel, True), 0)
            channel.attention_order_count = attention
            channel.order_count = attention + order_data.get((channel, False), 0)
            channel.failed_event_count = event_data.get(channel, 0)

    @api.depends(_api_url_depends)
    def _compute_api_url(self):
        for channel in self:
            channel.api_url = channel._oms_default_api_url() or channel.api_url

    @api.depends("company_id")
    def _compute_warehouse_ids(self):
        to_fill = self.filtered(
            lambda c: not c.warehouse_ids or c.warehouse_ids.company_id != c.company_id
        )
        for company in to_fill.company_id:
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )
            to_fill.filtered(
                lambda c, co=company: c.company_id == co
            ).warehouse_ids = warehouse

    @api.depends(_region_depends)
    def _compute_country_id(self):
        for channel in self:
            channel.country_id = (
                channel._oms_default_country()
                or channel.country_id
                or channel.company_id.country_id
                or self.env.company.country_id
            )

    @api.depends("platform")
    def _compute_job_channel_name(self):
        # One queue_job channel per shop caps concurrency per marketplace shop.
        for channel in self:
            channel.job_channel_name = (
                f"root.oms.{channel.platform}_{channel.id or 'new'}"
            )

    @api.depends("platform")
    def _compute_webhook_url(self):
        for channel in self:
            # get_base_url() takes one record (website answers per record).
            base_url = channel.get_base_url()
            channel.webhook_url = (
                f"{base_url}/oms/webhook/{channel.platform}/{channel.id}"
                if channel.id
                else False
            )

    @api.depends("platform")
    def _compute_feature_support_fields(self):
        """Compute what the shop's platform offers (``support_*`` fields).

        Everything is off by default. For a connector to offer a feature, it
        must override this method, set the feature's field on the shops of
        its platform and implement the hooks the feature calls:

        - ``support_listing_import``: ``_oms_import_listings``
        - ``support_listing_create``: ``_oms_listing_attributes``,
          ``_oms_listing_upload_image``, ``_oms_listing_find``,
          ``_oms_listing_create`` (and ``_oms_fetch_categories``)
        - ``support_listing_update``: ``_oms_listing_read``,
          ``_oms_listing_update``
        - ``support_listing_delete``: ``_oms_listing_delete``
        - ``support_listing_activation``: ``_oms_listing_set_active``
        - ``support_price_push``: ``_oms_push_price_batch``
        - ``support_order_cancel``: ``_oms_get_cancel_reasons``,
          ``_oms_cancel_order``
        - ``support_partial_cancel``: ``_oms_cancel_order_lines``
        - ``support_buyer_cancellation``: the connector's answer to a
          buyer's cancellation request
        - ``support_returns``: ``_oms_fetch_returns``
        - ``support_return_decisions``: ``_oms_get_return_reasons``,
          ``_oms_return_decide`` (approve, reject, receive, refund),
          ``_oms_return_needs_receipt``
        - ``support_return_dispute``: ``_oms_return_decide`` (dispute)
        - ``support_return_partial_refund``: ``_oms_return_decide`` (offer)
        - ``support_finance``: ``_oms_fetch_settlements``,
          ``_oms_map_settlements``
        - ``support_fulfilment``: ``_oms_pack``, ``_oms_ready_to_ship``
        - ``support_labels``: ``_oms_get_labels``
        - ``support_order_split``: ``_oms_split_order``
        - ``support_logistics_channels``: ``_oms_fetch_logistics_channels``
        - ``support_scorecard``: ``_oms_fetch_scorecard``

        One flag is on by default, as every shop can pull its orders
        (``_oms_fetch_order_pages``): ``support_order_pull``; a platform
        whose orders only come pushed switches it off, and the shop's order
        pull is then neither scheduled nor offered.
        """
        self.update(dict.fromkeys(FEATURES, False))
        self.update({"support_order_pull": True})

    def _oms_check_support(self, feature):
        """Refuse, saying why, what the platform of one of these shops does
        not offer (``feature``: a ``support_*`` field)."""
        message = self._oms_unsupported_message(feature)
        if message:
            raise UserError(message)

    def _oms_unsupported_message(self, feature):
        """Why ``feature`` is not available for some of these shops, or None."""
        unsupported = self.filtered(lambda channel: not channel[feature])
        if not unsupported:
            return None
        platform = unsupported[0].platform
        return _(
            "%(feature)s is not available for %(platform)s shops (%(shops)s).",
            feature=self._fields[feature]._description_string(self.env),
            platform=self._oms_platform_label(platform)
            if platform != "none"
            else _("unconnected"),
            shops=", ".join(unsupported.mapped("display_name")),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_test_connection(self):
        self.ensure_one()
        self._check_manager()
        try:
            message = self._oms_test_connection()
        except api_errors.ApiError as err:
            self._oms_set_state_from_error(err)
            raise UserError(_("Connection failed: %s", err)) from err
        self.write({"state": "connected", "state_reason": False})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Connection works"),
                "message": message or _("The marketplace answered."),
                "type": "success",
                "sticky": False,
            },
        }

    def action_authorize(self):
        """Open the marketplace page where the seller authorizes this shop."""
        self.ensure_one()
        self._check_manager()
        redirect_uri = f"{self.get_base_url()}/oms/oauth/{self.platform}/callback"
        return {
            "type": "ir.actions.act_url",
            "url": self._oms_authorize_url(redirect_uri, self._oms_oauth_state()),
            "target": "self",
        }

    def action_sync_orders(self):
        self._oms_check_support("support_order_pull")
        now = fields.Datetime.now()
        for channel in self:
            job = channel._oms_enqueue("_oms_sync_orders", key="sync_orders")
            # A pull waiting out a back-off shares the key and took this
            # request in: a person asking now gets it now, with fresh retries
            # (still one pull, so nothing is imported twice).
            record = job if isinstance(job, models.BaseModel) else job.db_record()
            # queue jobs are technical records only queue managers may write
            record = record.sudo()
            if record.state == "pending" and record.eta and record.eta > now:
                record.write({"eta": False, "retry": 0})
        return self._notify_queued(_("Order sync queued."))

    def action_push_stock(self):
        bindings = self.env["oms.product.binding"].search(
            [("channel_id", "in", self.ids), ("active", "=", True)]
        )
        bindings.write({"stock_dirty": True})
        for channel in self:
            channel._oms_enqueue("_oms_push_stock", key="push_stock")
        return self._notify_queued(_("Stock push queued."))

    def action_import_listings(self):
        for channel in self:
            channel._oms_enqueue(
                "_oms_run_hook", "_oms_import_listings", key="import_listings"
            )
        return self._notify_queued(_("Listing import queued."))

    def action_sync_finance(self):
        self._check_manager()
        today = fields.Date.context_today(self)
        for channel in self:
            channel._oms_enqueue(
                "_oms_sync_finance", str(today - timedelta(days=14)), str(today)
            )
        return self._notify_queued(_("Finance sync queued."))

    def action_sync_logistics_channels(self):
        """Read the shop's logistics channels from the marketplace now."""
        self._check_manager()
        self._oms_check_support("support_logistics_channels")
        for channel in self:
            values_list = channel._oms_call_for_user("_oms_fetch_logistics_channels")
            self.env["oms.logistics.channel"]._oms_sync(channel, values_list)
        return notification(
            _("Logistics channels"),
            _("Logistics channels updated from the marketplace."),
        )

    def action_view_bindings(self):
        return self._action_view("oms_base.action_oms_product_binding")

    def action_view_orders(self):
        return self._action_view("oms_base.action_oms_sale_order", "oms_channel_id")

    def action_create_listing(self):
        """Open the listing wizard for this shop (the product is chosen there)."""
        self.ensure_one()
        self._check_manager()
        self._oms_check_support("support_listing_create")
        return {
            "type": "ir.actions.act_window",
            "name": _("Create Listing"),
            "res_model": "oms.listing.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_channel_id": self.id},
        }

    def action_view_attention_orders(self):
        action = self.action_view_orders()
        action["domain"] = action["domain"] + [("oms_needs_attention", "=", True)]
        return action

    def action_view_failed_events(self):
        action = self._action_view("oms_base.action_oms_event")
        action["domain"] = action["domain"] + [("state", "=", "failed")]
        return action

    def _action_view(self, xmlid, field_name="channel_id"):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [(field_name, "in", self.ids)]
        action["context"] = {"default_" + field_name: self[:1].id}
        return action

    def _notify_queued(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "info", "sticky": False},
        }

    def _oms_demo_point_to_sandbox_host(self):
        """Demo data: reach the sandboxes on ``$OMS_SANDBOX_HOST`` if set.

        The demo shops point at 127.0.0.1; in docker compose the sandboxes
        run in their own container, named by that variable.
        """
        host = os.environ.get("OMS_SANDBOX_HOST")
        if not host:
            return
        for channel in self.sudo():
            updates = {}
            for name, field in channel._fields.items():
                if name.endswith("url") and field.type == "char" and field.store:
                    value = channel[name]
                    if value and "127.0.0.1" in value:
                        updates[name] = value.replace("127.0.0.1", host)
            channel.write(updates)

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP) and not self.env.su:
            raise UserError(_("Only OMS managers can do this."))

    def _oms_responsible(self):
        """Who this shop's to-dos go to: its responsible, else a manager."""
        self.ensure_one()
        if self.user_id.active and not self.user_id.share:
            return self.user_id
        # Jobs run as the bot, which may not read other users' companies.
        managers = (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .users.filtered(lambda u: not u.share and self.company_id in u.company_ids)
        )
        return self.env["res.users"].browse(managers[:1].ids) or self.env.user

    def _oms_schedule_activity(self, summary, note):
        self.activity_schedule(
            "oms_base.mail_activity_oms_attention",
            summary=summary,
            note=note,
            user_id=self._oms_responsible().id,
        )

    # ------------------------------------------------------------------
    # Connector installation (the connectors' post-init and uninstall hooks)
    # ------------------------------------------------------------------

    @api.model
    def _oms_setup_platform(self, code):
        """Set up the shops of platform ``code`` once its connector is
        installed (``oms_base.setup_platform`` in its post-init hook).

        Shops an earlier uninstallation of the connector disconnected get
        their platform back, still archived and not connected: their
        credentials went with the connector.
        """
        # Archived shops, whoever installs the module.
        channels_sudo = (
            self.sudo()
            .with_context(active_test=False)
            .search([("uninstalled_platform", "=", code)])
        )
        channels_sudo.write(
            {"platform": code, "uninstalled_platform": False, "state_reason": False}
        )
        # Data of the connector (demo shops) may have reconnected some.
        channels_sudo.filtered(lambda c: c.state == "draft").state_reason = _(
            "The %(platform)s connector is installed again: enter the shop's "
            "credentials, authorize it, then unarchive it.",
            platform=self._oms_platform_label(code),
        )

    @api.model
    def _oms_reset_platform(self, code):
        """Disconnect the shops of platform ``code`` before its connector
        goes (``oms_base.reset_platform`` in its uninstall hook).

        Each is archived with its tokens blanked and the reason, its waiting
        jobs cancelled; its orders, listings and settlements stay. The
        connector's own fields (credentials) go with the connector.
        """
        # Every shop, archived or not, and their jobs: technical cleanup.
        channels_sudo = (
            self.sudo()
            .with_context(active_test=False)
            .search([("platform", "=", code)])
        )
        if not channels_sudo:
            return
        reason = _(
            "The %(platform)s connector was uninstalled: the shop is "
            "disconnected and archived. Install the connector again to "
            "reconnect it.",
            platform=self._oms_platform_label(code),
        )
        self.env["queue.job"].sudo().search(
            [
                ("channel", "in", channels_sudo.mapped("job_channel_name")),
                ("state", "in", ("wait_dependencies", "pending", "enqueued")),
            ]
        ).button_cancelled()
        channels_sudo.write(
            {
                "platform": "none",
                "uninstalled_platform": code,
                "active": False,
                "state": "draft",
                "state_reason": reason,
                "access_token": False,
                "refresh_token": False,
                "token_expires_at": False,
                "refresh_expires_at": False,
            }
        )

    @api.model
    def _oms_platform_label(self, code):
        """The name of platform ``code`` (``platform`` selection)."""
        selection = self._fields["platform"]._description_selection(self.env)
        return dict(selection).get(code, code)

    # ------------------------------------------------------------------
    # Helpers of the connectors' hooks
    # ------------------------------------------------------------------

    def _oms_by_environment(self, production, sandbox):
        """``production`` for a production shop, else ``sandbox`` (URLs)."""
        return production if self.environment == "production" else sandbox

    @api.model
    def _oms_order_pages(self, order_ids, size, fetch_details):
        """Pages ``{"orders": [...]}`` of the details of ``order_ids``,
        ``fetch_details(ids)`` called with ``size`` of them at a time (what
        ``_oms_fetch_order_pages`` returns)."""
        return [
            {"orders": fetch_details(order_ids[start : start + size])}
            for start in range(0, len(order_ids), size)
        ]

    def _oms_market_country(self, code):
        """The country of a marketplace's market code (``MY``, ``sg``...)."""
        return self.env.ref(f"base.{code.lower()}", False) if code else False

    def _oms_credentials(self, *field_names):
        """This shop as superuser, to sign its calls with the app
        credentials ``field_names``; refused, naming them, when one is empty.

        Credentials are manager-only fields, and the jobs of any OMS user
        sign the calls they make for the shop with them.
        """
        self.ensure_one()
        channel_sudo = self.sudo()
        missing = [name for name in field_names if not channel_sudo[name]]
        if missing:
            raise UserError(
                _(
                    "Set the %(fields)s of shop %(shop)s.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in missing
                    ),
                    shop=self.display_name,
                )
            )
        return channel_sudo

    # ------------------------------------------------------------------
    # Connector hooks (neutral defaults)
    # ------------------------------------------------------------------

    def _oms_client(self):
        """Return this shop's API client.

        For a connector to talk to its marketplace, it must override this
        method and return a configured client of its ``<platform>_api``.
        """
        self.ensure_one()
        raise UserError(
            _("Shop %s has no marketplace connector installed.", self.display_name)
        )

    @api.model
    def _oms_platforms(self):
        """``{code: PlatformDefaults}`` of the installed connectors."""
        return {
            defaults.code: defaults
            for cls in type(self).__mro__
            if (defaults := vars(cls).get("_oms_platform_defaults"))
        }

    @api.model
    def _oms_region_fields(self, per_market=False):
        """The connectors' region fields (``per_market``: only those of
        platforms with one API URL per market)."""
        return [
            d.region_field
            for d in self._oms_platforms().values()
            if d.region_field and (not per_market or isinstance(d.production_url, dict))
        ]

    def _oms_region(self):
        """The market code of the shop (its connector's region field, else
        the platform's default market), or ``""``."""
        self.ensure_one()
        defaults = self._oms_platforms().get(self.platform)
        if not defaults or not defaults.region_field:
            return ""
        return self[defaults.region_field] or defaults.default_region

    def _oms_default_api_url(self):
        """API URL for this shop's platform, environment and market (the
        bundled sandbox outside production), or False to keep what the user
        typed; from the connector's ``_oms_platform_defaults``."""
        self.ensure_one()
        defaults = self._oms_platforms().get(self.platform)
        if not defaults:
            return False
        production = defaults.production_url
        if isinstance(production, dict):
            production = production.get(self._oms_region())
        return self._oms_by_environment(production, defaults.sandbox_url) or False

    def _oms_default_country(self):
        """Country of the shop's market (venture, region), or False."""
        self.ensure_one()
        return self._oms_market_country(self._oms_region())

    def _oms_test_connection(self):
        """Check the credentials against the marketplace.

        For a connector to support connection tests, it must override this
        method and return a short message describing the shop it reached.
        """
        self.ensure_one()
        raise UserError(_("No marketplace connector for shop %s.", self.display_name))

    def _oms_authorize_url(self, redirect_uri, state):
        """Return the marketplace page where the seller authorizes the app."""
        raise UserError(_("This platform has no authorization flow."))

    def _oms_exchange_code(self, code, **params):
        """Exchange an authorization code for tokens and store them.

        For a connector to support authorization, it must override this
        method: trade ``code`` with the marketplace, map the answer to a
        ``normalized.TokenPair`` and pass it to ``_oms_store_tokens``.
        """
        raise UserError(_("This platform has no authorization flow."))

    def _oms_refresh_token(self):
        """Refresh the access token and store the new pair.

        Connectors override this: trade ``_oms_stored_refresh_token()`` for
        a new ``normalized.TokenPair`` and pass it to ``_oms_store_tokens``;
        the default has nothing to refresh. It is
        called through ``_oms_refresh_committed``, in a transaction of its
        own that commits the new pair whatever happens to the caller's.
        """
        return False

    def _oms_fetch_order_pages(self, since, until):
        """Return the raw pages of orders updated in ``[since, until]``.

        Each page is a JSON-serializable dict holding complete orders (with
        their lines) that ``_oms_map_orders`` understands. It is stored as an
        ``oms.event`` before it is processed.
        """
        return []

    def _oms_fetch_order(self, external_id):
        """Return the raw payload of one order, as ``_oms_map_orders`` takes it."""
        raise UserError(_("This platform cannot fetch a single order."))

    def _oms_fetch_orders(self, external_ids):
        """Return the raw payload of several orders, fetched together.

        ``None`` (the default) when the platform has no batch fetch: each
        order push is then processed on its own with ``_oms_fetch_order``.
        """

    def _oms_order_events_to_batch(self, events):
        """The order pushes among ``events`` that a batch fetch may serve."""
        return events.filtered(lambda event: event.kind == "order")

    def _oms_map_orders(self, payload):
        """Turn a raw orders payload into a list of ``normalized.Order``."""
        return []

    def _oms_webhook_verify(self, headers, body, url):
        """Return True when the push message really comes from the marketplace."""
        return False

    def _oms_webhook_parse(self, body):
        """Split a verified push body into event values.

        Return a list of dicts with ``kind``, ``external_ref``, ``dedup_key``
        and ``payload`` keys, and if the push says them, ``sent_at`` (naive
        UTC datetime it was sent) and ``shop_ref`` (the marketplace's id of
        the shop it is about). Raise on a body that is not a push (see
        ``oms_api_common.push``): anything raised is recorded as malformed.
        """
        return []

    def _oms_webhook_channel(self, shop_ref):
        """The shop a verified push naming ``shop_ref`` is about.

        Marketplaces send the pushes of all the shops of an app to one URL:
        this shop if ``shop_ref`` is empty or its own, another active shop
        of the same app (same credentials) with that id, else no shop.
        """
        self.ensure_one()
        if not shop_ref or shop_ref == (self.external_shop_id or ""):
            return self
        return self.browse()

    def _oms_process_event(self, event):
        """Process one stored event; return a short result message.

        The base handles ``orders_page`` (a pulled page), ``order`` and
        ``package`` (a push about one order, fetched again for its current
        state), ``finance``, ``return`` and ``auth_revoked`` (the seller
        revoked the authorization: the shop is parked); other kinds (see
        ``oms.event``'s ``EVENT_KINDS``) are the connector's, which reads
        its push's payload. Return None when nothing handles the event;
        raise to mark it failed.
        """
        if event.kind == "orders_page":
            result = self._oms_import_payload(event._get_payload())
            return result.summary(self.env)
        if event.kind in ("order", "package"):
            payload = self._oms_call("_oms_fetch_order", event.external_ref)
            return self._oms_import_payload(payload).summary(self.env)
        if event.kind == "finance":
            return self._oms_process_settlement(event)
        if event.kind == "return":
            payload = event._get_payload()
            if normalized.Return.is_payload(payload):
                returns = [normalized.Return.from_payload(payload)]
            else:
                # a push naming a return: its current state is read
                returns = self._oms_call("_oms_fetch_return", event.external_ref)
            return self._oms_import_returns(returns)
        if event.kind == "auth_revoked":
            return self._oms_deauthorized(
                self.env._(
                    "The seller revoked the authorization on %s.",
                    self._oms_platform_label(self.platform),
                )
            )
        return None

    def _oms_stock_batch_size(self):
        """Maximum number of SKUs one stock call of the platform accepts.

        Connectors override this with their platform's limit.
        """
        return 50

    def _oms_push_stock_batch(self, updates):
        """Publish quantities for one batch of ``(binding, quantity)``.

        Return a dict ``{binding_id: error message}`` for the SKUs the
        marketplace refused; the others are taken as published.
        """
        raise UserError(_("This platform cannot receive stock."))

    def _oms_push_price_batch(self, bindings):
        """Publish ``expected_price`` (the shop's pricelist) of ``bindings``.

        Return a dict ``{binding_id: error message}`` for the SKUs the
        marketplace refused; the others are taken as published. The job
        around it (``_oms_push_prices``) writes the results.
        """
        raise UserError(_("This platform cannot receive prices."))

    def _oms_import_listings(self):
        """Job: import the shop's listings and bind them by seller SKU."""
        raise UserError(_("This platform cannot list products."))

    def _oms_listing_attributes(self, category_ref):
        """The attributes of the marketplace category ``category_ref``.

        A list of ``normalized.ListingAttribute``: the listing wizard shows
        one line each and checks mandatory ones and values against the
        options before any call. Name, description, price, stock, weight
        and package size are the wizard's own fields: leave them out.
        """
        return []

    def _oms_listing_read(self, binding):
        """The listing of ``binding`` as the marketplace shows it now: a
        ``normalized.Listing`` (its ``attributes`` as ``ListingValue``, the
        names may be empty where the value id says it). The listing wizard
        starts an update from it."""
        raise UserError(_("This platform cannot read listings."))

    def _oms_listing_upload_image(self, content, filename):
        """Upload an image (``content``: bytes) to the marketplace; return
        the reference a ``normalized.Listing`` gives in ``images``."""
        raise UserError(_("This platform cannot receive images."))

    def _oms_listing_image_required(self):
        """Whether the marketplace lists a product only with an image."""
        return False

    def _oms_listing_find(self, seller_sku):
        """The bindings of the listings the marketplace already has for
        ``seller_sku`` (made with ``oms.product.binding._bind_by_sku``; the
        other SKUs of those listings may be bound too), empty when it has
        none.

        The listing wizard asks before it creates: a product listed in the
        seller centre but never imported, or created by a request whose
        transaction was lost (Odoo retries it), is bound, not listed twice.
        """
        raise UserError(_("This platform cannot search listings."))

    def _oms_listing_create(self, listing):
        """Create ``listing`` (a ``normalized.Listing``, every field set)
        on the marketplace; return the bindings of its SKUs (made with
        ``oms.product.binding._bind_by_sku``)."""
        raise UserError(_("This platform cannot create listings."))

    def _oms_listing_update(self, bindings, listing=None):
        """Send the content of the listings of ``bindings``.

        ``listing`` (a ``normalized.Listing``) is what the listing wizard
        changes; its ``None`` fields are kept as they are. Without it (the
        binding's *Update Listing* job) the bound product's content is
        sent: ``bindings._oms_product_listing()``. Price and stock keep
        their own pushes.
        """
        raise UserError(_("This platform cannot update listings."))

    def _oms_listing_delete(self, bindings):
        """Delete the listings of ``bindings`` on the marketplace."""
        raise UserError(_("This platform cannot delete listings."))

    def _oms_listing_set_active(self, bindings, active):
        """Activate or deactivate the listings of ``bindings``."""
        raise UserError(_("This platform cannot (de)activate listings."))

    def _oms_get_cancel_reasons(self, order):
        """Return ``[(code, label)]`` the seller may give to cancel ``order``."""
        return []

    def _oms_cancel_order(self, order, reason_code):
        """Cancel ``order`` on the marketplace with the given reason code."""
        raise UserError(_("This platform cannot cancel orders."))

    def _oms_cancel_order_lines(self, order, lines, reason_code):
        """Cancel the items of ``lines`` (sale lines of ``order``) on the
        marketplace with the given reason code; the rest of it goes on."""
        raise UserError(_("This platform cancels whole orders only."))

    def _oms_pack(self, pickings):
        """Pack ``pickings`` on the marketplace; write tracking on them."""
        raise UserError(_("This platform has no packing step."))

    def _oms_ready_to_ship(self, pickings):
        """Tell the marketplace ``pickings`` are ready for the carrier."""
        raise UserError(_("This platform has no ready-to-ship step."))

    def _oms_get_labels(self, pickings):
        """Return ``{picking: pdf bytes}`` with the carrier labels (AWB)."""
        raise UserError(_("This platform cannot print labels."))

    def _oms_labels_need_ready_to_ship(self):
        """Whether the marketplace gives a parcel's label only once it is
        ready to ship (its tracking number assigned, the courier booked when
        packing): then no parcel can have its label before."""
        return False

    def _oms_split_order(self, order, pickings):
        """Ship marketplace ``order`` in one package per delivery of
        ``pickings`` (each holding some of its lines) on the marketplace.

        Platforms that split an order before packing (Shopee's split order)
        do it here and write each package reference on its delivery; those
        that make one package per packing call (Lazada) have nothing to do
        before ``_oms_pack``. Only called where ``support_order_split``.
        """
        raise UserError(_("This platform ships an order in one package."))

    def _oms_fetch_logistics_channels(self):
        """Return the shop's logistics channels on the marketplace: a list
        of ``oms.logistics.channel`` values (``external_id``, ``name``,
        ``delivery_type`` of ``normalized.DELIVERY_TYPES``, ``enabled``,
        ``cod_enabled``). Only called where ``support_logistics_channels``.
        """
        raise UserError(_("This platform does not list logistics channels."))

    def _oms_fetch_scorecard(self):
        """Return the shop's performance as the marketplace measures it
        today: a list of ``normalized.ScorecardMetric`` (code, name, value,
        unit, target and whether it is met where the platform sets one, the
        period it measures, and ``kpi``: the cockpit's KPI it is the
        platform's figure of, where it is the same measure). Only called
        where ``support_scorecard``.
        """
        raise UserError(_("This platform gives no scorecard."))

    def _oms_fetch_settlements(self, date_from, date_to):
        """Return the marketplace's finance data for the period."""
        return []

    def _oms_map_settlements(self, raw):
        """Turn ``_oms_fetch_settlements`` data into a list of
        ``normalized.Settlement`` (with their ``normalized.SettlementLine``):
        one per statement or payout, its payout the platform's own figure
        (never the sum of the lines: a difference is a discrepancy), its
        lines signed from the seller's point of view. A statement is final
        when the platform says so (``closed``), otherwise once ``date_to`` is
        past in the platform's calendar (``_oms_finance_tz``).
        """
        return []

    def _oms_fetch_returns(self, since):
        """Return the reverse orders (returns, refunds) updated since ``since``.

        A list of ``normalized.Return`` (the platform's record in ``raw``);
        each version is stored once as an ``oms.event`` of kind ``return``
        and handed to ``_oms_import_returns``.
        """
        return []

    def _oms_fetch_return(self, external_id):
        """Return the return ``external_id`` a push named, in its current
        state: a list of ``normalized.Return`` (empty if unknown)."""
        return []

    def _oms_get_return_reasons(self, ret, decision):
        """Return ``[(code, label)]`` the seller may give to ``decision``
        (``reject`` or ``dispute``) the return ``ret``.

        ``ret`` is an ``oms.return`` of the returns module: the hooks read
        its ``external_id``, ``kind``, ``platform_status`` and its lines'
        ``external_id``.
        """
        return []

    def _oms_return_decide(
        self, ret, decision, reason=None, comment=None, amount=None, images=None
    ):
        """Send the seller's ``decision`` on the return ``ret`` to the
        marketplace: ``approve``, ``reject`` (``reason`` code, ``comment``),
        ``receive`` (the parcel arrived), ``refund`` (inspection passed,
        refund the buyer), ``dispute`` (``reason``, ``comment``, ``images``:
        links) or ``offer`` (a partial refund of ``amount``).

        Raise the marketplace's error when it refuses: nothing changes in
        Odoo then. Return the neutral state the return is in afterwards, or
        None to wait for the marketplace to say it.
        """
        raise UserError(_("This platform takes no return decisions from Odoo."))

    def _oms_return_needs_receipt(self, ret):
        """Whether the marketplace waits for the seller to confirm the
        return parcel of ``ret`` arrived (``receive``)."""
        return False
