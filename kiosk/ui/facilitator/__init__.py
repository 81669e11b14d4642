"""The facilitator's screens, behind the PIN."""
