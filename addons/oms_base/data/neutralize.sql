-- blank marketplace credentials and park shops on a duplicated database
UPDATE oms_channel
   SET access_token = NULL,
       refresh_token = NULL,
       token_expires_at = NULL,
       refresh_expires_at = NULL,
       state = 'draft',
       state_reason = 'Neutralized copy of the database: reconnect the shop.';

-- mask tokens, keys and signatures (access_token=..., "sign": "...",
-- Authorization: ...) that older records may have kept in their texts
CREATE FUNCTION pg_temp.oms_redact(value text) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
    SELECT regexp_replace(
        value,
        $re$(\m(?:\w*_)?(?:token|secret|password|partner_key|api_key)\M|\m(?:sign|signature|code|authorization)\M)(["']?\s*(?:=|:)\s*["']?)((?:bearer|basic|token)\s+)?[^\s&"'<>,;)}\]]+$re$,
        $rep$\1\2\3***$rep$,
        'gi'
    )
$fn$;

-- jobs of the shops: tracebacks go, messages and results are masked
UPDATE queue_job
   SET exc_info = NULL,
       exc_message = pg_temp.oms_redact(exc_message),
       result = pg_temp.oms_redact(result)
 WHERE channel LIKE 'root.oms.%' OR model_name LIKE 'oms.%';

UPDATE oms_event
   SET error = pg_temp.oms_redact(error),
       result = pg_temp.oms_redact(result)
 WHERE error IS NOT NULL OR result IS NOT NULL;

-- chatter of OMS records and of the shops' jobs, with its tracked values
UPDATE mail_message
   SET body = pg_temp.oms_redact(body)
 WHERE model LIKE 'oms.%'
    OR (model = 'queue.job' AND res_id IN (
            SELECT id FROM queue_job
             WHERE channel LIKE 'root.oms.%' OR model_name LIKE 'oms.%'));

UPDATE mail_tracking_value
   SET old_value_char = pg_temp.oms_redact(old_value_char),
       new_value_char = pg_temp.oms_redact(new_value_char),
       old_value_text = pg_temp.oms_redact(old_value_text),
       new_value_text = pg_temp.oms_redact(new_value_text)
 WHERE mail_message_id IN (
       SELECT id FROM mail_message
        WHERE model LIKE 'oms.%'
           OR (model = 'queue.job' AND res_id IN (
                   SELECT id FROM queue_job
                    WHERE channel LIKE 'root.oms.%' OR model_name LIKE 'oms.%')));

UPDATE mail_activity
   SET note = pg_temp.oms_redact(note)
 WHERE res_model LIKE 'oms.%';

-- logs written to the database (--log-db)
UPDATE ir_logging
   SET message = pg_temp.oms_redact(message)
 WHERE name LIKE 'odoo.addons.oms_%'
    OR name LIKE 'odoo.addons.queue_job%'
    OR name LIKE 'urllib3%'
    OR name LIKE 'requests%';

DROP FUNCTION pg_temp.oms_redact(text);
