-- a copy of the database must not post to the live store nor accept its keys
UPDATE oms_channel
   SET webstore_webhook_url = NULL,
       webstore_webhook_secret = NULL;

UPDATE oms_webstore_key
   SET active = FALSE,
       revoked_at = COALESCE(revoked_at, NOW() AT TIME ZONE 'UTC');
