import { registry } from "@web/core/registry";

// A marketplace order: cancelled on the marketplace only, never e-mailed to
// the buyer from Odoo, its lines fixed once confirmed. Its shop has no
// connector: no Cancel on Marketplace either (the connectors' tests see it).
registry.category("web_tour.tours").add("oms_marketplace_order_form", {
    url: "/odoo/action-oms_base.action_oms_sale_order",
    steps: () => [
        {
            content: "Open the marketplace order",
            trigger: ".o_data_row td[name='oms_external_id']:contains('TOUR-1')",
            run: "click",
        },
        {
            content: "The order is open",
            trigger: ".o_form_view .o_statusbar_status",
        },
        {
            content: "No local-only Cancel, no Send by Email, no preview; no Cancel on Marketplace where the platform cannot",
            trigger:
                ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_cancel'])):not(:has(button[name='action_quotation_send'])):not(:has(button[name='action_preview_sale_order'])):not(:has(button[name='action_oms_cancel']))",
        },
        {
            content: "Lines cannot be edited",
            trigger:
                ".o_field_widget[name='order_line']:not(:has(.o_field_x2many_list_row_add)) .o_data_row",
        },
    ],
});
