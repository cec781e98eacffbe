from odoo import Command, api, fields, models

BOT_GROUP = "oms_base.group_oms_bot"


class ResCompany(models.Model):
    _inherit = "res.company"

    oms_bot_user_id = fields.Many2one(
        "res.users",
        string="Marketplace Bot",
        readonly=True,
        copy=False,
        help="Non-login user the marketplace jobs of this company run as.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._oms_get_bot()
        return companies

    @api.model
    def _oms_ensure_bots(self):
        """Data hook (install and update): every company has its bot."""
        self.sudo().search([])._oms_get_bot()

    def _oms_get_bot(self):
        """Return the company's Marketplace Bot, created on first use.

        Every OMS job runs as this user whoever queued it, so that imports,
        pushes and finance syncs have exactly the rights they need (see
        ``group_oms_bot``). It is archived: nobody can log in as it.
        """
        # Users are admin data; any OMS user queues jobs, hence sudo.
        companies = self.sudo()
        missing = companies.filtered(lambda c: not c.oms_bot_user_id)
        if missing:
            groups = self.env.ref("base.group_user") | self.env.ref(BOT_GROUP)
            bots = (
                self.env["res.users"]
                .sudo()
                .with_context(no_reset_password=True, mail_create_nolog=True)
                .create(
                    [
                        {
                            "name": self.env._("Marketplace Bot"),
                            "login": f"__oms_bot_{company.id}__",
                            "active": False,
                            "company_id": company.id,
                            "company_ids": [Command.set(company.ids)],
                            "groups_id": [Command.set(groups.ids)],
                            "notification_type": "inbox",
                            # the sender of its notifications (activities)
                            "email": company.email or "marketplace-bot@example.com",
                        }
                        for company in missing
                    ]
                )
            )
            # kept out of contact lists and mentions, as OdooBot is
            bots.partner_id.active = False
            for company, bot in zip(missing, bots, strict=True):
                company.oms_bot_user_id = bot
        return self.env["res.users"].browse(companies.oms_bot_user_id.ids)
