-- blank marketplace credentials and park shops on a duplicated database
UPDATE oms_channel
   SET access_token = NULL,
       refresh_token = NULL,
       token_expires_at = NULL,
       refresh_expires_at = NULL,
       state = 'draft',
       state_reason = 'Neutralized copy of the database: reconnect the shop.';
