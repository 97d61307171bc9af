// The API reference page (GET /docs): Swagger UI (swagger-ui-dist, served as its own static
// files) over /openapi.json. Our page and its start script are small strings; the renderer's
// script and style are files read on request, never bundled into the function's code.

/** Swagger UI's files the page loads, served as they are from /docs/<name>. */
export const rendererFiles = ['swagger-ui.css', 'swagger-ui-bundle.js'] as const;
export type RendererFile = (typeof rendererFiles)[number];

export const docsPage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>omnistore API reference</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/start.js"></script>
</body>
</html>
`;

/** Starts the renderer on the same /openapi.json every client reads; a script file, so the page's CSP needs no inline script. */
export const startScript = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  tryItOutEnabled: false,
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis],
});
`;

/**
 * The page's own Content-Security-Policy: scripts and styles from this origin only (Swagger UI
 * sets inline style attributes), calls to this origin only (try it out), nothing framed.
 */
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
