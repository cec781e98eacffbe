import { registry } from "@web/core/registry";

const A = "FLR-A-0001";
const B = "FLR-B-0002";
const C = "FLR-C-0003";

/** Type ``code`` into the station's field and press Enter, as a scanner
 * (or a person at the keyboard) does with the field focused. */
function scan(code, content, trigger) {
    return [
        {
            content: `Scan ${code}`,
            trigger: ".o_oms_pack_station .o_oms_scan_input",
            run: `edit ${code} && press Enter`,
        },
        { content, trigger },
    ];
}

/** A keyboard-wedge scanner typing into the page (no field focused):
 * Odoo's barcode service gathers the keys and reports the barcode. */
function wedgeScan(code, content, trigger) {
    return [
        {
            content: `Scanner reads ${code}`,
            trigger: ".o_oms_pack_station .o_oms_scan_input",
            run() {
                document.activeElement.blur();
                for (const key of [...code, "Enter"]) {
                    document.body.dispatchEvent(
                        new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
                    );
                }
            },
        },
        { content, trigger },
    ];
}

registry.category("web_tour.tours").add("oms_pack_station", {
    url: "/odoo/action-oms_warehouse.action_oms_pack_station",
    steps: () => [
        {
            content: "The station waits for a parcel",
            trigger: ".o_oms_pack_station .o_oms_banner.o_oms_idle",
        },
        ...scan(
            "TOUR-OK",
            "The parcel opens with its items and expected quantities",
            ".o_oms_banner.o_oms_ok:contains('scan its items') ~ .o_oms_scanbar ~ .o_oms_parcel tr[data-product*='Widget A'] .o_oms_expected:contains('2')"
        ),
        {
            content: "Product pictures are shown",
            trigger: ".o_oms_lines tr .o_oms_image img[src*='/web/image/product.product/']",
        },
        ...scan(
            C,
            "A wrong item is refused loudly",
            ".o_oms_banner.o_oms_refused:contains('Wrong item'):contains('Widget C')"
        ),
        ...wedgeScan(
            A,
            "The scanner's item is counted",
            ".o_oms_banner.o_oms_ok ~ .o_oms_parcel tr[data-product*='Widget A'] .o_oms_scanned:contains('1')"
        ),
        ...scan(
            A,
            "The second unit is counted",
            ".o_oms_parcel tr.o_oms_line_done[data-product*='Widget A'] .o_oms_scanned:contains('2')"
        ),
        ...scan(
            A,
            "An extra unit is refused",
            ".o_oms_banner.o_oms_refused:contains('Over-scan')"
        ),
        ...scan(B, "All is scanned", ".o_oms_banner.o_oms_complete:contains('All scanned')"),
        {
            content: "Pack",
            trigger: ".o_oms_pack_button:enabled",
            run: "click",
        },
        {
            content: "Packed: the label is there to print",
            trigger: ".o_oms_banner.o_oms_packed ~ .o_oms_parcel .o_oms_label_link[href^='/web/content/']",
        },
        {
            content: "Next parcel",
            trigger: ".o_oms_pack_station .o_oms_scan_input",
            run: "press Escape",
        },
        {
            content: "Ready for the next parcel",
            trigger: ".o_oms_banner.o_oms_idle",
        },
        ...scan(
            "TOUR-CXL",
            "A cancelled order is stopped at the first scan",
            ".o_oms_banner.o_oms_stop .o_oms_stop_title:contains('CANCELLED: DO NOT SHIP')"
        ),
    ],
});

registry.category("web_tour.tours").add("oms_handover", {
    url: "/odoo/action-oms_warehouse.action_oms_handover",
    steps: () => [
        {
            content: "New handover list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The carrier at the dock",
            trigger: ".o_field_widget[name='carrier'] input",
            run: "edit LEX TH",
        },
        {
            content: "Save: the parcels packed for it are expected",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Expected parcels listed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('TRK-HT-2')",
        },
        {
            content: "Scan the first parcel",
            trigger: ".o_field_widget[name='scan_code'] input",
            run: "edit TRK-HT-1 && press Enter",
        },
        {
            content: "It is scanned",
            trigger: ".o_field_widget[name='scan_message']:contains('TRK-HT-1: OK')",
        },
        {
            content: "Scan a parcel of another carrier",
            trigger: ".o_field_widget[name='scan_code'] input",
            run: "edit TRK-HT-FLASH && press Enter",
        },
        {
            content: "It is refused",
            trigger: ".o_notification:contains('goes with Flash')",
        },
        {
            content: "One expected parcel is not scanned",
            trigger: ".o_field_widget[name='missing_count']:contains('1')",
        },
        {
            content: "Hand over",
            trigger: "button[name='action_handover']",
            run: "click",
        },
        {
            content: "Handed over",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Handed Over')",
        },
    ],
});
