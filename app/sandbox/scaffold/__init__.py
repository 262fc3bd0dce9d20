"""What every simulator is built on: error shapes, key checks and the HTTP surface.

A vendor package declares its documented error body and its words for the common
refusals (:mod:`.errors`), checks keys and tokens with :mod:`.keys`, and lists its
endpoints for :func:`.surface.vendor_app`.  The knobs (latency, faults, malformed
bodies, the clock) and the request journal are in :mod:`app.sandbox.control`;
they wrap every host the same way.
"""
