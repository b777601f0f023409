"""Pipeline steps; :mod:`subconv.pipeline` declares their order."""
