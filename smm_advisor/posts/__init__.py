"""Draft posts: counting text as each network counts it, and the checker."""
