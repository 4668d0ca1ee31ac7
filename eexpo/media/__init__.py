"""Booth media: records, the upload protocol, and processing (validate -> variants -> ready)."""
