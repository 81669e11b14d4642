"""Post-event sync to HQ (no Qt): signed bundles, USB export, idempotent upload.

Modules, each named for one noun (research/sync-reliability.md §3.3–3.4, docs/sync.md):

* :mod:`kiosk.sync.signing` — Ed25519 keys, signatures and their text forms (kiosk and HQ).
* :mod:`kiosk.sync.enrolment` — ``kiosk enrol``: the device key pair and the file/QR HQ registers.
* :mod:`kiosk.sync.bundle` — the bundle format: build, read, validate (kiosk and HQ share it).
* :mod:`kiosk.sync.export` — cut pending events into bundles on disk; copy to a USB stick and verify.
* :mod:`kiosk.sync.upload` — the HTTP protocol: nonce handshake, signed PUT, receipts, retries.
* :mod:`kiosk.sync.service` — what the facilitator panel calls: :class:`SyncStatus`, :func:`sync_all`.
"""
