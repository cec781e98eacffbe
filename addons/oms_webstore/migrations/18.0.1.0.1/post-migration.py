def migrate(cr, version):
    # Webhooks go to web stores only: 18.0.1.0.0 made a secret for every shop.
    cr.execute(
        "UPDATE oms_channel SET webstore_webhook_secret = NULL"
        " WHERE platform != 'webstore'"
    )
