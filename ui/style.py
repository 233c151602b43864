"""The page's own CSS (no source text ever goes in here): compact citation chips, claim-matrix cell colours, a sticky passage viewer."""

from __future__ import annotations

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
.st-key-passage_viewer { position: sticky; top: 3.75rem; }
.st-key-passage_viewer .passage { max-height: 62vh; overflow-y: auto; }
</style>
"""


def inject_css() -> None:
    """Add the stylesheet to the page (a style-only st.html takes no space)."""
    st.html(CSS)
