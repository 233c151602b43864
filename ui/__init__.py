"""The Streamlit web UI: thin views over summarizer.service (run with `summarizer ui`)."""
