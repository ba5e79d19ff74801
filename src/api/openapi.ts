export function buildOpenApiDocument(): unknown {
  return {};
}
