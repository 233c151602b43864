"""The narrow LLM interface: chat backend, prompts, cache, credentials.

LangChain and the openai client stay behind :mod:`summarizer.llm.client`; the rest of
the library talks to :class:`summarizer.llm.client.ChatBackend` only.
"""
