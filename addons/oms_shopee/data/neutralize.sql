-- blank the Shopee partner credentials of every shop
UPDATE oms_channel
   SET shopee_partner_id = NULL,
       shopee_partner_key = NULL;
