// HTTP kit: the CORS policy, one definition for API Gateway (CDK corsPreflight) and the
// local server. Origins come from deployment config; locally any origin may call.

export const corsPolicy = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
  exposeHeaders: ['x-correlation-id', 'retry-after', 'location'],
  maxAgeSeconds: 600,
};
