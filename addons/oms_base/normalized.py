"""Platform-neutral data that every connector produces: orders, packages,
stock updates, token pairs, listings, settlements and returns.

Connectors map their marketplace payloads into these plain dataclasses; the
importer in ``oms.order.importer`` only ever sees this shape, the same way
``stock_delivery`` hands every carrier the same request objects.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta

# Neutral order statuses the importer understands; connectors map theirs.
UNPAID = "unpaid"
TO_SHIP = "to_ship"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
# Who cancelled an order (``Order.cancelled_by``): the cancellation rates of
# the cockpit tell the seller's (which marketplaces penalize) from the others.
CANCELLED_BY_SELLER = "seller"
CANCELLED_BY_BUYER = "buyer"
CANCELLED_BY_PLATFORM = "platform"
RETURNED = "returned"
STATUSES = (UNPAID, TO_SHIP, SHIPPED, DELIVERED, CANCELLED, RETURNED)

# Neutral delivery types: the marketplace's logistics at standard, express
# or instant speed, or a parcel the seller ships with a carrier of its own.
STANDARD = "standard"
EXPRESS = "express"
INSTANT = "instant"
SELLER = "seller"
DELIVERY_TYPES = (STANDARD, EXPRESS, INSTANT, SELLER)
# Words in a logistics service's name that tell its speed, fastest first,
# for platforms that name the speed instead of giving it as a field.
# "Express" alone is a courier's brand (J&T Express), not a speed.
SPEED_WORDS = (
    (INSTANT, ("instant", "same day", "sameday", "same-day")),
    (EXPRESS, ("express delivery", "next day", "nextday", "next-day")),
)


def delivery_type_from_name(name, default=STANDARD):
    """The delivery speed a logistics service's ``name`` announces
    (``SPEED_WORDS``), else ``default``."""
    text = " ".join((name or "").casefold().split())
    for speed, words in SPEED_WORDS:
        if any(word in text for word in words):
            return speed
    return default


def _plain(value):
    """JSON for what ``json`` does not know: sets sorted, the rest as text."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


@dataclass
class Address:
    name: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    country_code: str = ""


@dataclass
class Buyer:
    external_id: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class OrderLine:
    external_id: str
    sku: str
    name: str = ""
    quantity: float = 1.0
    unit_price: float = 0.0
    # Discounts per line, in order currency, for the whole line quantity.
    seller_discount: float = 0.0
    platform_discount: float = 0.0
    external_product_id: str = ""
    external_sku_id: str = ""
    status: str = ""


@dataclass
class Package:
    external_id: str
    tracking_number: str = ""
    carrier: str = ""
    line_external_ids: list = field(default_factory=list)


@dataclass
class Order:
    external_id: str
    status: str
    platform_status: str = ""
    name: str = ""
    currency: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    buyer: Buyer = field(default_factory=Buyer)
    shipping_address: Address = field(default_factory=Address)
    lines: list = field(default_factory=list)
    packages: list = field(default_factory=list)
    # Shipping fee the buyer paid, and the parts of it that vouchers covered.
    shipping_fee: float = 0.0
    seller_voucher: float = 0.0
    platform_voucher: float = 0.0
    is_cod: bool = False
    # How the parcel travels (DELIVERY_TYPES); routing rules match on it.
    delivery_type: str = ""
    # The marketplace's id of the logistics channel it travels with: a
    # known channel of the shop (``oms.logistics.channel``) has the last
    # word on the delivery type.
    logistics_channel: str = ""
    payment_method: str = ""
    # When the buyer paid, where the platform says (else the importer takes
    # the time of the first update in a paid status).
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    # Why the marketplace holds the order (it must not ship now), empty
    # when it does not: the importer sets and lifts the order's hold.
    hold_reason: str = ""
    buyer_note: str = ""
    cancel_reason: str = ""
    # CANCELLED_BY_*, empty when the platform does not say.
    cancelled_by: str = ""
    # Lines the marketplace cancelled while the rest of the order goes on
    # (external ids); they are not in ``lines``.
    cancelled_line_ids: list = field(default_factory=list)
    # Lines whose parcel the carrier could not deliver and brings back to
    # the seller (external ids): the returns module makes a failed
    # delivery return of them.
    failed_delivery_line_ids: list = field(default_factory=list)
    # Anything else the connector wants kept (raw ids, flags) for later hooks.
    extra: dict = field(default_factory=dict)

    @property
    def items_total(self):
        return sum(line.unit_price * line.quantity for line in self.lines)

    def fingerprint(self):
        """A digest of everything the order says but its update time: two
        messages stamped in the same second (platforms stamp updates in
        seconds) tell the same only if their fingerprints are equal."""
        content = asdict(self)
        content.pop("updated_at")
        text = json.dumps(content, sort_keys=True, default=_plain)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def buyer_total(self):
        """What the buyer paid: items + shipping - all vouchers and discounts."""
        discounts = sum(li.seller_discount + li.platform_discount for li in self.lines)
        return (
            self.items_total
            + self.shipping_fee
            - discounts
            - self.seller_voucher
            - self.platform_voucher
        )


@dataclass
class StockUpdate:
    """One binding's quantity to publish, handed to a connector in batches."""

    binding_id: int
    external_id: str
    sku: str
    quantity: int
    extra: dict = field(default_factory=dict)


@dataclass
class TokenPair:
    """The tokens a marketplace grants when a seller authorizes the app or
    a refresh renews them: what a connector's ``_oms_exchange_code`` and
    ``_oms_refresh_token`` hand to ``oms.channel._oms_store_tokens``.

    - expiries are absolute, naive UTC like Odoo's datetimes, ``None`` when
      the marketplace does not say; ``from_lifetimes`` builds them from
      seconds (Lazada, Shopee), ``from_timestamps`` from Unix times (TikTok);
    - ``account_id``: the marketplace account the tokens act for (Lazada's
      seller in the shop's venture, Shopee's shop, TikTok's ``open_id``),
      ``account_name`` and ``region`` what the marketplace says of it;
    - ``scopes``: the permissions granted, where the marketplace lists them;
    - ``extra``: the rest a connector uses afterwards (Lazada's short code,
      the shops and merchants of a Shopee main account).

    The tokens are secrets: they stay out of ``repr()`` (logs, job results).
    """

    access_token: str = field(repr=False)
    refresh_token: str = field(default="", repr=False)
    access_expires_at: datetime | None = None
    refresh_expires_at: datetime | None = None
    account_id: str = ""
    account_name: str = ""
    region: str = ""
    scopes: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_lifetimes(
        cls, access_token, refresh_token, expires_in, refresh_in, now=None, **values
    ):
        """A pair whose tokens live ``expires_in`` / ``refresh_in`` seconds
        from ``now`` (naive UTC, default: the current time); 0 or None: not
        said."""
        now = now or datetime.now(UTC).replace(tzinfo=None)

        def after(seconds):
            return now + timedelta(seconds=int(seconds)) if seconds else None

        return cls(
            access_token or "",
            refresh_token or "",
            after(expires_in),
            after(refresh_in),
            **values,
        )

    @classmethod
    def from_timestamps(
        cls, access_token, refresh_token, expires_at, refresh_expires_at, **values
    ):
        """A pair whose tokens expire at the Unix times given (0 or None:
        not said)."""

        def when(stamp):
            if not stamp:
                return None
            return datetime.fromtimestamp(int(stamp), UTC).replace(tzinfo=None)

        return cls(
            access_token or "",
            refresh_token or "",
            when(expires_at),
            when(refresh_expires_at),
            **values,
        )


def return_event(external_ref, payload, *version):
    """The values of a stored ``return`` event (``_oms_fetch_returns``).

    ``version`` holds what changes whenever the marketplace changes the
    return (status, update time): the dedup key stores each change once
    and a re-pull of an unchanged return adds nothing.
    """
    ref = str(external_ref or "")
    return {
        "external_ref": ref,
        "dedup_key": ":".join(["return", ref, *(str(v or "") for v in version)]),
        "payload": payload,
    }


@dataclass
class ListingAttribute:
    """An attribute of a marketplace category, as the listing wizard asks it
    (``oms.channel._oms_listing_attributes``)."""

    # The platform's key of the attribute (Lazada's name, Shopee's id).
    code: str
    name: str
    mandatory: bool = False
    # A property of the SKU (size, colour), not of the whole listing.
    variant: bool = False
    # Values outside ``options`` are accepted (free text, combo box).
    free_input: bool = True
    multi_value: bool = False
    # Value name -> the platform's id of that value (or the name itself).
    options: dict = field(default_factory=dict)
    # Filled in when the wizard opens (``Listing.attributes`` wins).
    default: str = ""


@dataclass
class ListingValue:
    """The value of one category attribute in a listing."""

    code: str
    # ``(name, value_id)`` pairs; ``value_id`` is None for a typed-in value.
    values: list = field(default_factory=list)
    variant: bool = False

    @property
    def text(self):
        return ", ".join(name for name, _value_id in self.values if name)


@dataclass
class Listing:
    """A listing's content, sent to the marketplace (create, update) or
    read from it (``_oms_listing_read``). ``None`` means: not sent, the
    marketplace keeps what it has."""

    seller_sku: str = ""
    name: str | None = None
    description: str | None = None
    # Create only: price and stock have their own pushes afterwards.
    price: float | None = None
    quantity: int | None = None
    weight: float | None = None  # kg
    package_length: float | None = None  # cm
    package_width: float | None = None
    package_height: float | None = None
    # The marketplace's id of the (leaf) category.
    category_ref: str | None = None
    attributes: list | None = None  # of ListingValue
    # References the platform gave the uploaded images (URL, image id).
    images: list | None = None


# ----------------------------------------------------------------------
# Settlements
# ----------------------------------------------------------------------
def _to_date(value):
    if isinstance(value, str):
        return date.fromisoformat(value[:10]) if value else None
    if isinstance(value, datetime):
        return value.date()
    return value or None


@dataclass
class SettlementLine:
    """One transaction of a marketplace statement.

    - ``transaction_ref``: the platform's id of the transaction, unique in
      its statement (the key a re-import updates by);
    - ``kind``: a kind of ``oms.settlement.line`` (``LINE_KINDS``: sale,
      refund, commission, payment_fee, affiliate, service_fee,
      shipping_seller, ...);
    - ``amount``: signed for the seller, in the statement's currency:
      positive is paid to the seller, negative kept or given back;
    - ``external_order_ref``: the marketplace order (``Order.external_id``)
      when the transaction belongs to one;
    - ``fee_base``: what the platform says it charged this fee on, 0 when
      it does not say.
    """

    transaction_ref: str
    kind: str
    amount: float
    external_order_ref: str = ""
    # a string: the field's own name would shadow the type
    date: "date | None" = None
    label: str = ""
    fee_base: float = 0.0


@dataclass
class Settlement:
    """A marketplace statement (a payout and what it pays): what every
    connector's ``_oms_map_settlements`` returns a list of, and the only
    input of ``oms.settlement._import_settlement``.

    - ``reference``: the statement's name, unique per shop;
    - ``currency``: ISO code (empty: the shop's);
    - ``payout_amount``: the platform's own payout figure, never the sum of
      the lines (a difference is a discrepancy);
    - ``payout_reference``: the platform's payout id, as the bank line may
      carry it;
    - ``closed``: the platform says the statement is final; otherwise it is
      once ``date_to`` is past in the platform's calendar;
    - ``payout_date``: defaults to ``date_to``;
    - ``lines``: ``SettlementLine`` records.
    """

    reference: str
    currency: str = ""
    date_from: date | None = None
    date_to: date | None = None
    payout_date: date | None = None
    payout_amount: float = 0.0
    payout_reference: str = ""
    closed: bool = False
    lines: list = field(default_factory=list)

    @property
    def lines_total(self):
        return round(sum(line.amount for line in self.lines), 2)

    def to_payload(self):
        """A JSON-ready dict (the stored ``finance`` event's payload)."""
        data = asdict(self)
        for name in ("date_from", "date_to", "payout_date"):
            value = getattr(self, name)
            data[name] = value.isoformat() if value else None
        for line, values in zip(self.lines, data["lines"], strict=True):
            values["date"] = line.date.isoformat() if line.date else None
        return data

    @classmethod
    def from_payload(cls, data):
        """The settlement of a ``to_payload()`` dict (dates as ISO text or
        dates)."""
        data = dict(data)
        for name in ("date_from", "date_to", "payout_date"):
            data[name] = _to_date(data.get(name))
        known = {f.name for f in fields(SettlementLine)}
        data["lines"] = [
            SettlementLine(
                **dict(
                    {k: v for k, v in line.items() if k in known},
                    date=_to_date(line.get("date")),
                )
            )
            for line in data.get("lines") or []
        ]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# ----------------------------------------------------------------------
# Returns
# ----------------------------------------------------------------------
# Neutral return states, in the order a return moves through them. A
# connector maps its platform's status to one of these; the returns module
# never moves a return back to an earlier rank (a late "requested" push
# after "refunded" changes nothing), except to ``disputed``, which may come
# at any point before the end.
RETURN_REQUESTED = "requested"
RETURN_APPROVED = "approved"
RETURN_REJECTED = "rejected"
RETURN_BUYER_SHIPPED = "buyer_shipped"
RETURN_RECEIVED = "received"
RETURN_INSPECTED = "inspected"
RETURN_REFUNDED = "refunded"
RETURN_DISPUTED = "disputed"
RETURN_CLOSED = "closed"
RETURN_STATES = (
    RETURN_REQUESTED,
    RETURN_APPROVED,
    RETURN_REJECTED,
    RETURN_BUYER_SHIPPED,
    RETURN_RECEIVED,
    RETURN_INSPECTED,
    RETURN_REFUNDED,
    RETURN_DISPUTED,
    RETURN_CLOSED,
)
# Kinds of return: the buyer sends items back (or asks a refund only), or a
# parcel never reached the buyer and comes back to the seller.
RETURN_KIND_RETURN = "return"
RETURN_KIND_REFUND_ONLY = "refund_only"
RETURN_KIND_FAILED_DELIVERY = "failed_delivery"


@dataclass
class ReturnLine:
    """One returned item of a marketplace return.

    ``order_line_external_id`` is the marketplace id of the order line it
    returns (what ``OrderLine.external_id`` was), ``sku`` the seller SKU
    (used when the line id is unknown). Amounts are in the return's
    currency, major units, for the whole line quantity.
    """

    external_id: str
    order_line_external_id: str = ""
    sku: str = ""
    quantity: float = 1.0
    refund_amount: float = 0.0
    unit_price: float = 0.0
    # A per-line platform status when the platform has one (Lazada).
    platform_status: str = ""


@dataclass
class Return:
    """A marketplace return, reverse order or refund request.

    Every connector's ``_oms_fetch_returns`` returns a list of these (TikTok:
    one per ``return_id``, its ``return_line_items`` as ``lines``).

    - ``external_id``: the platform's id of the return (reverse order id,
      return_sn, return_id); unique per shop.
    - ``order_external_id``: the marketplace order id (``Order.external_id``).
    - ``state``: one of ``RETURN_STATES``; ``platform_status`` the raw one.
    - ``kind``: ``RETURN_KIND_*``.
    - ``reason`` (platform code or label), ``buyer_note`` (buyer's text),
      ``photo_urls`` (evidence links).
    - ``refund_amount`` what the buyer gets back (major units, ``currency``);
      ``refunded`` True once the platform paid it.
    - ``respond_by``: naive UTC deadline of the seller's next answer.
    - ``tracking_number``: the buyer's return parcel.
    - ``updated_at``: naive UTC time of the platform's last change; with
      ``state`` it identifies a version of the return (deduplication).
    - ``raw``: the platform's record as received, kept on the event.
    """

    external_id: str
    order_external_id: str
    state: str
    platform_status: str = ""
    kind: str = RETURN_KIND_RETURN
    reason: str = ""
    buyer_note: str = ""
    photo_urls: list = field(default_factory=list)
    currency: str = ""
    refund_amount: float = 0.0
    refunded: bool = False
    respond_by: datetime | None = None
    tracking_number: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    lines: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)

    @property
    def dedup_key(self):
        stamp = self.updated_at.isoformat() if self.updated_at else ""
        # the neutral state too: a platform may keep its status while the
        # parcel moves (Shopee's reverse logistics) within one second
        return f"return:{self.external_id}:{self.state}:{self.platform_status}:{stamp}"

    def to_payload(self):
        """A JSON-ready dict (the stored event's payload)."""
        data = asdict(self)
        for name in ("respond_by", "created_at", "updated_at"):
            value = getattr(self, name)
            data[name] = value.isoformat() if value else None
        return data

    @classmethod
    def is_payload(cls, data):
        """Whether ``data`` is a stored ``to_payload()`` (not a push)."""
        return isinstance(data, dict) and {
            "external_id",
            "order_external_id",
            "state",
            "lines",
        } <= set(data)

    @classmethod
    def from_payload(cls, data):
        data = dict(data)
        for name in ("respond_by", "created_at", "updated_at"):
            data[name] = datetime.fromisoformat(data[name]) if data.get(name) else None
        data["lines"] = [ReturnLine(**line) for line in data.get("lines") or []]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# ----------------------------------------------------------------------
# Scorecard: the platform's own measure of the seller
# ----------------------------------------------------------------------
# Units of a scorecard metric's value and target.
UNIT_PERCENT = "percent"
UNIT_RATIO = "ratio"
UNIT_NUMBER = "number"
UNIT_MINUTES = "minutes"
UNIT_HOURS = "hours"
SCORECARD_UNITS = (UNIT_PERCENT, UNIT_RATIO, UNIT_NUMBER, UNIT_MINUTES, UNIT_HOURS)
# How a value meets its target: at least, at most, below, exactly.
TARGET_OPERATORS = (">=", "<=", "<", ">", "=")
# The cockpit's KPIs (percentages of ``oms.kpi.order``) a platform metric
# may be the platform's figure of.
SCORECARD_KPIS = (
    "on_time_rate",
    "cancel_rate",
    "seller_cancel_rate",
    "return_rate",
    "otif_rate",
)


@dataclass
class ScorecardMetric:
    """One metric of the shop's performance as the marketplace measures
    it (``oms.channel._oms_fetch_scorecard``).

    - ``code``: the platform's key of the metric (stable, stored);
      ``name`` what the platform calls it, ``description`` its longer text;
    - ``value``: the figure, in ``unit`` (one of ``SCORECARD_UNITS``),
      ``None`` when the platform has none yet;
    - ``target``: the platform's threshold where it sets one, met when
      ``value <target_operator> target`` (``TARGET_OPERATORS``);
      ``target_met`` what the platform says of it (``None``: not said);
    - ``period_days``: the days the platform measures over, 0 when it does
      not say; ``period`` its wording of it;
    - ``kpi``: the cockpit KPI (``SCORECARD_KPIS``) this is the same
      measure of, in percent, to show ours beside it; empty otherwise.
    """

    code: str
    name: str = ""
    value: float | None = None
    unit: str = UNIT_NUMBER
    target: float | None = None
    target_operator: str = ""
    target_met: bool | None = None
    period_days: int = 0
    period: str = ""
    description: str = ""
    kpi: str = ""

    def __post_init__(self):
        if self.unit not in SCORECARD_UNITS:
            raise ValueError(f"Unknown scorecard unit {self.unit!r}")
        if self.target_operator and self.target_operator not in TARGET_OPERATORS:
            raise ValueError(f"Unknown target operator {self.target_operator!r}")
        if self.kpi and self.kpi not in SCORECARD_KPIS:
            raise ValueError(f"Unknown scorecard KPI {self.kpi!r}")

    @property
    def percent(self):
        """The value in percent, for a percent or ratio metric."""
        if self.value is None:
            return None
        if self.unit == UNIT_RATIO:
            return self.value * 100.0
        return self.value if self.unit == UNIT_PERCENT else None
