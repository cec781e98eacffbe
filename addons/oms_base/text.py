"""Marketplace and buyer text shown in HTML fields (notes, activities)."""

from markupsafe import Markup, escape


def text_to_html(text):
    """``text`` as HTML that shows exactly that text.

    Unlike ``odoo.tools.plaintext2html``, URLs are not turned into links:
    what a buyer writes never becomes a clickable link or a remote image.
    """
    if not text:
        return Markup()
    lines = str(text).splitlines()
    return Markup("<p>%s</p>") % Markup("<br/>").join(escape(line) for line in lines)
