"""Business profiles and the "who is coming" list exhibitors search."""
