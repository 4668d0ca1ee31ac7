"""Accounts: users, roles, exhibitor organizations, invitations, sign-in and API tokens."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from eexpo.accounts import views  # noqa: E402, F401
