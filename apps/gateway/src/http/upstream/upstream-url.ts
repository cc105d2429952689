/** The connection's upstream base URL joined with the request's rest path and query string. */
export function upstreamUrl(base: string, rest: string, search: string): URL {
  const url = new URL(base);
  const basePath = url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
  url.pathname = rest ? `${basePath}/${rest}` : basePath || "/";
  url.search = search;
  return url;
}
