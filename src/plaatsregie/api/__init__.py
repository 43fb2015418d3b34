"""The REST API (`/api/v1/`, issue 7): the same service layer, permissions and access log as the web pages."""
