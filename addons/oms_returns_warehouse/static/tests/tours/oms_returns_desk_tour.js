import { registry } from "@web/core/registry";

/** Type ``code`` into the pack station's field and press Enter, as a
 * keyboard-wedge scanner does with the field focused. */
function scan(code) {
    return {
        content: `Scan ${code}`,
        trigger: ".o_oms_pack_station .o_oms_scan_input",
        run: `edit ${code} && press Enter`,
    };
}

registry.category("web_tour.tours").add("oms_returns_desk", {
    url: "/odoo/action-oms_warehouse.action_oms_pack_station",
    steps: () => [
        {
            content: "The station waits for a parcel",
            trigger: ".o_oms_pack_station .o_oms_banner.o_oms_idle",
        },
        scan("RTN-DESK"),
        {
            content: "The return tracking number opens the return, to receive",
            trigger: ".o_form_view .o_field_widget[name='external_id']:contains('RET-1')",
        },
        {
            content: "Receive the parcel",
            trigger: ".o_form_view button[name='action_receive']",
            run: "click",
        },
        {
            content: "Received: inspection is next",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Received')",
        },
        {
            content: "Back to the station",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Pack Station')",
            run: "click",
        },
        scan("AWB-DESK"),
        {
            content: "The original AWB opens the same return, to inspect",
            trigger: ".o_form_view:has(.o_field_widget[name='external_id']:contains('RET-1')) button[name='action_inspect']",
        },
        {
            content: "Inspect the line: note and photos",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row button[name='action_open_inspection']",
            run: "click",
        },
        {
            content: "Back to sellable stock",
            trigger: ".modal .o_field_widget[name='inspection'] input[data-value='restock']",
            run: "click",
        },
        {
            content: "A note on the item",
            trigger: ".modal .o_field_widget[name='inspection_note'] input",
            run: "edit Box dented, item fine",
        },
        {
            content: "Save the line's inspection",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The line says it",
            trigger: "body:not(:has(.modal)) .o_field_widget[name='line_ids'] .o_data_row:contains('Box dented, item fine')",
        },
        {
            content: "Inspection done",
            trigger: ".o_form_view button[name='action_inspect']",
            run: "click",
        },
        {
            content: "Inspected",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Inspected')",
        },
    ],
});
