def migrate(cr, version):
    """Shops still on the old default fee tolerance (0.5 points, which let a
    0.12-point overcharge pass) get the new tight default."""
    cr.execute(
        "UPDATE oms_channel SET oms_fee_tolerance = 0.05 WHERE oms_fee_tolerance = 0.5"
    )
