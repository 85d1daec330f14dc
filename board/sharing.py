"""Sharing an invite link where people are: a WhatsApp message with the text, and a QR code
drawn on the server (SVG), so someone at the table can scan it with their phone."""

from urllib.parse import quote

import segno


def qr_code(text: str) -> str:
    """A QR code of text as an SVG data address for an <img> (the page's policy allows data:)."""
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2, dark="#1d2330")


def whatsapp_link(message: str) -> str:
    """A link that opens WhatsApp with message ready to send (to a person or a group)."""
    return "https://wa.me/?text=" + quote(message, safe="")
