"""Our own A6 (100 x 150 mm) thermal shipping label, for parcels whose
marketplace gives none (web store, own fleet). Plain Python: reportlab,
which Odoo itself requires, so no wkhtmltopdf is needed at the station."""

import io

from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = 100 * mm, 150 * mm


def make_label(title, barcode_value, lines):
    """Return the PDF bytes of one label: ``title`` in big type, a Code 128
    of ``barcode_value`` and the address/content ``lines``."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(WIDTH, HEIGHT))
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(6 * mm, HEIGHT - 14 * mm, title[:28])
    if barcode_value:
        code = code128.Code128(barcode_value, barHeight=22 * mm, barWidth=0.45 * mm)
        code.drawOn(pdf, 4 * mm, HEIGHT - 42 * mm)
        pdf.setFont("Helvetica", 11)
        pdf.drawString(6 * mm, HEIGHT - 48 * mm, barcode_value[:40])
    text = pdf.beginText(6 * mm, HEIGHT - 60 * mm)
    text.setFont("Helvetica", 10)
    text.setLeading(13)
    for line in lines:
        text.textLine(str(line)[:48])
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
