"""Booths: drafts, revisions and blocks, submission, and the moderation state machine."""
