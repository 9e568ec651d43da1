"""Speaking HTTP: the app, its errors and middleware, one module per family of routes."""
