/** True when an `If-None-Match` header names the entity tag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const weak = (s: string) => s.trim().replace(/^W\//, "");
  return ifNoneMatch === "*" || ifNoneMatch.split(",").some((t) => weak(t) === weak(etag));
}
