-- blank the TikTok Shop app credentials of every shop (tokens: oms_base)
UPDATE oms_channel
   SET tiktok_app_key = NULL,
       tiktok_app_secret = NULL;
