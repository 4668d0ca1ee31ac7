"""The exhibitor's pipeline: every lead and meeting request as a prospect to follow to a deal."""
