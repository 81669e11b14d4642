"""Post-event sync to HQ (no Qt): signed bundles, USB export, idempotent upload.

Modules, each named for one noun (research/sync-reliability.md §3.3–3.4, docs/sync.md):

* :mod:`kiosk.sync.signing` — Ed25519 keys, signatures, fingerprints and their text forms (kiosk and HQ).
* :mod:`kiosk.sync.enrolment` — ``kiosk enrol``: the device key pair and the file/QR HQ registers.
* :mod:`kiosk.sync.trust` — HQ's key as the kiosk trusts it: pinned, fingerprinted, re-pinned on purpose.
* :mod:`kiosk.sync.bundle` — the bundle format: build, read, validate (kiosk and HQ share it).
* :mod:`kiosk.sync.rows` — every event of a bundle checked and turned into a row (HQ's hot path).
* :mod:`kiosk.sync.export` — bundle files, a cache of the log: cut, repaired, copied to a USB stick.
* :mod:`kiosk.sync.ledger` — what HQ acknowledged (and under which key), what it refused, the status.
* :mod:`kiosk.sync.upload` — the HTTP protocol: nonce handshake, signed PUT, receipts, retries.
* :mod:`kiosk.sync.service` — what the facilitator panel calls: :class:`SyncStatus`, :func:`sync_all`.
"""
