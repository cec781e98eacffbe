"""What the connectors' fulfilment tests share: a marketplace call that
succeeded while Odoo's transaction after it was lost."""


def lose_fulfilment(pickings, *fields):
    """Forget in Odoo what the marketplace did for ``pickings`` (the job's
    transaction after the call was lost, the job is retried): their
    provider, fulfilment state and ``fields`` blanked. Returns their
    messages so far, for ``failures_since``."""
    pickings.write(
        dict.fromkeys((*fields, "oms_shipment_provider", "oms_fulfilment_state"))
    )
    return pickings.message_ids


def failures_since(pickings, notes, word="failed"):
    """The messages posted on ``pickings`` since ``notes`` that say ``word``."""
    return (pickings.message_ids - notes).filtered(lambda m: word in (m.body or ""))
