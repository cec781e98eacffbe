import { Component, onMounted, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";

// Short tones: a scanner user hears the outcome without looking up.
const TONES = {
    ok: [[880, 0.08]],
    complete: [[880, 0.08], [1320, 0.12]],
    error: [[220, 0.25], [180, 0.35]],
};

/**
 * The pack station: scan a parcel (order number, tracking number, AWB or
 * picking), then each of its items; a wrong or extra item is refused
 * loudly; when all is scanned, Pack validates it, makes the marketplace
 * calls and opens the label. A code that names another desk's work (a
 * return, with oms_returns) opens that work's screen instead. Scans come from any keyboard-wedge scanner:
 * through the input (always focused) or, when focus is elsewhere, through
 * Odoo's barcode service.
 */
export class PackStation extends Component {
    static template = "oms_warehouse.PackStation";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.barcode = useService("barcode");
        this.input = useRef("scanInput");
        this.photo = useRef("photoInput");
        this.state = useState({
            station: null,
            busy: false,
            photoTaken: false,
        });
        useBus(this.barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        onMounted(() => this.focus());
    }

    get station() {
        return this.state.station;
    }

    get picking() {
        return this.station && this.station.picking;
    }

    get banner() {
        const station = this.station;
        if (!station) {
            return { cls: "o_oms_idle", text: _t("Scan a parcel: order, tracking number or AWB") };
        }
        const cls = {
            ok: "o_oms_ok",
            complete: "o_oms_complete",
            refused: "o_oms_refused",
            stop: "o_oms_stop",
            open: "o_oms_ok",
            packed: station.warning ? "o_oms_refused" : "o_oms_packed",
        }[station.result];
        return { cls, text: station.message };
    }

    get canPack() {
        return this.station && this.station.result === "complete" && !this.state.busy;
    }

    lineClass(line) {
        if (line.scanned > line.expected) {
            return "o_oms_line_over";
        }
        return line.scanned === line.expected ? "o_oms_line_done" : "o_oms_line_todo";
    }

    focus() {
        if (this.input.el) {
            this.input.el.focus();
        }
    }

    async scan(code) {
        code = (code || "").trim();
        if (!code || this.state.busy) {
            return;
        }
        const packed = this.station && this.station.result === "packed";
        const pickingId = !packed && this.picking ? this.picking.id : false;
        await this.call("oms_scan", [code, pickingId]);
    }

    async pack() {
        if (!this.canPack) {
            return;
        }
        await this.call("oms_pack", [this.picking.id]);
        // printed once the label frame has loaded it (see onLabelLoaded)
        this.printPending = this.station.result === "packed" && Boolean(this.station.label_url);
    }

    async reset() {
        if (this.picking && this.station.result !== "packed") {
            await this.call("oms_reset", [this.picking.id]);
        }
    }

    next() {
        this.printPending = false;
        this.state.station = null;
        this.state.photoTaken = false;
        this.focus();
    }

    async call(method, args) {
        this.state.busy = true;
        try {
            const station = await this.orm.call("oms.pack.station", method, args);
            if (!this.station || !station.picking || station.picking.id !== this.picking?.id) {
                this.state.photoTaken = false;
            }
            this.state.station = station;
            this.play(station.result === "complete" ? "complete" : station.sound);
        } finally {
            this.state.busy = false;
            this.focus();
        }
        if (this.station.result === "open" && this.station.action) {
            // another desk's work (a return to receive): its own screen,
            // the station stays one breadcrumb back
            await this.action.doAction(this.station.action);
        }
    }

    play(sound) {
        const tones = TONES[sound];
        const AudioContext = window.AudioContext || window.webkitAudioContext;
        if (!tones || !AudioContext) {
            return;
        }
        try {
            const context = (this.audio = this.audio || new AudioContext());
            let at = context.currentTime;
            for (const [frequency, duration] of tones) {
                const oscillator = context.createOscillator();
                const gain = context.createGain();
                oscillator.frequency.value = frequency;
                oscillator.type = sound === "error" ? "square" : "sine";
                gain.gain.value = 0.2;
                oscillator.connect(gain).connect(context.destination);
                oscillator.start(at);
                oscillator.stop(at + duration);
                at += duration + 0.03;
            }
        } catch {
            // no sound device: the colour and the message still say it
        }
    }

    onLabelLoaded(ev) {
        if (!this.printPending) {
            return;
        }
        this.printPending = false;
        try {
            ev.target.contentWindow.print();
        } catch {
            // the browser shows PDFs outside the page: the Open label link
        }
        // the next scan goes to the station, not to the label
        this.focus();
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            const value = ev.target.value;
            ev.target.value = "";
            if (value.trim()) {
                this.scan(value);
            } else if (this.canPack) {
                this.pack();
            } else if (this.station && this.station.result === "packed") {
                this.next();
            }
        } else if (ev.key === "Escape") {
            ev.preventDefault();
            this.next();
        } else if (ev.key === "F8") {
            ev.preventDefault();
            this.reset();
        } else if (ev.key === "F9") {
            ev.preventDefault();
            this.photo.el?.click();
        }
    }

    async onPhoto(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file || !this.picking) {
            return;
        }
        const data = await new Promise((resolve) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result.split(",")[1]);
            reader.readAsDataURL(file);
        });
        await this.orm.call("oms.pack.station", "oms_attach_photo", [
            this.picking.id,
            data,
            file.type || "image/jpeg",
        ]);
        this.state.photoTaken = true;
        ev.target.value = "";
        this.focus();
    }
}

registry.category("actions").add("oms_warehouse.pack_station", PackStation);
