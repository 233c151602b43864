"""The page's own CSS (no source text ever goes in here): compact citation chips, claim-matrix cell colours, a sticky passage viewer."""

from __future__ import annotations

from typing import Any

import streamlit as st

CSS = """
<style>
[class*="st-key-cite_"] button {
  min-height: 0; padding: 0.05rem 0.55rem; font-size: 0.78rem; line-height: 1.4;
  border-radius: 999px; font-variant-numeric: tabular-nums;
}
[class*="st-key-cite_"] button p { font-size: 0.78rem; }
[class*="st-key-chips_"] { margin-top: -0.6rem; margin-bottom: 0.4rem; }
[class*="st-key-cite_mx_contradicts_"] [data-testid="stBaseButton-secondary"] {
  background: #fce8e6; border-color: #d93025; color: #a50e0e; font-weight: 600;
}
[class*="st-key-cite_mx_asserts_"] [data-testid="stBaseButton-secondary"] {
  background: #e6f4ea; border-color: #81c995; color: #137333;
}
[class*="st-key-matrix_"] hr { margin: 0.3rem 0 0.5rem; }
[class*="st-key-matrix_"] [data-testid="stCaptionContainer"] { line-height: 1.25; }
.passage { max-height: 55vh; overflow-y: auto; }
.st-key-results_top, [class*="st-key-row_"] { scroll-margin-top: 4.5rem; }  /* clear of the fixed header */
.passage:focus { outline: 3px solid #f9a825; outline-offset: 2px; }
[class*="st-key-passage_"] { border-left: 3px solid #f9a825; padding-left: 0.7rem; margin: 0.2rem 0 0.8rem; }
[class*="st-key-matrix_"] [data-testid="stCaptionContainer"] p {  /* wrap between words, never inside one */
  white-space: normal; overflow-wrap: normal; word-break: keep-all; hyphens: none;
}
[class*="st-key-cite_mx_"] button p { white-space: nowrap; }
</style>
"""


@st.cache_resource(show_spinner=False)
def page_icon() -> Any:
    """A 32x32 newspaper-grey icon drawn here (numpy), so the page loads nothing from outside the machine."""
    import numpy as np

    img = np.full((32, 32, 3), 255, dtype=np.uint8)
    img[3:29, 5:27] = (55, 71, 79)  # the sheet's border
    img[5:27, 7:25] = 255
    for y in (8, 12, 16, 20, 24):  # lines of text
        img[y:y + 2, 9:23] = (120, 144, 156)
    img[8:14, 9:15] = (230, 81, 0)  # the photo
    from PIL import Image

    return Image.fromarray(img)


def inject_css() -> None:
    """Add the stylesheet to the page (a style-only st.html takes no space)."""
    st.html(CSS)
