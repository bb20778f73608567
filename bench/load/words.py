"""The words the load test's members search for (bench/load/locustfile.py), shared with
bench/search_words.py, which times those same searches outside the stack."""

WORDS = ["engineer", "sales", "manager", "data", "design", "finance", "marketing", "product", "consultant", "founder"]
