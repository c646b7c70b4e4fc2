"""What every JSON route and page shares: the API blueprint and its error shape, the OpenAPI
document, the page layout, languages, forms and error pages, the health check."""
