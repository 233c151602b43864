"""Evaluation: ROUGE against references and peer systems, and verifier accuracy on claim data."""
