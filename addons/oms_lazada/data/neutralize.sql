-- blank the Lazada app credentials of every shop
UPDATE oms_channel
   SET lazada_app_key = NULL,
       lazada_app_secret = NULL;
