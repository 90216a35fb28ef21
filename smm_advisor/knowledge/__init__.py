"""The knowledge base: its models, the hardened reader, validation with file:line messages, the cache."""
