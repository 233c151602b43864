"""summarizer: multi-document briefings whose every sentence cites a passage that checks out."""

__version__ = "0.1.0"
